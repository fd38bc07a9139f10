"""Saves that fail under the review screen: a conflict with another reviewer, a
rebuild that moved lines, re-keyed or removed the open unit, a full disk, a database
locked by another program or lost. In every case the reviewer's text stays on screen
and in a recovery file inside the project, the status bar says what happened in one
line, and the screen goes on (retrying by itself where that can help)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from review_helpers import BOOK, built, proj, review, run
from textual import events
from textual.widgets import TextArea

from workbench.review import app as app_module
from workbench.review import recovery
from workbench.review.screens import ConflictScreen
from workbench.store import Store

# Two sentences of the book, as printed in the corpus file (lines 17 and 19).
CELEBRATED = ("En mars 2022, Minsk et Ankara ont célébré le", "30e anniversaire de leurs relations diplomatiques.")
CELEBRATED_MT = "En mars 2022, Minsk et Ankara ont célébré le 30e anniversaire de leurs relations diplomatiques."


def editor(app) -> TextArea:
    return app.query_one("#target", TextArea)


def status(app) -> str:
    return str(app.query_one("#statusbar").render())


def banner(app) -> str:
    b = app.query_one("#banner")
    return str(b.render()) if b.display else ""


def recoveries(project: Path) -> list[dict]:
    d = project / ".workbench" / "recovery"
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(d.glob("*.json"))] if d.is_dir() else []


async def settle(pilot) -> None:
    """Until every key sent has been handled (and what it triggered has run)."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        if not app._inputs and not app._input_ticket:
            break
    await pilot.pause()


async def burst(pilot, *keys: str) -> None:
    """Keys as one terminal read delivers them: all queued before any is handled."""
    for key in keys:
        char = " " if key == "space" else key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, char))
    await settle(pilot)


async def type_text(pilot, app, text: str, replace: bool = True) -> None:
    ed = editor(app)
    ed.focus()
    if replace:
        ed.select_all()
        await pilot.press("backspace")
    await burst(pilot, *[("space" if ch == " " else ch) for ch in text])


def sentence_key(project: Path, mt: str) -> str:
    with Store.open(project, create=False) as s:
        return next(u.key for u in s.units(queue="sentences") if u.mt == mt)


async def open_unit(pilot, app, key: str) -> None:
    assert app.session.go_to_key(key)
    app._show_queue()
    editor(app).focus()
    await settle(pilot)
    assert app.row.key == key


def rebuild(project: Path, edit) -> None:
    """Change the book as a better extraction would, then a real `build`."""
    from workbench.pipeline import build_project

    path = project / "corpus" / BOOK
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with Store.open(project) as s:
        build_project(s, project)


class FaultyConnection:
    """The store's connection, but every write fails the way SQLite reports a full
    disk, until `healed`."""

    def __init__(self, conn: sqlite3.Connection, error: str) -> None:
        self._conn, self.error, self.healed = conn, error, False

    def execute(self, sql: str, *args):
        if not self.healed and sql.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
            raise sqlite3.OperationalError(self.error)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


# --- conflicts ----------------------------------------------------------------------------

def _other_reviewer_edits(project: Path, key: str, text: str) -> None:
    subprocess.run([sys.executable, "-c", "import sys; from workbench.store import Store; "
                    "Store.open(sys.argv[1]).edit(sys.argv[2], sys.argv[3], who='other', blind_write=True)",
                    str(project), key, text], check=True)


