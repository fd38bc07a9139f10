"""Spelling in the review editor: misspelt words underlined as the reviewer types
(checked in a worker thread), suggestions for the word under the cursor in the
Suggestions pane, and a key (and a palette entry) that adds the word under the
cursor to the project dictionary, which removes its underline."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from review_helpers import built, proj, review, run
from review_pty import KEYS, Terminal

from workbench import spelling
from workbench.review.app import ReviewApp
from workbench.review.spellcheck import MARK_STYLE, marks_of, word_at
from workbench.spelling import Misspelling

NEW_WORD = "zalesskienne"  # no French word is near it: flagged, with no suggestion
TYPO = "économiqe"  # économique with a letter dropped


async def settled(app, pilot) -> None:
    for _ in range(1500):
        if app.spelling.settled:
            break
        await pilot.pause(0.02)
    assert app.spelling.settled, "the spelling check did not answer"


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


def underlined(editor, row: int) -> list[str]:
    line = editor.get_line(row)
    return [line.plain[s.start:s.end] for s in line.spans if s.style == MARK_STYLE]


def dictionary(project: Path) -> list[str]:
    return spelling.read_dictionary(project / "glossary" / "dictionary.txt")


def test_marks_follow_rows_and_columns() -> None:
    text = "Une ligne\ndeux motz ici\ntrois"
    marks = marks_of(text, [Misspelling(15, 19, "motz", ("mots",))])
    assert [(m.row, m.start, m.end, m.word) for m in marks] == [(1, 5, 9, "motz")]
    assert word_at("deux motz ici", 9) == "motz" and word_at("deux motz ici", 4) == "deux"
    assert word_at("l'économie va", 3) == "l'économie"


def test_typing_underlines_suggests_and_the_key_adds_the_word(proj: Path) -> None:
    threads: list[str] = []
    check = spelling.Speller.check

    def recorded(self, text, suggestions=True):
        threads.append(threading.current_thread().name)
        return check(self, text, suggestions)

    async def go() -> None:
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+t")  # the sentences queue: French body text
            await settled(app, pilot)
            editor = app.editor
            await pilot.press("ctrl+e")  # the end of the first line
            await type_text(pilot, f" Une {TYPO}")
            await settled(app, pilot)
            row = editor.cursor_location[0]
            assert TYPO in underlined(editor, row)
            pane = app.query_one("#suggestions").text.plain
            assert f"spelling {TYPO} → économique" in pane  # the word under the cursor, first

            await type_text(pilot, f" {NEW_WORD}")
            await settled(app, pilot)
            assert underlined(editor, row)[-2:] == [TYPO, NEW_WORD]
            pane = app.query_one("#suggestions").text.plain
            assert f"spelling {NEW_WORD} → no suggestion" in pane and "f12 adds it to the dictionary" in pane

            await pilot.press("f12")
            assert dictionary(proj) == [NEW_WORD]
            assert NEW_WORD not in underlined(editor, row) and TYPO in underlined(editor, row)
            await settled(app, pilot)
            assert NEW_WORD not in underlined(editor, row)
            # its feminine plural is known too; the typo is still flagged after a re-check
            await type_text(pilot, f" {NEW_WORD}s")
            await settled(app, pilot)
            assert underlined(editor, row) == [TYPO]
            assert "économique" in app.query_one("#suggestions").text.plain  # the unit's misspellings

            await pilot.press("ctrl+s")
        assert threads and "MainThread" not in threads  # never on the UI thread

    spelling.Speller.check = recorded
    try:
        run(go())
    finally:
        spelling.Speller.check = check


def test_a_word_already_accepted_is_not_added(proj: Path) -> None:
    async def go() -> None:
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+t", "ctrl+a")  # the start of the first word
            await settled(app, pilot)
            await pilot.press("f12")
            assert "already accepted" in app.message
            assert dictionary(proj) == []

    run(go())


def test_a_word_added_leaves_the_qa_pane(proj: Path) -> None:
    from workbench.store import Store

    with Store.open(proj) as s:
        sentences = s.units(queue="sentences")
        found = s.findings(kind="spelling")
    unit, finding = next((u, f) for f in found for u in sentences
                         if u.file == f.file and u.line_start is not None and u.line_end is not None
                         and u.line_start <= f.line <= u.line_end and f.found in u.text)

    async def go() -> None:
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+t")
            app.live_session.go_to_key(unit.key)
            app._show_queue()
            await settled(app, pilot)
            word = finding.found
            assert word in app.query_one("#findings").text.plain
            assert word in underlined(app.editor, 0)  # the editor and the build agree
            app.editor.cursor_location = (0, app.editor.text.index(word) + 1)
            await pilot.press("f12")
            assert spelling.core_word(word) in dictionary(proj)
            assert word not in app.query_one("#findings").text.plain
            assert word not in underlined(app.editor, 0)

    run(go())


def test_the_key_and_the_palette_as_a_terminal_sends_them(built: Path, tmp_path: Path) -> None:
    project = shutil.copytree(built, tmp_path / "p")
    term = Terminal(project, size=(100, 30))
    try:
        term.wait_for(b"Loading")
        term.write(KEYS["ctrl+t"])
        time.sleep(1.0)
        term.write(NEW_WORD.encode() + b" " + KEYS["left"])  # the cursor at the end of the word
        term.write(KEYS["f12"])
        deadline = time.monotonic() + 30
        while not dictionary(project) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert dictionary(project) == [NEW_WORD]
        other = "brivelienne"
        term.write(KEYS["ctrl+a"] + other.encode() + b" " + KEYS["left"])
        term.write(KEYS["f10"] + b"Add word to the dictionary")
        time.sleep(0.8)  # the palette opens and filters its commands
        term.write(b"\r")
        while len(dictionary(project)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert dictionary(project) == [other, NEW_WORD]
        term.write(KEYS["f12"])  # again: the word is there already
        term.write(KEYS["ctrl+q"])
        term.wait_closed(30)
    finally:
        term.kill()
    assert "Traceback" not in term.text, term.text[-3000:]


def test_spelling_snapshot_80x24(proj: Path, snap_compare) -> None:
    async def typed(pilot) -> None:
        app = pilot.app
        for _ in range(400):
            if app.loaded and app._lexicon_ready:
                break
            await pilot.pause(0.02)
        target = app.query_one("#target")
        target.cursor_blink = False
        target._line_cache.clear()  # a line drawn in the blink's off phase would be reused without the cursor
        target.refresh()
        await pilot.press("ctrl+t", "ctrl+e")
        await type_text(pilot, f" Une {TYPO}")
        await pilot.press("ctrl+s")  # saved: the status bar says so whatever the timing
        await settled(app, pilot)
        await pilot.pause()

    assert snap_compare(ReviewApp(proj), terminal_size=(80, 24), run_before=typed)


def test_help_and_palette_offer_the_dictionary() -> None:
    assert ("add_word", "Add word to the dictionary") in ReviewApp.PALETTE
    keys = {k for b in ReviewApp.BINDINGS if b.action == "add_word" for k in b.key.split(",")}
    assert "f12" in keys and "ctrl+g" not in keys  # ctrl+g opens the concordance

