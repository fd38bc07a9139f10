"""Snapshots of the review screens at a fixed size (pytest-textual-snapshot).

Regenerate after an intended change of the screens with
`python -m pytest tests/test_review_snapshots.py --snapshot-update` and look at the
SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path

from review_helpers import SIZE, built, proj

from workbench.review.app import ReviewApp
from workbench.store import Store


async def loaded(pilot) -> None:
    for _ in range(1500):
        if pilot.app.loaded and pilot.app._lexicon_ready and pilot.app.spelling.settled:
            break  # (the editor's underlines come from a worker: wait for them too)
        await pilot.pause(0.02)
    target = pilot.app.query_one("#target")
    target.cursor_blink = False  # a blinking cursor makes two pictures
    target._line_cache.clear()  # a line drawn in the blink's off phase would be reused without the cursor
    target.refresh()
    await pilot.pause()


def test_review_screen(proj: Path, snap_compare) -> None:
    with Store.open(proj) as s:
        first = s.units(queue="titles")[0]
        edited = s.edit(first.key, first.text + " (revu)", expected_version=first.version)
        s.set_status(first.key, "confirmed", expected_version=edited.version)
    assert snap_compare(ReviewApp(proj), terminal_size=SIZE, run_before=loaded)


def test_sentences_queue(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=SIZE, run_before=loaded, press=["ctrl+t", "ctrl+n"])


def test_help_screen(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=SIZE, run_before=loaded, press=["f1"])


def test_filter_screen(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=SIZE, run_before=loaded, press=["ctrl+f"])


def test_statistics_screen(proj: Path, snap_compare) -> None:
    with Store.open(proj) as s:
        for u in s.units(queue="sentences")[:6]:
            edited = s.edit(u.key, u.text.replace("Belarus", "Bélarus") + " Fin.", expected_version=u.version)
            s.set_status(u.key, "confirmed", expected_version=edited.version)
    assert snap_compare(ReviewApp(proj), terminal_size=SIZE, run_before=loaded, press=["f2"])


SMALL = (80, 24)


def test_filter_screen_80x24(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=loaded, press=["ctrl+f"])


def test_help_screen_80x24(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=loaded, press=["f1"])


def test_statistics_screen_80x24(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=loaded, press=["f2"])


def test_review_screen_80x24(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=loaded)


def test_review_screen_100x30(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=(100, 30), run_before=loaded)


def test_history_view_80x24(proj: Path, snap_compare, monkeypatch) -> None:
    # the same picture needs the same times: the edits' and the build's
    monkeypatch.setattr("workbench.storage.sqlite._now", lambda: "2026-03-04T09:10:11Z")
    with Store.open(proj) as s:
        s._conn.execute("UPDATE units SET created_at = '2026-03-01T08:00:00Z'")
        u = s.units(queue="titles")[0]
        a = s.edit(u.key, u.text.replace("Visite officielle", "Visite d'État"), who="ann", expected_version=u.version)
        b = s.set_status(u.key, "confirmed", who="ann", expected_version=a.version)
        s.edit(u.key, a.text + " et en Azerbaïdjan", who="bob", expected_version=b.version)  # draft: opens here
    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=loaded, press=["ctrl+l", "down", "down"])


def test_concordance_80x24(proj: Path, snap_compare) -> None:
    with Store.open(proj) as s:
        s.add_tm([("Белоруссия и Турция подписали соглашение", "Le Bélarus et la Turquie ont signé un accord", "t1")],
                 origin="memory.tmx")

    async def search(pilot) -> None:
        await loaded(pilot)
        await pilot.press("ctrl+g", *"Turquie")
        for _ in range(100):
            if getattr(pilot.app.screen, "hits", None):
                break
            await pilot.pause(0.05)
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=search)


def test_conflict_dialog_80x24(proj: Path, snap_compare, monkeypatch) -> None:
    monkeypatch.setattr("workbench.storage.sqlite._now", lambda: "2026-03-04T09:10:11Z")

    async def conflict(pilot) -> None:
        await loaded(pilot)
        app = pilot.app
        with Store.open(proj) as s:  # another reviewer saves the unit on screen
            u = s.unit(app.row.key)
            s.edit(u.key, "Visite d'État du président turc", who="ann", expected_version=u.version)
        app.editor.select_all()
        await pilot.press("backspace", *"Visite", "space", *"officielle", "space", *"turque", "ctrl+s", "f4")
        await pilot.pause(0.3)

    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=conflict)


def test_dismiss_dialog_80x24(proj: Path, snap_compare) -> None:
    with Store.open(proj) as s:
        key = next(u.key for u in s.units(queue="sentences") if u.key in s.keys_with_findings())
        s.set_setting("review.position.reviewer", {"queue": "sentences", "keys": {"sentences": key}})

    async def dismiss(pilot) -> None:
        await loaded(pilot)
        await pilot.press("f9")
        await pilot.pause(0.2)
        pilot.app.screen.query_one("#why").cursor_blink = False  # a blinking cursor makes two pictures
        await pilot.pause()

    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=dismiss)


def test_command_palette_80x24(proj: Path, snap_compare) -> None:
    assert snap_compare(ReviewApp(proj), terminal_size=SMALL, run_before=loaded, press=["f10", *"unit"])