@pytest.mark.parametrize("choice", ["mine", "theirs", "enter on keep mine"])
def test_conflict_is_a_banner_and_the_dialog_opens_on_f4_only(proj: Path, choice: str) -> None:
    async def go():
        async with review(proj) as (app, pilot):
            key = app.row.key
            _other_reviewer_edits(proj, key, "Leur version")
            await type_text(pilot, app, "Ma version")
            await pilot.press("ctrl+s")
            await settle(pilot)
            # No dialog: the editor keeps the keyboard, a banner and the status bar say why.
            assert not isinstance(app.screen, ConflictScreen) and app.focused is editor(app)
            assert "changed by other" in banner(app) and "f4" in banner(app)
            assert "NOT SAVED: changed meanwhile (f4)" in status(app)
            [rec] = recoveries(proj)
            assert (rec["key"], rec["text"], rec["who"]) == (key, "Ma version", "tester")
            assert rec["time"] and "changed by other" in rec["reason"]
            # Typing goes on; no plain letter answers for the reviewer.
            await type_text(pilot, app, " tk", replace=False)
            await pilot.press("ctrl+j")  # cannot confirm over a conflict
            await settle(pilot)
            assert editor(app).text == "Ma version tk" and app.row.key == key
            assert recoveries(proj)[0]["text"] == "Ma version tk"
            await pilot.press("f4")
            await settle(pilot)
            assert isinstance(app.screen, ConflictScreen) and app.screen.focused.id == "later"
            await burst(pilot, "k", "t", "m")
            assert isinstance(app.screen, ConflictScreen)
            if choice == "mine":
                await pilot.press("ctrl+k")
            elif choice == "theirs":
                await pilot.press("ctrl+t")
            else:
                await pilot.press("shift+tab", "shift+tab", "enter")  # later -> theirs -> mine
            await settle(pilot)
            assert not isinstance(app.screen, ConflictScreen)
            assert not banner(app) and "NOT SAVED" not in status(app)
            return key, editor(app).text

    key, shown = run(go())
    with Store.open(proj, create=False) as s:
        u = s.unit(key)
        history = s.history(key)
    texts = {h.new_text for h in history}
    assert {"Leur version", "Ma version tk"} <= texts  # both kept, whichever was chosen
    if choice == "theirs":
        assert u.text == shown == "Leur version"
        assert [(h.action, h.who) for h in history] == [("edit", "other"), ("aside", "tester")]
    else:
        assert u.text == shown == "Ma version tk"
        assert [(h.action, h.who) for h in history] == [("edit", "other"), ("edit", "tester")]
    assert recoveries(proj) == []


def test_ctrl_q_in_the_conflict_dialog_opens_no_second_one_and_reopening_offers_the_text(proj: Path) -> None:
    async def first():
        async with review(proj) as (app, pilot):
            key = app.row.key
            _other_reviewer_edits(proj, key, "Leur version")
            await type_text(pilot, app, "Ma version")
            await pilot.press("ctrl+s", "f4")
            await settle(pilot)
            assert isinstance(app.screen, ConflictScreen)
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert len(app.screen_stack) == 1 and app.is_running  # closed, no second dialog
            assert "ctrl+q again" in status(app) and "ctrl+q again" in banner(app)
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert not app.is_running
            return key

    key = run(first())
    assert [r["text"] for r in recoveries(proj)] == ["Ma version"]
    p = subprocess.run([sys.executable, "-m", "workbench", "status", "--project", str(proj), "--format", "json"],
                       capture_output=True, text=True, check=True)
    assert json.loads(p.stdout)["recoveries"]["pending"] == 1

    async def second():
        async with review(proj) as (app, pilot):
            assert app.row.key == key  # opens on the unit with unsaved work
            assert editor(app).text == "Ma version"
            assert "differ" in banner(app) and "recovered" in status(app)
            await pilot.press("f4")
            await settle(pilot)
            assert isinstance(app.screen, ConflictScreen)
            await pilot.press("ctrl+k")
            await settle(pilot)
    run(second())
    with Store.open(proj, create=False) as s:
        assert s.unit(key).text == "Ma version"
    assert recoveries(proj) == []


