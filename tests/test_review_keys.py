"""The review keys as real terminals deliver them: the bytes tmux (and xterm, VTE,
kitty, Windows Terminal) send for function keys and alt+digit, written into a
pseudo-terminal running the real `workbench review`. Suggestions must go into the
target from the keyboard and from the command palette."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from review_helpers import built
from review_pty import KEYS, Terminal

from workbench.review.app import ReviewApp
from workbench.store import Store

# newest first in the store: the last added is suggestion 1
SUGGESTIONS = ["Sugun alpha.", "Sugdeux beta.", "Sugtrois gamma."]


def _changed(project: Path, original: dict[str, str]) -> dict[str, str]:
    with Store.open(project, create=False) as s:
        return {u.key: u.text for u in s.units() if u.text != original[u.key]}


def _wait_text(project: Path, original: dict[str, str], want: str, timeout: float = 20.0) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        got = _changed(project, original)
        if list(got.values()) == [want] or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


def test_suggestions_go_in_with_keys_terminals_send_and_from_the_palette(built: Path, tmp_path: Path) -> None:
    project = shutil.copytree(built, tmp_path / "p")
    with Store.open(project) as s:
        original = {u.key: u.text for u in s.units()}
        sentences = [u.key for u in s.units(queue="sentences")]
        s.add_suggestions([(k, text, f"m{i}", "1", None) for k in sentences
                           for i, text in reversed(list(enumerate(SUGGESTIONS)))])
    term = Terminal(project, size=(160, 48))  # the suggestions pane in view (see the layout tests)
    try:
        term.wait_for(b"Loading")
        term.write(KEYS["ctrl+t"])  # the sentences queue
        term.wait_for(b"Sugtrois")
        steps = [("f7", KEYS["f7"], SUGGESTIONS[2]), ("f5", KEYS["f5"], SUGGESTIONS[1]),
                 ("f3", KEYS["f3"], SUGGESTIONS[0]),
                 ("palette", KEYS["f10"] + b"Insert suggestion 2", SUGGESTIONS[1])]
        for name, keys, want in steps:
            term.write(keys)
            if name == "palette":
                time.sleep(0.8)  # the palette opens and filters its commands
                term.write(b"\r")
                time.sleep(0.5)
            term.write(KEYS["ctrl+s"])
            got = _wait_text(project, original, want)
            assert list(got.values()) == [want], f"after {name}: {got}"
        term.write(KEYS["ctrl+q"])
        term.wait_closed(30)
    finally:
        term.kill()
    assert "Traceback" not in term.text, term.text[-3000:]


def test_help_names_keys_as_printed_on_the_keyboard(tmp_path: Path) -> None:
    rows = dict(ReviewApp(tmp_path)._help_rows())
    keys = " ".join(rows)
    assert "slash" not in keys and "question_mark" not in keys
    assert "/" in rows and "f1, ?" in rows
    assert any(k.startswith("f3") for k in rows) and any(k.startswith("f7") for k in rows)


def test_every_bound_action_has_a_palette_entry() -> None:
    bound = {b.action for b in ReviewApp.BINDINGS} - {"filter(True)"}  # search is the filter dialog
    assert bound <= {a for a, _ in ReviewApp.PALETTE}


def test_history_and_concordance_open_with_the_bytes_a_terminal_sends(built: Path, tmp_path: Path) -> None:
    project = shutil.copytree(built, tmp_path / "p")
    term = Terminal(project, size=(80, 24))
    try:
        term.wait_for(b"Loading")
        term.wait_for(b"HTER")
        term.write(KEYS["ctrl+l"])
        term.wait_for(b"History")
        term.write(KEYS["esc"])
        time.sleep(0.5)
        term.write(KEYS["ctrl+g"])
        term.wait_for(b"Concordance")
        term.write(b"Turquie")
        term.wait_for(b"hit(s)")
        term.write(KEYS["esc"])
        time.sleep(0.5)
        term.write(KEYS["ctrl+q"])
        term.wait_closed(30)
    finally:
        term.kill()
    assert "Traceback" not in term.text, term.text[-3000:]
