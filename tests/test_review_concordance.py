"""Concordance search from the review screen: the translation memory (through the
store's concordance index, as `workbench tm search`), the glossary and every unit's
source and target; enter inserts a target or goes to a unit."""

from __future__ import annotations

from pathlib import Path

from review_helpers import built, proj, review, run

from workbench.review import concordance
from workbench.review.concordance import ConcordanceScreen
from workbench.review.session import QUEUES
from workbench.store import Store

TM = [("Белоруссия и Турция подписали соглашение", "Le Bélarus et la Turquie ont signé un accord", "t1"),
      ("Минский тракторный завод", "Usine de tracteurs de Minsk", "t2")]


def _units(app):
    return concordance.fold_units((q, it) for q in QUEUES for it in app.session.views[q].items)


def test_search_finds_memory_sources_and_targets_glossary_and_units(proj: Path) -> None:
    with Store.open(proj) as s:
        s.add_tm(TM, origin="memory.tmx")

    async def go():
        async with review(proj) as (app, _pilot):
            g, units = app.session.glossary, _units(app)
            # a Russian word: the memory's source index (any case, any inflection typed as in the text)
            ru = concordance.search("тракторный", app.store, g, units)
            assert ru[0].kind == "tm" and ru[0].target == "Usine de tracteurs de Minsk" and ru[0].score == 100
            assert ru[0].origin == "memory.tmx"
            # a French word: memory targets too, the glossary, and units' targets, accents folded
            fr = concordance.search("Turquie", app.store, g, units)
            kinds = {h.kind for h in fr}
            assert kinds == {"tm", "glossary", "unit"}
            assert all("turquie" in concordance.fold(h.source + " " + h.target + " " + h.origin) for h in fr
                       if h.kind != "glossary")
            assert [h.score for h in fr] == sorted((h.score for h in fr), reverse=True)
            unit_hits = [h for h in fr if h.kind == "unit"]
            assert unit_hits and all(h.key in app.session.views["titles"].by_key
                                     or h.key in app.session.views["sentences"].by_key for h in unit_hits)
            # units and glossary fold accents (memory targets are matched as typed: no index on them)
            local = [h for h in concordance.search("belarus", app.store, g, units, limit=999) if h.kind != "tm"]
            assert local and local == [h for h in concordance.search("Bélarus", app.store, g, units, limit=999) if h.kind != "tm"]
            assert concordance.search("zzqxw", app.store, g, units) == []
            assert concordance.search("  ", app.store, g, units) == []
    run(go())


def test_ctrl_g_searches_and_enter_inserts_a_memory_target_at_the_cursor(proj: Path) -> None:
    with Store.open(proj) as s:
        s.add_tm(TM, origin="memory.tmx")
        u = s.units(queue="titles")[0]

    async def go():
        async with review(proj, size=(80, 24)) as (app, pilot):
            assert app.row.key == u.key
            ed = app.editor
            ed.focus()
            ed.move_cursor(ed.document.end)
            await pilot.press("ctrl+g")
            await pilot.pause(0.2)
            assert isinstance(app.screen, ConcordanceScreen)
            await pilot.press(*"tracteurs")
            for _ in range(50):
                if app.screen.hits:
                    break
                await pilot.pause(0.05)
            assert app.screen.hits[0].target == "Usine de tracteurs de Minsk"
            await pilot.press("down", "enter")
            await pilot.pause(0.2)
            assert not isinstance(app.screen, ConcordanceScreen)
            assert app.editor.text == u.text + "Usine de tracteurs de Minsk"
            await pilot.press("ctrl+s")
    run(go())
    with Store.open(proj) as s:
        assert s.unit(u.key).text == u.text + "Usine de tracteurs de Minsk"


def test_enter_on_a_unit_goes_to_it(proj: Path) -> None:
    with Store.open(proj) as s:
        target = s.units(queue="sentences")[5]
    words = target.text.split()[:4]

    async def go():
        async with review(proj, size=(80, 24)) as (app, pilot):
            assert app.session.queue == "titles"
            await pilot.press("ctrl+g", *[("space" if ch == " " else ch) for ch in " ".join(words)])
            await pilot.pause(0.1)
            for _ in range(50):
                if app.screen.hits:
                    break
                await pilot.pause(0.05)
            hits = app.screen.hits
            n = next(i for i, h in enumerate(hits) if h.key == target.key)
            await pilot.press("tab", *["down"] * n, "enter")
            await pilot.pause(0.2)
            assert app.row.key == target.key and app.session.queue == "sentences"
    run(go())
