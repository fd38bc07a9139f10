"""The review TUI driven through Textual's pilot: every binding and workflow, checked
against what the store holds afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from review_helpers import built, proj, review, run
from textual.widgets import TextArea

from workbench.review.app import SAVE_DELAY
from workbench.review.screens import FilterScreen, HelpScreen, StatsScreen
from workbench.store import Store


def units(project: Path, queue: str):
    with Store.open(project, create=False) as s:
        return s.units(queue=queue)


def unit(project: Path, key: str):
    with Store.open(project, create=False) as s:
        return s.unit(key)


def editor(app) -> TextArea:
    return app.query_one("#target", TextArea)


async def replace_text(pilot, app, text: str) -> None:
    """Select everything in the editor and type `text` key by key."""
    ed = editor(app)
    ed.focus()
    ed.select_all()
    await pilot.press("backspace")
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


# --- opening ---------------------------------------------------------------------------

def test_opens_on_titles_at_first_unconfirmed_with_focus_in_editor(proj: Path) -> None:
    first, second = units(proj, "titles")[:2]
    with Store.open(proj) as s:
        s.set_status(first.key, "confirmed", expected_version=first.version)

    async def go():
        async with review(proj) as (app, _pilot):
            assert app.session.queue == "titles"
            assert app.row.key == second.key
            assert app.focused is editor(app)
            assert editor(app).text == second.text
            assert second.source in app.query_one("#source").text.plain
    run(go())


def test_review_command_refuses_without_terminal_or_store(proj: Path, tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "workbench", "review", "--project"]
    p = subprocess.run([*cmd, str(proj)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "needs a terminal" in p.stderr
    p = subprocess.run([*cmd, str(tmp_path)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert p.returncode == 2 and "no workbench database" in p.stderr and "Traceback" not in p.stderr


def test_tui_import_path_does_not_load_mt() -> None:
    code = ("import sys, workbench.cli, workbench.review.app, workbench.review.screens;"
            "bad = [m for m in ('argostranslate', 'torch', 'ctranslate2', 'stanza', 'sentencepiece',"
            " 'workbench.mt.argos') if m in sys.modules];"
            "print(bad)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert p.stdout.strip() == "[]"


# --- editing, confirming, moving ---------------------------------------------------------

def test_edit_confirm_next(proj: Path) -> None:
    rows = units(proj, "titles")

    async def go():
        async with review(proj) as (app, pilot):
            key = app.row.key
            await replace_text(pilot, app, "Visite officielle")
            await pilot.press("ctrl+j")
            await pilot.pause()
            assert app.row.key == rows[1].key  # on to the next unconfirmed
            assert editor(app).text == rows[1].text
            return key
    key = run(go())
    u = unit(proj, key)
    assert (u.text, u.status, u.origin) == ("Visite officielle", "confirmed", "reviewer")
    with Store.open(proj) as s:
        actions = [(h.action, h.who) for h in s.history(key)]
    assert actions == [("edit", "tester"), ("status", "tester")]


def test_confirm_skips_confirmed_units(proj: Path) -> None:
    rows = units(proj, "titles")
    with Store.open(proj) as s:
        s.set_status(rows[1].key, "confirmed", expected_version=rows[1].version)

    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+enter")  # the other confirm key, where the terminal sends it
            return app.row.key
    assert run(go()) == rows[2].key
    assert unit(proj, rows[0].key).status == "confirmed"


def test_edit_is_saved_after_a_pause_without_any_other_key(proj: Path) -> None:
    async def go():
        async with review(proj) as (app, pilot):
            await replace_text(pilot, app, "Texte revu")
            key = app.row.key
            assert unit(proj, key).text != "Texte revu"  # not yet: typing is debounced
            await pilot.pause(SAVE_DELAY + 0.4)
            from sacrebleu.metrics import TER

            mt = unit(proj, key).mt
            expected = TER(case_sensitive=True).sentence_score(mt, ["Texte revu"]).score
            assert f"HTER {expected:.1f}" in str(app.query_one("#statusbar").render())
            return key
    key = run(go())
    u = unit(proj, key)
    assert (u.text, u.status) == ("Texte revu", "draft")


def test_editing_a_confirmed_unit_sets_it_back_to_draft(proj: Path) -> None:
    first = units(proj, "titles")[0]
    with Store.open(proj) as s:
        s.set_status(first.key, "confirmed", expected_version=first.version)

    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+p")
            assert app.row.key == first.key
            await replace_text(pilot, app, "Corrigé")
            await pilot.press("ctrl+s")
    run(go())
    u = unit(proj, first.key)
    assert (u.text, u.status) == ("Corrigé", "draft")


def test_next_and_previous_bindings_save_first(proj: Path) -> None:
    rows = units(proj, "titles")

    async def go():
        async with review(proj) as (app, pilot):
            seen = [app.row.key]
            for key in ("alt+down", "ctrl+n", "alt+up", "ctrl+p"):
                await pilot.press(key)
                seen.append(app.row.key)
            await replace_text(pilot, app, "Modifié")
            await pilot.press("ctrl+n")  # moving commits the edit at once
            assert unit(proj, rows[0].key).text == "Modifié"
            return seen
    assert run(go()) == [rows[i].key for i in (0, 1, 2, 1, 0)]


def test_reject_and_revert(proj: Path) -> None:
    rows = units(proj, "titles")

    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+r")
            assert app.row.key == rows[1].key
            await replace_text(pilot, app, "Mauvaise correction")
            await pilot.press("ctrl+s")
            assert unit(proj, rows[1].key).text == "Mauvaise correction"
            await pilot.press("ctrl+o")
            assert editor(app).text == rows[1].mt
    run(go())
    assert unit(proj, rows[0].key).status == "rejected"
    u = unit(proj, rows[1].key)
    assert (u.text, u.status) == (rows[1].mt, "new")


def test_undo_in_editor_is_textareas(proj: Path) -> None:
    async def go():
        async with review(proj) as (app, pilot):
            before = editor(app).text
            editor(app).move_cursor(editor(app).document.end)
            await pilot.press("x", "y")
            assert editor(app).text == before + "xy"
            await pilot.press("ctrl+z")
            assert editor(app).text == before
    run(go())


def test_empty_target_is_not_saved(proj: Path) -> None:
    first = units(proj, "titles")[0]

    async def go():
        async with review(proj) as (app, pilot):
            editor(app).focus()
            editor(app).select_all()
            await pilot.press("backspace")
            await pilot.press("ctrl+j")
            assert app.row.key == first.key  # stays: nothing to confirm
            assert "empty" in app.message
    run(go())
    assert unit(proj, first.key).text == first.text


def test_switch_queue_with_ctrl_t_and_tab_in_the_list(proj: Path) -> None:
    sentences = units(proj, "sentences")

    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+t")
            assert app.session.queue == "sentences" and app.row.key == sentences[0].key
            await pilot.press("escape")  # to the list
            await pilot.press("tab")
            assert app.session.queue == "titles"
            await pilot.press("tab")
            assert app.session.queue == "sentences"
            await pilot.press("down", "down", "enter")
            assert app.row.key == sentences[2].key and app.focused is editor(app)
    run(go())


# --- filter, search, suggestions -------------------------------------------------------------

def test_filter_by_status_and_book(proj: Path) -> None:
    rows = units(proj, "titles")
    with Store.open(proj) as s:
        for u in rows[3:6]:
            s.set_status(u.key, "rejected", expected_version=u.version)

    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+f")
            screen = app.screen
            assert isinstance(screen, FilterScreen)
            screen.query_one("#statuses").select("rejected")
            await pilot.click("#apply")
            await pilot.pause()
            v = app.session.view
            shown = [v.items[i].key for i in v.visible]
            assert shown == [u.key for u in rows[3:6]]
            assert app.row.key == rows[3].key
            assert "status rejected" in str(app.query_one("#filterline").render())
            await pilot.press("ctrl+f")
            await pilot.click("#clear")
            await pilot.pause()
            assert len(app.session.view.visible) == len(rows)
    run(go())


def test_search_with_slash_from_the_list(proj: Path) -> None:
    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("escape", "slash")
            assert isinstance(app.screen, FilterScreen) and app.focused.id == "search"
            await pilot.press(*"Mongolie", "enter")
            await pilot.pause()
            v = app.session.view
            assert v.visible and all("mongolie" in (v.items[i].text + v.items[i].source).lower()
                                     for i in v.visible)
            assert len(v.visible) < len(v.items)
    run(go())


def test_filter_by_glossary_term_and_findings(proj: Path) -> None:
    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+f")
            app.screen.query_one("#term").value = "Mongolie"
            app.screen.query_one("#findings").value = False
            await pilot.click("#apply")
            await pilot.pause()
            v = app.session.view
            n_term = len(v.visible)
            assert n_term and all("Mongol" in v.items[i].text or "монгол" in v.items[i].source.lower()
                                  for i in v.visible)
            await pilot.press("ctrl+f")
            app.screen.query_one("#term").value = "no such term"
            await pilot.click("#apply")
            assert "no glossary term" in str(app.screen.query_one("#filter-error").render())
            app.screen.query_one("#term").value = ""
            app.screen.query_one("#findings").value = True
            await pilot.press("ctrl+s")  # apply, from the keyboard
            await pilot.pause()
            with Store.open(proj) as s:
                expected = s.keys_with_findings()
            for q in ("titles", "sentences"):
                view = app.session.views[q]
                assert {view.items[i].key for i in view.visible} == {it.key for it in view.items if it.key in expected}
    run(go())


def test_insert_mt_suggestion_with_alt_and_ctrl_digits(proj: Path) -> None:
    rows = units(proj, "titles")
    with Store.open(proj) as s:
        s.add_suggestions([(rows[0].key, "Traduction automatique", "tiny-ru-fr", "1.0", None)])

    async def go():
        async with review(proj) as (app, pilot):
            assert [s.text for s in app.suggestions if s.kind == "mt"] == ["Traduction automatique"]
            n = next(i for i, s in enumerate(app.suggestions, 1) if s.kind == "mt")
            await pilot.press(f"alt+{n}")
            assert editor(app).text == "Traduction automatique"
            await pilot.press("ctrl+z")  # inserting is an edit like any other
            assert editor(app).text == rows[0].text
            await pilot.press(f"ctrl+{n}")
            await pilot.press("ctrl+s")
    run(go())
    assert unit(proj, rows[0].key).text == "Traduction automatique"


def test_tm_matches_and_other_renderings_are_suggested(proj: Path) -> None:
    rows = units(proj, "titles")
    target = rows[0]
    with Store.open(proj) as s:
        s.add_tm([(target.source + " сегодня", "Une autre traduction", "t1")], origin="memory.tmx")

    async def go():
        async with review(proj) as (app, pilot):
            for _ in range(100):
                if any(s.kind == "tm" for s in app.suggestions):
                    break
                await pilot.pause(0.05)
            tm = [s for s in app.suggestions if s.kind == "tm"]
            assert tm and tm[0].text == "Une autre traduction" and 70 <= tm[0].score < 100
            assert "TM 9" in app.query_one("#suggestions").text.plain or "TM 8" in app.query_one("#suggestions").text.plain \
                or "TM 7" in app.query_one("#suggestions").text.plain
    run(go())


# --- position, screens (conflicts: test_review_failures.py) -------------------------------------------------------------

def test_reopen_restores_queue_and_position(proj: Path) -> None:
    sentences = units(proj, "sentences")

    async def first():
        async with review(proj) as (_app, pilot):
            await pilot.press("ctrl+t", "ctrl+n", "ctrl+n", "ctrl+n")
            await pilot.press("ctrl+q")
    run(first())

    async def second():
        async with review(proj) as (app, _pilot):
            return app.session.queue, app.row.key
    assert run(second()) == ("sentences", sentences[3].key)


def test_help_lists_every_binding_and_palette_opens(proj: Path) -> None:
    from workbench.review.app import ReviewApp, _key_name

    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            keys = [k for k, _ in app.screen.rows]
            for b in ReviewApp.BINDINGS:  # as printed on the keys: "/" and "?"
                assert ", ".join(_key_name(k) for k in b.key.split(",")) in keys
            assert all(what for _, what in app.screen.rows)
            await pilot.press("escape")
            await pilot.press("escape", "question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape", "f10")
            await pilot.pause()
            assert type(app.screen).__name__ == "CommandPalette"
    run(go())


def test_statistics_screen(proj: Path) -> None:
    rows = units(proj, "titles")
    with Store.open(proj) as s:
        edited = s.edit(rows[0].key, rows[0].text + " corrigé", expected_version=rows[0].version)
        s.set_status(rows[0].key, "confirmed", expected_version=edited.version)

    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("f2")
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen)
            text = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert "HTER per unit (1 reviewed unit," in text
    run(go())


def test_exports_show_a_confirm_at_once(proj: Path) -> None:
    first = units(proj, "titles")[0]

    async def go():
        async with review(proj) as (app, pilot):
            await replace_text(pilot, app, "Titre revu par le relecteur")
            await pilot.press("ctrl+j")
    run(go())
    wb = [sys.executable, "-m", "workbench"]
    p = subprocess.run([*wb, "export", "jsonl", "--status", "all", "--project", str(proj)],
                       capture_output=True, text=True, check=True)
    row = next(json.loads(line) for line in p.stdout.splitlines() if json.loads(line)["key"] == first.key)
    assert (row["text"], row["status"]) == ("Titre revu par le relecteur", "confirmed")
    p = subprocess.run([*wb, "export", "tmx", "--status", "all", "--project", str(proj)],
                       capture_output=True, text=True, check=True)
    assert "Titre revu par le relecteur" in p.stdout


def test_glossary_hits_in_a_russian_title_and_its_french_target(proj: Path) -> None:
    from workbench.review.panes import french_hits, russian_hits
    from workbench.terms import project_glossary

    g = project_glossary(proj)
    title = "гомсельмаш планирует утроить поставки техники в регионы россии"
    assert [(h.found, h.canonical) for h in russian_hits(g, title)] == [
        ("гомсельмаш", "Гомсельмаш"), ("россии", "Россия")]
    assert [(h.found, h.canonical) for h in french_hits(g, "Gomselmash livre la Russie", "target")] == [
        ("Gomselmash", "Gomselmash"), ("Russie", "Russie")]


def test_dismiss_a_finding_from_the_qa_pane(proj: Path) -> None:
    # f9 dismisses the unit's first QA finding with a reason; it is written to the
    # tracked glossary/dismissed.tsv, leaves the pane, and the next build leaves it out
    async def go():
        async with review(proj) as (app, pilot):
            await pilot.press("ctrl+f")  # only the units with QA findings
            app.screen.query_one("#findings").value = True
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.findings and all("severity" in f for f in app.findings)
            first = app.findings[0]
            await pilot.press("f9")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "DismissScreen"
            await pilot.press("enter")  # no reason given: refused
            assert app.screen.__class__.__name__ == "DismissScreen"
            await pilot.press(*"checked", "space", *"by", "space", *"hand")
            await pilot.press("enter")
            await pilot.pause()
            assert first not in app.findings
            return first

    first = run(go())
    rows = (proj / "glossary" / "dismissed.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("kind\tterm\tfound") and len(rows) == 2
    kind, _term, found, file, line, who, why, _ = rows[1].split("\t")
    assert (kind, found, file, int(line), who, why) == (first["kind"], first["found"], first["file"], first["line"],
                                                         "tester", "checked by hand")
    from workbench.pipeline import build_project

    with Store.open(proj) as s:
        build_project(s, proj)
        assert not [f for f in s.findings(first["file"]) if f.line == first["line"] and f.kind == first["kind"]
                    and f.found == first["found"]]


def test_confirm_next_skips_rejected_units_and_a_message_leaves_with_its_unit(proj: Path) -> None:
    rows = units(proj, "titles")

    async def go():
        async with review(proj) as (app, pilot):
            assert app.row.key == rows[0].key
            await pilot.press("ctrl+n", "ctrl+r")  # unit 2 rejected, on to unit 3
            await pilot.pause()
            assert app.row.key == rows[2].key and app.message == "rejected"
            await pilot.press("ctrl+p", "ctrl+p")
            await pilot.pause()
            assert app.row.key == rows[0].key and app.message == ""
            await pilot.press("ctrl+j")  # past the rejected unit
            await pilot.pause()
            assert app.row.key == rows[2].key and app.message == "confirmed"
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert app.message == ""  # "confirmed" was about the unit left behind

    run(go())


def test_mt_advice_is_not_glued_to_no_suggestion() -> None:
    from workbench.review import panes

    assert panes.suggestions_pane([], "", "no model installed").plain == "No suggestion.\nMT: no model installed"


def test_each_reviewer_reopens_on_their_own_unit_with_the_list_scrolled_to_it(proj: Path) -> None:
    from workbench.review.unit_list import UnitList

    rows = units(proj, "sentences")
    far = len(rows) - 3

    async def visit(who: str, far_down: bool = False):
        async with review(proj, size=(80, 24), who=who) as (app, pilot):
            if app.session.queue != "sentences":
                await pilot.press("ctrl+t")
            lst = app.query_one("#list", UnitList)
            start = app.session.view.cursor
            if far_down:
                await pilot.press("escape", "end", "ctrl+p", "ctrl+p")  # the list's last unit, then back
            await pilot.pause()
            top, h = int(lst.scroll_offset.y), lst.size.height
            assert top <= lst.cursor < top + h, (top, h, lst.cursor)  # in view after every move
            await pilot.press("ctrl+q")
            return start, app.session.view.cursor

    assert run(visit("ann", True)) == (0, far)
    assert run(visit("bob"))[0] == 0  # ann's place is not bob's
    assert run(visit("ann"))[0] == far  # and the list shows it at once


def test_filter_dialog_fits_80x24_and_tab_reaches_every_control(proj: Path) -> None:
    want = ["book", "findings", "term", "apply", "clear", "cancel", "search", "statuses"]  # from statuses, round

    async def go():
        async with review(proj, size=(80, 24)) as (app, pilot):
            await pilot.press("ctrl+f")
            await pilot.pause()
            assert isinstance(app.screen, FilterScreen)
            screen = app.screen.region
            for w in app.screen.query("#filter Input, #filter Select, #filter Checkbox, "
                                      "#filter SelectionList, #filter Button"):
                assert screen.contains_region(w.region), (w.id, w.region)
            seen = []
            for _ in want:
                await pilot.press("tab")
                seen.append(app.focused.id)
            back = []
            for _ in range(2):
                await pilot.press("shift+tab")
                back.append(app.focused.id)
            await pilot.press("escape")  # cancels
            await pilot.pause()
            return seen, back, isinstance(app.screen, FilterScreen)

    seen, back, still_open = run(go())
    assert seen == want and back == ["search", "cancel"] and not still_open


def test_every_pane_is_in_view_at_80x24_100x30_and_wide(proj: Path) -> None:
    async def regions(size):
        async with review(proj, size=size) as (app, pilot):
            await pilot.pause()
            screen = app.screen.region
            out = {}
            for pane in ("source", "target", "context", "glossary", "findings", "suggestions", "list"):
                r = app.query_one("#" + pane).region
                out[pane] = screen.contains_region(r) and r.height >= 3
            return out

    for size in [(80, 24), (100, 30), (160, 48)]:
        got = run(regions(size))
        assert all(got.values()), (size, got)