def test_recovered_text_of_an_unchanged_unit_is_saved_and_ctrl_z_takes_it_out(proj: Path, monkeypatch) -> None:
    monkeypatch.setattr(app_module, "SAVE_DELAY", 30)  # only the keys save here
    with Store.open(proj, create=False) as s:
        a, b = s.units(queue="titles")[3:5]
    for u, text in ((a, "Texte perdu A"), (b, "Texte perdu B")):
        recovery.write(proj, recovery.Recovery(key=u.key, text=text, who="tester", time=recovery.now(),
                                               reason="not saved: the disk is full", unit_id=u.id, queue=u.queue,
                                               file=u.file, base_version=u.version, base_text=u.text, mt=u.mt))

    async def go():
        async with review(proj) as (app, pilot):
            assert app.row.key == a.key and editor(app).text == "Texte perdu A"
            assert "2 unsaved texts recovered" in status(app)
            await pilot.press("ctrl+s")
            await pilot.press("f4")  # to the next recovered text
            await settle(pilot)
            assert app.row.key == b.key and editor(app).text == "Texte perdu B"
            await pilot.press("ctrl+z")  # not wanted: back to the stored text
            await pilot.press("ctrl+n")
            await settle(pilot)
    run(go())
    with Store.open(proj, create=False) as s:
        assert s.unit(a.key).text == "Texte perdu A"
        assert s.unit(b.key).text == b.text
        assert [(h.action, h.new_text) for h in s.history(b.key)] == [("aside", "Texte perdu B")]
    assert recoveries(proj) == []


# --- rebuilds -----------------------------------------------------------------------------

def test_rebuild_that_only_moves_lines_raises_no_conflict(proj: Path) -> None:
    key = sentence_key(proj, CELEBRATED_MT)

    async def go():
        async with review(proj) as (app, pilot):
            await open_unit(pilot, app, key)
            line = app.row.line_start
            rebuild(proj, lambda t: "\n\n\n\n" + t)  # two more blank-separated lines at the top
            with Store.open(proj, create=False) as s:
                moved = s.unit(key)
            assert moved is not None and moved.line_start == line + 4
            await type_text(pilot, app, "Minsk et Ankara ont fêté 30 ans de relations.")
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert not banner(app) and "NOT SAVED" not in status(app)
    run(go())
    with Store.open(proj, create=False) as s:
        assert s.unit(key).text == "Minsk et Ankara ont fêté 30 ans de relations."


@pytest.mark.parametrize("worked", [False, True], ids=["pristine", "with earlier edit"])
def test_rebuild_that_rekeys_the_open_unit_is_followed(proj: Path, worked: bool) -> None:
    key = sentence_key(proj, CELEBRATED_MT)
    if worked:
        with Store.open(proj) as s:
            s.edit(key, "Une première correction.", who="tester", blind_write=True)

    async def go():
        async with review(proj) as (app, pilot):
            await open_unit(pilot, app, key)
            # A better extraction fixes a word: the sentence gets a new key.
            rebuild(proj, lambda t: t.replace(CELEBRATED[0], CELEBRATED[0].replace("célébré", "fêté")))
            with Store.open(proj, create=False) as s:
                assert s.unit(key) is None
            await type_text(pilot, app, "Minsk et Ankara ont fêté 30 ans de relations.")
            await pilot.press("ctrl+j")
            await settle(pilot)
            assert app.row.key != key and "NOT SAVED" not in status(app)
    run(go())
    with Store.open(proj, create=False) as s:
        [u] = [u for u in s.units(queue="sentences") if u.text == "Minsk et Ankara ont fêté 30 ans de relations."]
        assert u.key != key and "fêté" in u.mt and u.status == "confirmed"
        if worked:  # the same row, its history intact under the new key
            assert [h.action for h in s.history(u.key)] == ["edit", "reattach", "edit", "status"]
    assert recoveries(proj) == []


def test_rebuild_that_removes_the_open_unit_keeps_the_text(proj: Path) -> None:
    key = sentence_key(proj, CELEBRATED_MT)

    async def go():
        async with review(proj) as (app, pilot):
            await open_unit(pilot, app, key)
            rebuild(proj, lambda t: t.replace(CELEBRATED[0], "Rien de tel ne fut jamais vu ni entendu par")
                    .replace(CELEBRATED[1], "quiconque dans ces contrées lointaines du nord."))
            await type_text(pilot, app, "Mon texte sans unité")
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert app.is_running and editor(app).text == "Mon texte sans unité"
            assert "removed by a rebuild" in status(app) and "removed by a rebuild" in banner(app)
            [rec] = recoveries(proj)
            assert (rec["key"], rec["text"]) == (key, "Mon texte sans unité")
            await pilot.press("ctrl+n")  # the same key again: leave it in the recovery file
            await settle(pilot)
            assert app.row is not None and app.row.key != key
            assert app.is_running
    run(go())
    assert [r["text"] for r in recoveries(proj)] == ["Mon texte sans unité"]


