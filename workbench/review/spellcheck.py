"""Spelling in the target editor: misspelt words underlined as the reviewer types,
Hunspell's suggestions for the word under the cursor in the Suggestions pane, and
a key that adds the word under the cursor to the project dictionary.

The check is the build's (`spelling.Speller`: Hunspell fr_FR, the glossary, the
project dictionary `glossary/dictionary.txt`, and the names of the corpus, mined
here from the units' machine text), so the editor and the QA pane agree. Loading
the dictionary and checking a text run in a thread worker, a moment after the last
keystroke (`CHECK_DELAY`): typing never waits for them. An answer for a text the
reviewer has typed past is dropped, and an underline is drawn only where the
editor still holds the word it was found on, so a stale answer never marks the
wrong letters.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from ..project import Project
from ..spelling import core_word

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from ..spelling import Misspelling, Speller

CHECK_DELAY = 0.25  # seconds of quiet typing before the text is checked
MARK_STYLE = Style(underline=True, color="red")
MAX_LISTED = 3  # misspellings listed in the Suggestions pane when the cursor is on none


@dataclass(frozen=True)
class Mark:
    """A misspelt word in the editor: row and columns in the document, as typed."""

    row: int
    start: int
    end: int
    word: str
    suggestions: tuple[str, ...]


def marks_of(text: str, found: list[Misspelling]) -> list[Mark]:
    """The misspellings of a text (offsets) as editor positions (row, columns)."""
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    out = []
    row = 0
    for m in sorted(found, key=lambda m: m.start):
        while row + 1 < len(starts) and starts[row + 1] <= m.start:
            row += 1
        out.append(Mark(row, m.start - starts[row], m.end - starts[row], m.word, m.suggestions))
    return out


def by_row(marks: list[Mark]) -> dict[int, list[Mark]]:
    out: dict[int, list[Mark]] = {}
    for m in marks:
        out.setdefault(m.row, []).append(m)
    return out


def mark_at(marks: list[Mark], row: int, col: int) -> Mark | None:
    """The mark the cursor is in or just after (the end of a word typed)."""
    return next((m for m in marks if m.row == row and m.start <= col <= m.end), None)


def word_at(line: str, col: int) -> str | None:
    """The word of a line the cursor is in or just after."""
    from ..spelling import WORD

    return next((m.group() for m in WORD.finditer(line) if m.start() <= col <= m.end()), None)


def still_there(line: str, m: Mark) -> bool:
    return line[m.start:m.end] == m.word


def spelling_lines(marks: list[Mark], current: Mark | None, add_key: str) -> Text:
    """What the Suggestions pane says about spelling: the word under the cursor and
    its suggestions, else the unit's misspellings (empty when there are none)."""
    t = Text()
    shown = [current] if current is not None else marks[:MAX_LISTED]
    for m in shown:
        t.append("spelling ", style="bold red")
        t.append(m.word, style="underline")
        t.append(" → ")
        t.append(" · ".join(m.suggestions) if m.suggestions else "no suggestion",
                 style="cyan" if m.suggestions else "dim")
        t.append("\n")
    if current is not None:
        t.append(f"    {add_key} adds it to the dictionary\n", style="dim")
    elif len(marks) > MAX_LISTED:
        t.append(f"    … and {len(marks) - MAX_LISTED} more\n", style="dim")
    return t


def project_speller(project: Project | Path, store, glossary) -> Speller:
    """The build's speller for this project: Hunspell, the glossary, the project
    dictionary and the corpus's names (mined from the units' machine text and the
    reviewers' text). Hunspell's verdicts from earlier builds are read, not written."""
    from ..proofing import dictionary_path
    from ..spelling import (
        ProjectWords,
        Speller,
        name_inventory,
        read_dictionary,
        verdict_cache,
    )

    units = store.units()
    texts = [u.mt for u in units] + [u.text for u in units if u.text != u.mt]
    words = read_dictionary(dictionary_path(project))
    speller = Speller(ProjectWords.build(glossary, words, name_inventory(texts)), verdict_cache())
    speller.cache = None  # the build owns the verdict file: the editor only reads it
    return speller


