"""The unit history view: who changed what and when, word by word, and any earlier
text restored as a new edit (saved with the version the reviewer saw, so the restore
is in the history too). Driven with the keys a terminal sends."""

from __future__ import annotations

from pathlib import Path

from review_helpers import built, proj, review, run
from rich.text import Text

from workbench.review import history
from workbench.review.history import HistoryScreen
from workbench.store import Store


def test_entries_follow_the_history_rows_oldest_first(proj: Path) -> None:
    with Store.open(proj) as s:
        u = s.units(queue="sentences")[0]
        a = s.edit(u.key, "Premier texte revu.", who="ann", expected_version=u.version)
        b = s.set_status(u.key, "confirmed", who="ann", expected_version=a.version)
        s.set_aside(u.key, "Texte écarté.", who="bob", reason="conflict: took the other reviewer's text")
        c = s.edit(u.key, "Second texte revu.", who="bob", expected_version=b.version)
        rows = s.history(u.key)
    items = history.entries(c, rows)
    assert [(e.n, e.who, e.action) for e in items] == [
        (0, "build", "built"), (1, "ann", "edit"), (2, "ann", "status"), (3, "bob", "aside"), (4, "bob", "edit")]
    assert items[0].text == u.mt
    assert [e.text for e in items[1:]] == ["Premier texte revu.", "Premier texte revu.", "Texte écarté.",
                                           "Second texte revu."]
    assert items[2].label().endswith("status draft→confirmed")
    assert items[4].before == "Premier texte revu." and items[4].status == "draft"
    # the aside is compared with the unit's text of the time, and says it never was the unit's
    aside = history.diff_view(items[3]).plain
    assert aside.startswith("Kept aside") and "took the other reviewer's text" in aside


def test_word_diff_marks_removed_and_added_words() -> None:
    e = history.Entry(1, "2026-01-02T03:04:05", "ann", "edit", "Le grand chat noir dort.",
                      "Le petit chat noir dort.", "draft", "new", {})
    t = history.diff_view(e)
    assert t.plain == "Le petit grand chat noir dort."
    styles = {t.plain[s.start:s.end]: str(s.style) for s in t.spans}
    assert styles == {"petit": "strike red", "grand": "bold green"}
    assert isinstance(t, Text)


def test_ctrl_l_shows_the_history_and_enter_restores_a_version_as_a_new_edit(proj: Path) -> None:
    with Store.open(proj) as s:
        u = s.units(queue="titles")[0]
        s.edit(u.key, u.text + " (première)", who="ann", expected_version=u.version)

    async def go():
        async with review(proj, size=(80, 24), who="bob") as (app, pilot):
            assert app.row.key == u.key
            ed = app.editor
            ed.focus()
            ed.move_cursor(ed.document.end)
            await pilot.press("space", *"(deux)")
            await pilot.press("ctrl+l")  # what was typed is saved first, so it is in the history
            await pilot.pause(0.2)
            screen = app.screen
            assert isinstance(screen, HistoryScreen)
            labels = [str(o.prompt) for o in screen.query_one("#history-list").options]
            assert "bob  edited" in labels[0] and "(current text)" in labels[0]
            assert "ann  edited (draft)" in labels[1] and "build  machine text" in labels[2]
            await pilot.press("enter")  # the newest is the unit's text: nothing to restore
            assert app.screen is screen
            await pilot.press("down", "down")  # the machine text
            await pilot.pause(0.1)
            assert "The text as built" in str(screen.query_one("#history-diff").render())
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert app.screen is not screen and app.editor.text == u.text
            assert "restored the text of" in app.message
    run(go())
    with Store.open(proj) as s:
        rows = s.history(u.key)
        now = s.unit(u.key)
    assert [(h.who, h.action, h.new_text) for h in rows] == [
        ("ann", "edit", u.text + " (première)"), ("bob", "edit", u.text + " (première) (deux)"),
        ("bob", "edit", u.text)]
    assert now.text == u.text and now.status == "draft" and now.origin == "reviewer"


def test_a_restore_over_a_change_made_meanwhile_is_a_conflict(proj: Path) -> None:
    with Store.open(proj) as s:
        u = s.units(queue="titles")[0]
        s.edit(u.key, u.text + " (première)", who="ann", expected_version=u.version)

    async def go():
        async with review(proj, size=(80, 24), who="bob") as (app, pilot):
            await pilot.press("ctrl+l")
            await pilot.pause(0.2)
            with Store.open(proj) as s:  # another reviewer saves while the history is open
                cur = s.unit(u.key)
                s.edit(u.key, "Texte d'ann, encore.", who="ann", expected_version=cur.version)
            await pilot.press("down", "enter")
            await pilot.pause(0.2)
            assert app.problem is not None and app.problem.kind == "conflict"
            assert "ann" in app.problem.message
    run(go())
    with Store.open(proj) as s:
        assert s.unit(u.key).text == "Texte d'ann, encore."  # nothing overwritten
