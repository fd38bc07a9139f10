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
    pilot.app.query_one("#target").cursor_blink = False  # a blinking cursor makes two pictures
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