class EditorSpelling:
    """The editor's spell checking, for a review app with a `TargetEditor` (#target);
    `redraw` redraws the Suggestions pane (with `pane_lines()` in it)."""

    def __init__(self, app: App, project: Project | Path, redraw: Callable[[], None]) -> None:
        self.app = app
        self.redraw = redraw
        self.project = project
        self.speller: Speller | None = None
        self.off: str | None = None  # why spelling is off, when it is
        self.marks: list[Mark] = []
        self.current: Mark | None = None  # the mark under the cursor
        self._timer: Timer | None = None
        self._lock = threading.Lock()  # one thread at a time in the speller
        self._asked = 0  # generation of the last text sent to the checker
        self._answered = 0  # generation of the last answer shown

    @property
    def editor(self):
        # the review screen's editor, also while a dialog is on top (a check answered then)
        return self.app.screen_stack[0].query_one("#target")

    @property
    def settled(self) -> bool:
        """Loaded (or off), and the editor's text checked: for tests and snapshots."""
        return (self.speller is not None or self.off is not None) and self._timer is None \
            and self._answered == self._asked

    # --- loading

    def start(self, store, glossary) -> None:
        """Load the speller in a thread (`store`: the app's, which is thread-safe)."""
        self.app.run_worker(partial(self._load, store, glossary), thread=True, group="spelling-load",
                            exclusive=True, exit_on_error=False)

    def _load(self, store, glossary) -> None:
        from ..spelling import SpellingUnavailable
        from ..store import StoreError

        try:
            speller = project_speller(self.project, store, glossary)
            speller.known("de")  # loads nothing when the verdicts are cached; else Hunspell now
        except (SpellingUnavailable, StoreError, OSError, ValueError) as e:
            self._call(self._loaded, None, f"spelling is off: {e}")
            return
        self._call(self._loaded, speller, None)

    def _call(self, fn, *args) -> None:
        with contextlib.suppress(RuntimeError):  # the app has closed meanwhile: nothing to show
            self.app.call_from_thread(fn, *args)

    def _loaded(self, speller: Speller | None, why: str | None) -> None:
        self.speller, self.off = speller, why
        self.changed()

    # --- checking

    def changed(self) -> None:
        """The editor's text changed (typing, a new unit): check it once typing pauses."""
        doc = self.editor.document
        kept = [m for m in self.marks if m.row < doc.line_count and still_there(doc.get_line(m.row), m)]
        if len(kept) != len(self.marks):  # the words typed over (or another unit) lose theirs now
            self.show(kept)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(CHECK_DELAY, self._check_now)

    def _check_now(self) -> None:
        self._timer = None
        if self.speller is None or not self.app.screen_stack:
            return  # not loaded, or the app is closing (its screens are gone)
        self._asked += 1
        self.app.run_worker(partial(self._check, self.editor.text, self._asked), thread=True,
                            group="spelling", exit_on_error=False)

    def _check(self, text: str, generation: int) -> None:
        speller = self.speller
        assert speller is not None  # asked only once loaded
        try:
            with self._lock:
                found = speller.check(text)
        except Exception:  # a checker that fails must not take the review screen down
            found = []
        self._call(self._checked, marks_of(text, found), generation)

    def _checked(self, marks: list[Mark], generation: int) -> None:
        if generation < self._answered:
            return  # an older text's answer arriving late
        self._answered = generation
        if generation != self._asked:
            return  # typed past it: the newer answer is on its way
        self.show(marks)

    def show(self, marks: list[Mark]) -> None:
        self.marks = marks
        self.editor.show_marks(by_row(marks))
        self.cursor_moved(force=True)

    # --- the cursor and the Suggestions pane

    def cursor_moved(self, force: bool = False) -> None:
        row, col = self.editor.cursor_location
        current = mark_at(self.marks, row, col)
        if current is not None and not still_there(self.editor.document.get_line(row), current):
            current = None
        if force or current != self.current:
            self.current = current
            self.redraw()

    def pane_lines(self, add_key: str) -> Text:
        return spelling_lines(self.marks, self.current, add_key)

    # --- the project dictionary

    def accepts(self, finding: dict) -> bool:
        """A stored `spelling` finding whose word the project dictionary now knows (added
        since the last build): the QA pane leaves it out."""
        speller = self.speller
        return (finding.get("kind") == "spelling" and speller is not None
                and core_word(finding.get("term", "")).casefold() in speller.project.words)

    def add_word_under_cursor(self) -> str:
        """Add the word under the cursor to `glossary/dictionary.txt`; what to tell the reviewer."""
        from ..proofing import dictionary_path
        from ..spelling import add_to_dictionary

        editor = self.editor
        row, col = editor.cursor_location
        line = editor.document.get_line(row)
        mark = mark_at(self.marks, row, col)
        word = mark.word if mark is not None and still_there(line, mark) else word_at(line, col)
        if not word:
            return "no word under the cursor"
        word = core_word(word)
        if mark is None and self.speller is not None:
            with self._lock:
                if self.speller.known(word):
                    return f"{word!r} is already accepted"
        try:
            added = add_to_dictionary(dictionary_path(self.project), [word])
        except ValueError as e:
            return str(e)
        except OSError as e:
            return f"cannot write the project dictionary ({e.strerror})"
        if self.speller is not None:
            with self._lock:
                self.speller.accept([word])
        folded = word.casefold()
        self.show([m for m in self.marks if core_word(m.word).casefold() != folded])
        self.changed()  # the inflections too (eurasiennes after eurasienne)
        return f"added {word!r} to the project dictionary" if added else f"{word!r} is in the project dictionary"
