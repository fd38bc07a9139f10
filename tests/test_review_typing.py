"""A fast typist on a real terminal: words and the key that confirms, moves, saves,
switches queue or quits arrive in ONE write (what a paste, SSH or quick fingers
deliver in one read), at the busiest moments: while the project is still loading,
while a move is being handled, while a save runs, as the autosave fires. Every word
must end up in the unit it was typed in, at the place it was typed.

The real `workbench review` runs in a pseudo-terminal of 80x24; a model of the
editor (cursor at the start of each unit shown, words inserted there) says what the
store must hold afterwards.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from review_helpers import built
from review_pty import KEYS, Terminal

from workbench.review.app import SAVE_DELAY
from workbench.store import Store

SESSIONS = 5
ROUNDS = 50  # writes holding a word and an action, over all sessions
SEED = 20260512


@dataclass
class Model:
    """What the editor does with the keys, per unit: the text and where the cursor is."""
    queues: dict[str, list[str]]
    text: dict[str, str]
    status: dict[str, str]
    queue: str = "titles"
    cursor: dict[str, int] = field(default_factory=lambda: {"titles": 0, "sentences": 0})
    caret: int = 0
    where: dict[str, str] = field(default_factory=dict)  # word -> key of the unit it was typed in

    @property
    def key(self) -> str:
        return self.queues[self.queue][self.cursor[self.queue]]

    def type(self, word: str) -> None:
        t = self.text[self.key]
        self.text[self.key] = t[:self.caret] + word + t[self.caret:]
        self.caret += len(word)
        self.where[word.strip()] = self.key
        self.status[self.key] = "draft"  # (editing a confirmed unit sets it back to draft too)

    def shown(self) -> None:
        self.caret = 0  # a unit is shown with the cursor at the start of its text

    def move(self, delta: int) -> None:
        n = len(self.queues[self.queue])
        new = max(0, min(self.cursor[self.queue] + delta, n - 1))
        if new != self.cursor[self.queue]:
            self.cursor[self.queue] = new
            self.shown()

    def confirm(self) -> None:
        self.status[self.key] = "confirmed"
        keys = self.queues[self.queue]
        c = self.cursor[self.queue]
        for step in range(1, len(keys) + 1):
            j = (c + step) % len(keys)
            if self.status[keys[j]] != "confirmed":
                self.cursor[self.queue] = j
                break
        self.shown()

    def switch(self) -> None:
        self.queue = "sentences" if self.queue == "titles" else "titles"
        self.shown()


# A round: one write of a word (or two) and actions. Each builder returns the bytes
# and applies the same keys to the model.
def _confirm(m: Model, w: str) -> bytes:
    m.type(w + " "), m.confirm()
    return f"{w} ".encode() + KEYS["ctrl+j"]


def _next(m: Model, w: str) -> bytes:
    m.type(w + " "), m.move(1)
    return f"{w} ".encode() + KEYS["ctrl+n"]


def _alt_next(m: Model, w: str) -> bytes:
    m.type(w + " "), m.move(1)
    return f"{w} ".encode() + KEYS["alt+down"]


def _back(m: Model, w: str) -> bytes:
    m.type(w + " "), m.move(-1)
    return f"{w} ".encode() + KEYS["ctrl+p"]


def _between_moves(m: Model, w: str) -> bytes:
    m.move(1), m.type(w + " "), m.move(1)  # typed while the first move is being handled
    return KEYS["ctrl+n"] + f"{w} ".encode() + KEYS["ctrl+n"]


def _around_save(m: Model, w: str) -> bytes:
    m.type(w + "a "), m.type(w + "b "), m.confirm()  # the second half arrives during the save
    return f"{w}a ".encode() + KEYS["ctrl+s"] + f"{w}b ".encode() + KEYS["ctrl+j"]


def _queue(m: Model, w: str) -> bytes:
    m.type(w + " "), m.switch()
    return f"{w} ".encode() + KEYS["ctrl+t"]


def _paste(m: Model, w: str) -> bytes:
    m.type(f"{w} collé "), m.move(1)  # a bracketed paste, then the next unit
    return b"\x1b[200~" + f"{w} collé ".encode() + b"\x1b[201~" + KEYS["ctrl+n"]


MIDDLE = [_confirm, _next, _alt_next, _back, _between_moves, _around_save, _queue, _paste]


def test_words_typed_with_an_action_in_one_write_land_in_their_unit(built: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    with Store.open(built, create=False) as s:
        queues = {q: [u.key for u in s.units(queue=q)] for q in ("titles", "sentences")}
        original = {u.key: u.text for u in s.units()}
    per_session = [ROUNDS // SESSIONS + (i < ROUNDS % SESSIONS) for i in range(SESSIONS)]
    rounds: list[list[str]] = []  # the words of each round
    lost: set[str] = set()
    kinds: set[str] = set()
    problems: list[str] = []
    for n, count in enumerate(per_session):
        project = shutil.copytree(built, tmp_path / f"p{n}")
        m = Model(queues, dict(original), dict.fromkeys(original, "new"))
        term = Terminal(project)
        try:
            # Just after open: the first frame is on screen, the project still loading.
            term.wait_for(b"Loading")
            time.sleep(rng.choice([0.0, 0.0, rng.uniform(0.05, 0.6)]))
            before = len(m.where)
            term.write(_confirm(m, f"o{n}x"))
            rounds.append(list(m.where)[before:])
            for i in range(count - 2):
                before = len(m.where)
                if rng.random() < 0.25:
                    # Typing, then the rest of the word and the action as the autosave fires.
                    first = f"v{n}x{i}"
                    m.type(first + " ")
                    term.write(f"{first} ".encode())
                    time.sleep(SAVE_DELAY + rng.uniform(-0.05, 0.05))
                else:
                    time.sleep(rng.choice([0.0, rng.uniform(0.0, 0.3)]))  # often while the last one runs
                kind = rng.choice(MIDDLE)
                kinds.add(kind.__name__)
                term.write(kind(m, f"w{n}x{i}"))
                rounds.append(list(m.where)[before:])
            time.sleep(rng.uniform(0.0, 0.2))
            term.write(f"q{n}x ".encode() + KEYS["ctrl+q"])  # a word, then quit, in one write
            m.type(f"q{n}x ")
            rounds.append([f"q{n}x"])
            term.wait_closed(30)
        finally:
            term.kill()
        assert "Traceback" not in term.text, term.text[-3000:]
        with Store.open(project, create=False) as s:
            for word, key in m.where.items():
                if word not in s.unit(key).text:
                    lost.add(word)
                    elsewhere = [u.key for u in s.units() if word in u.text]
                    problems.append(f"session {n}: {word!r} not in {key} (found in {elsewhere})")
            for key, text in m.text.items():
                if text != original[key]:
                    u = s.unit(key)
                    if (u.text, u.status) != (text, m.status[key]):
                        problems.append(f"session {n}: {key}: stored {(u.text[:50], u.status)}, "
                                        f"typed {(text[:50], m.status[key])}")
    bad = sum(any(w in lost for w in words) for words in rounds)
    print(f"\ntyping rounds: {len(rounds)}, rounds with a word lost or misplaced: {bad}")
    assert len(rounds) >= ROUNDS and kinds == {k.__name__ for k in MIDDLE}
    assert not problems, "\n".join(problems)
