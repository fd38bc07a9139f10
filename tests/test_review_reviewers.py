"""Two reviewers on one store: a conflict names the other reviewer and the time of
their save; a reviewer whose confirmed text someone else replaced is told on their
next visit to the unit, and `workbench status` counts such units per reviewer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from review_helpers import built, proj, review, run
from test_review_failures import banner, settle, type_text

from workbench.review import replaced
from workbench.review.screens import ConflictScreen
from workbench.storage.base import HistoryRow
from workbench.store import Store

AT = "2026-03-04T09:10:11Z"
REPLACED = "confirmed text replaced by another reviewer"


def _status(project: Path) -> dict:
    p = subprocess.run([sys.executable, "-m", "workbench", "status", "--project", str(project), "--format", "json"],
                       capture_output=True, text=True, check=True)
    return json.loads(p.stdout)[REPLACED]


def _row(n: int, who: str, action: str, old: str, new: str, old_status: str, new_status: str) -> HistoryRow:
    return HistoryRow(n, 7, "k", f"2026-01-01T00:00:0{n}Z", who, action, old, new, old_status, new_status, None)


def test_replaced_for_reads_the_history() -> None:
    ann_edit = _row(1, "ann", "edit", "mt", "A", "new", "draft")
    ann_confirm = _row(2, "ann", "status", "A", "A", "draft", "confirmed")
    bob_edit = _row(3, "bob", "edit", "A", "B", "confirmed", "draft")
    assert replaced.replaced_for([ann_edit], "ann") is None  # never confirmed
    assert replaced.replaced_for([ann_edit, ann_confirm], "ann") is None  # nobody else came
    r = replaced.replaced_for([ann_edit, ann_confirm, bob_edit], "ann")
    assert r is not None and (r.by, r.history_id, r.mine, r.now) == ("bob", 3, "A", "B")
    assert replaced.replaced_for([ann_edit, ann_confirm, bob_edit], "bob") is None  # bob never confirmed
    # bob only changes the status, or sets a text aside, or a rebuild moves the unit: the text is ann's
    assert replaced.replaced_for([ann_edit, ann_confirm, _row(3, "bob", "status", "A", "A", "confirmed", "rejected"),
                                  _row(4, "bob", "aside", "A", "B", "rejected", "rejected"),
                                  _row(5, "build", "reattach", "A", "A", "rejected", "rejected")], "ann") is None
    # bob puts ann's text back; or ann acted on the unit since (she has seen it)
    assert replaced.replaced_for([ann_edit, ann_confirm, bob_edit, _row(4, "bob", "edit", "B", "A", "draft", "draft")],
                                 "ann") is None
    assert replaced.replaced_for([ann_edit, ann_confirm, bob_edit, _row(4, "ann", "status", "B", "B", "draft", "confirmed")],
                                 "ann") is None
    counts = replaced.status_counts([ann_edit, ann_confirm, bob_edit], lambda who: {"7": 3} if who == "x" else None)
    assert counts == {"ann": {"replaced": 1, "not yet seen": 1}}


def test_conflict_names_the_other_reviewer_and_the_time_of_their_save(proj: Path, monkeypatch) -> None:
    monkeypatch.setattr("workbench.storage.sqlite._now", lambda: AT)

    async def go():
        async with review(proj, who="ann") as (app, pilot):
            key = app.row.key
            with Store.open(proj) as s:  # bob saves the unit ann has open
                u = s.unit(key)
                s.edit(key, "Texte de Bob", who="bob", expected_version=u.version)
            await type_text(pilot, app, "Texte d'Ann")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "changed by bob at 2026-03-04 09:10 UTC" in banner(app)
            await pilot.press("f4")
            await settle(pilot)
            assert isinstance(app.screen, ConflictScreen)
            shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert "Theirs (draft, saved by bob at 2026-03-04 09:10 UTC):" in shown
            assert "changed by bob at 2026-03-04 09:10 UTC" in shown
            await pilot.press("escape")
            await settle(pilot)
    run(go())


def test_a_reviewer_learns_once_that_their_confirmed_text_was_replaced(proj: Path, monkeypatch) -> None:
    monkeypatch.setattr("workbench.storage.sqlite._now", lambda: AT)
    with Store.open(proj) as s:
        first = s.units(queue="titles")[0]

    async def ann_confirms():
        async with review(proj, who="ann") as (app, pilot):
            assert app.row.key == first.key
            await type_text(pilot, app, "Texte d'Ann")
            await pilot.press("ctrl+j")
            await settle(pilot)
            await pilot.press("ctrl+q")
    run(ann_confirms())
    assert _status(proj) == {}

    async def bob_keeps_his():
        async with review(proj, who="bob") as (app, pilot):
            await pilot.press("ctrl+p")  # ann's unit, confirmed: bob opened on the next one
            await settle(pilot)
            assert app.row.key == first.key and app.row.status == "confirmed"
            assert not banner(app)  # bob never confirmed it: nothing to tell him
            await type_text(pilot, app, "Texte de Bob")
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("ctrl+q")
    run(bob_keeps_his())
    assert _status(proj) == {"ann": {"replaced": 1, "not yet seen": 1}}

    async def ann_returns():
        async with review(proj, who="ann") as (app, pilot):
            assert app.row.key != first.key and not banner(app)  # ann reopens where she left: the next unit
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert app.row.key == first.key
            assert "bob replaced your confirmed text at 2026-03-04 09:10 UTC" in banner(app)
            assert app.query_one("#banner").has_class("-notice")
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert not banner(app)
            await pilot.press("ctrl+p")  # told once
            await settle(pilot)
            assert app.row.key == first.key and not banner(app)
    run(ann_returns())
    assert _status(proj) == {"ann": {"replaced": 1, "not yet seen": 0}}

    async def ann_confirms_bobs():
        async with review(proj, who="ann") as (app, pilot):
            if app.row.key != first.key:
                await pilot.press("ctrl+p")
                await settle(pilot)
            assert app.row.key == first.key
            await pilot.press("ctrl+j")
            await settle(pilot)
    run(ann_confirms_bobs())
    assert _status(proj) == {}
    with Store.open(proj) as s:
        assert (s.unit(first.key).text, s.unit(first.key).status) == ("Texte de Bob", "confirmed")