# --- full disk, locked and lost databases ----------------------------------------------------

def test_full_disk_keeps_the_text_and_saves_it_once_there_is_room(proj: Path, monkeypatch) -> None:
    monkeypatch.setitem(app_module.RETRY_DELAY, "full", 0.3)

    async def go():
        async with review(proj) as (app, pilot):
            key = app.row.key
            faulty = FaultyConnection(app.store._conn, "database or disk is full")
            app.store._conn = faulty
            await type_text(pilot, app, "Écrit sur un disque plein")
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert app.row.key == key and editor(app).text == "Écrit sur un disque plein"
            assert "NOT SAVED: disk full" in status(app) and "disk is full" in banner(app)
            assert "ctrl+n again" in status(app) and "ctrl+n again" in banner(app)
            [rec] = recoveries(proj)
            assert rec["text"] == "Écrit sur un disque plein" and "disk is full" in rec["reason"]
            await pilot.press("ctrl+n")  # again: on to the next unit, the text waits in its file
            await settle(pilot)
            assert app.row.key != key
            faulty.healed = True  # room again: the retry saves it without a key pressed
            await pilot.pause(0.8)
            await settle(pilot)
            return key
    key = run(go())
    with Store.open(proj, create=False) as s:
        assert s.unit(key).text == "Écrit sur un disque plein"
    assert recoveries(proj) == []


def test_locked_database_is_retried_automatically(proj: Path) -> None:
    async def go():
        async with review(proj) as (app, pilot):
            key = app.row.key
            other = sqlite3.connect(proj / ".workbench" / "workbench.db", isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
            await type_text(pilot, app, "Pendant le verrou")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "locked" in status(app) and editor(app).text == "Pendant le verrou"
            assert [r["text"] for r in recoveries(proj)] == ["Pendant le verrou"]
            other.execute("ROLLBACK")
            other.close()
            for _ in range(40):
                await pilot.pause(0.1)
                if "NOT SAVED" not in status(app):
                    break
            assert "saved" in status(app) and not banner(app)
            return key
    key = run(go())
    with Store.open(proj, create=False) as s:
        assert s.unit(key).text == "Pendant le verrou"
    assert recoveries(proj) == []


def test_lost_database_keeps_the_text_in_the_project(proj: Path) -> None:
    async def go():
        async with review(proj) as (app, pilot):
            db = proj / ".workbench" / "workbench.db"
            for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                p.unlink(missing_ok=True)  # e.g. `rm -rf .workbench` in another shell
            await type_text(pilot, app, "Base disparue")
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert app.is_running and "unavailable" in status(app) and "file is gone" in banner(app)
            assert editor(app).text == "Base disparue"
            await pilot.press("ctrl+q")
            await settle(pilot)
    run(go())
    assert [r["text"] for r in recoveries(proj)] == ["Base disparue"]


# --- keys in one read ------------------------------------------------------------------------

def test_list_moves_and_typing_in_one_read(proj: Path) -> None:
    with Store.open(proj, create=False) as s:
        rows = s.units(queue="titles")

    async def go():
        async with review(proj) as (app, pilot):
            # to the list, two rows down, back to the editor, a word, the next unit: one read
            await burst(pilot, "escape", "down", "down", "enter", "M", "o", "t", "space", "ctrl+n",
                        "X", "space", "ctrl+s")
            assert app.row.key == rows[3].key
    run(go())
    with Store.open(proj, create=False) as s:
        assert s.unit(rows[2].key).text == "Mot " + rows[2].text
        assert s.unit(rows[3].key).text == "X " + rows[3].text
