"""Concordance search from the review screen: a word or phrase looked up in the
translation memory, the glossary and every unit's source and target at once.

The memory is searched through the store's concordance index (`tm_candidates`, the
FTS5 index `workbench tm search` uses); the glossary and the units are already in
memory (the session holds every unit's source and target for its list) and are
scanned there. Every hit is scored the same way: how well the searched text matches
within the source or the target (rapidfuzz's partial ratio on case- and
accent-folded text, 100 = found as typed), best first.

`search` is pure apart from the store reads; `ConcordanceScreen` shows it. Enter on
a memory or glossary hit inserts its target where the editor's cursor is; on a unit,
it goes to that unit.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..storage.base import StoreError, TMStore
from ..terms import Glossary
from .session import Item

MIN_SCORE = 70.0
LIMIT = 60  # hits shown, all origins together
TM_CANDIDATES = 200
KIND_ORDER = {"tm": 0, "glossary": 1, "unit": 2}  # among equal scores
KIND_LABELS = {"tm": "TM", "glossary": "gloss", "unit": "unit"}


@dataclass(frozen=True)
class Hit:
    kind: str  # tm | glossary | unit
    source: str
    target: str
    score: float
    origin: str  # the memory's file, the concept id, or the unit's book
    key: str | None = None  # a unit's key: enter goes there


_MARKS = re.compile(r"[\u0300-\u036f]")  # combining accents, after NFD


def fold(text: str) -> str:
    """Lower case without accents (é -> e, ё -> е): what a search compares."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text.casefold()))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _score(query: str, *fields: str) -> float:
    """100 when the searched text is in a field as typed (folded), else how well
    it matches within the best field."""
    from rapidfuzz import fuzz

    folded = [fold(f) for f in fields if f]
    if any(query in f for f in folded):
        return 100.0
    return round(max((fuzz.partial_ratio(query, f) for f in folded), default=0.0), 1)


def _needed(words: list[str]) -> int:
    """How many of the searched words a hit must hold: all of one or two, else half."""
    return len(words) if len(words) <= 2 else (len(words) + 1) // 2


@dataclass(frozen=True, slots=True)
class Folded:
    """A unit as the search reads it: folded once per opening of the dialog."""
    queue: str
    item: Item
    hay: str  # folded source and target


def fold_units(units: Iterable[tuple[str, Item]], cache: dict[str, Folded] | None = None) -> list[Folded]:
    """The units folded for searching; `cache` (by key) keeps them from one dialog to
    the next, folding again only the items an edit replaced."""
    cache = {} if cache is None else cache
    out = []
    for q, it in units:
        f = cache.get(it.key)
        if f is None or f.item is not it:
            f = cache[it.key] = Folded(q, it, fold(it.source + "\n" + it.text))
        out.append(f)
    return out


def _unit_hits(query: str, words: list[str], units: Iterable[Folded], want: int, min_score: float) -> list[Hit]:
    """Units holding the words: those with the whole text first (100), the others
    scored in one rapidfuzz call, and only when the first do not fill the list."""
    from rapidfuzz import fuzz, process

    need = _needed(words)
    if len(words) == 1:
        cands = [u for u in units if words[0] in u.hay]
    else:
        cands = [u for u in units if sum(w in u.hay for w in words) >= need]
    scored = [(100.0, u) for u in cands if query in u.hay]
    if len(scored) > want:  # hits are made only for what is shown: the shortest first, as `search` sorts
        scored = heapq.nsmallest(want, scored, key=lambda su: (len(su[1].item.source), su[1].item.source,
                                                               su[1].item.text))
    if len(scored) < want:
        rest = [u for u in cands if query not in u.hay]
        for _hay, score, i in process.extract(query, [u.hay for u in rest], scorer=fuzz.partial_ratio,
                                              score_cutoff=min_score, limit=want - len(scored)):
            scored.append((round(score, 1), rest[i]))
    return [Hit("unit", u.item.source, u.item.text, score, f"{u.queue} · {u.item.status} · {u.item.file}", u.item.key)
            for score, u in scored]


def search(text: str, tm: TMStore | None, glossary: Glossary | None, units: Iterable[Folded],
           limit: int = LIMIT, min_score: float = MIN_SCORE) -> list[Hit]:
    """Hits for `text` among the memory, the glossary and the units."""
    query = " ".join(fold(text).split())
    words = _words(text)
    if not words:
        return []
    hits: list[Hit] = []
    if tm is not None:
        ids = tm.tm_candidates(" ".join(text.split()), limit=TM_CANDIDATES)
        if len(ids) < TM_CANDIDATES:  # the index holds sources: targets are scanned word by word
            seen = set(ids)
            ids += [i for i in tm.tm_target_candidates(re.findall(r"\w+", text.casefold()),
                                                       limit=TM_CANDIDATES - len(ids)) if i not in seen]
        for r in tm.tm_rows(ids):
            hits.append(Hit("tm", r.source, r.target, _score(query, r.source, r.target), r.origin))
    if glossary is not None:
        need = _needed(words)
        for c in glossary.concepts:
            forms = (c.fr, c.ru, *c.variants)
            hay = fold(" ".join(forms))
            if sum(w in hay for w in words) >= need:
                best = max(forms, key=lambda f: _score(query, f))
                also = f" (also {best})" if best not in (c.fr, c.ru) else ""
                hits.append(Hit("glossary", c.ru, c.fr, _score(query, best), f"glossary {c.id}{also}"))
    hits += _unit_hits(query, words, units, limit, min_score)
    hits = [h for h in hits if h.score >= min_score]
    # a glossary concept found by its own forms before one found through a variant
    hits.sort(key=lambda h: (-h.score, KIND_ORDER[h.kind], "(also " in h.origin, len(h.source), h.source, h.target))
    return hits[:limit]


def hit_line(h: Hit, width: int = 74) -> Text:
    """One result row: score, origin kind, source → target, cut with … to fit."""
    t = Text(no_wrap=True, overflow="ellipsis")
    t.append(f"{h.score:3.0f} ", style="bold")
    t.append(f"{KIND_LABELS[h.kind]:<5} ", style="cyan")
    room = max(10, width - 10)
    src = max(6, room // 2 - 2)
    t.append(_cut(h.source, src))
    t.append(" → ", style="dim")
    t.append(_cut(h.target, room - src - 3), style="green")
    return t


def _cut(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def hit_detail(h: Hit) -> Text:
    t = Text()
    t.append("source ", style="dim")
    t.append(h.source + "\n")
    t.append("target ", style="dim")
    t.append(h.target + "\n", style="green")
    t.append(f"{h.score:.0f}% · {h.origin} · ", style="dim")
    t.append("enter: go to this unit" if h.kind == "unit" else "enter: insert the target at the cursor",
             style="dim italic")
    return t


class ConcordanceScreen(ModalScreen["Hit | None"]):
    """A search input over the results: typing searches (in a worker), down or tab
    goes to the results, enter on a result chooses it, esc closes."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, initial: str, tm: TMStore | None, glossary: Glossary | None,
                 units: list[tuple[str, Item]], cache: dict[str, Folded] | None = None) -> None:
        super().__init__()
        self.initial = initial
        self.tm = tm
        self.glossary = glossary
        self.units = units
        self.folded: list[Folded] | None = None  # on the first search, in its worker
        self.cache = cache
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="concordance", classes="dialog"):
            yield Static(Text.assemble(("Concordance", "bold"), ("  TM, glossary, every unit's source and target",
                                                                 "dim")))
            yield Input(self.initial, placeholder="a word or a phrase…", id="conc-input")
            yield OptionList(id="conc-results")
            yield Static(id="conc-detail")
            yield Static(Text("type to search · down/tab: results · enter: insert or go to · esc: close",
                              style="dim"), id="conc-keys")

    def on_mount(self) -> None:
        self.query_one("#conc-input", Input).focus()
        if self.initial.strip():
            self._search(self.initial)

    @on(Input.Changed, "#conc-input")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#conc-input")
    def _submitted(self) -> None:
        results = self.query_one("#conc-results", OptionList)
        if self.hits:
            results.highlighted = 0
            results.focus()

    def key_down(self, event) -> None:
        if self.focused is self.query_one("#conc-input", Input) and self.hits:
            event.stop()
            self._submitted()

    @work(thread=True, exclusive=True, group="concordance")
    def _search(self, text: str) -> None:
        try:
            if self.folded is None:
                self.folded = fold_units(self.units, self.cache)
            hits = search(text, self.tm, self.glossary, self.folded)
        except StoreError as e:
            self.app.call_from_thread(self._show_error, str(e))
            return
        self.app.call_from_thread(self._show, text, hits)

    def _show_error(self, message: str) -> None:
        self.query_one("#conc-detail", Static).update(Text(f"search failed: {message}", style="red"))

    def _show(self, text: str, hits: list[Hit]) -> None:
        if text != self.query_one("#conc-input", Input).value:
            return  # typed on meanwhile: a newer search follows
        self.hits = hits
        width = max(20, self.query_one("#conc-results", OptionList).size.width - 4)
        results = self.query_one("#conc-results", OptionList)
        results.clear_options()
        results.add_options([Option(hit_line(h, width)) for h in hits])
        detail = self.query_one("#conc-detail", Static)
        if not hits:
            detail.update(Text("nothing found" if text.strip() else "", style="dim"))
        else:
            results.highlighted = 0
            detail.update(Text(f"{len(hits)} hit(s); down or tab: to the results", style="dim"))

    @on(OptionList.OptionHighlighted, "#conc-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.hits) and self.focused is event.option_list:
            self.query_one("#conc-detail", Static).update(hit_detail(self.hits[event.option_index]))

    def on_descendant_focus(self) -> None:
        results = self.query_one("#conc-results", OptionList)
        if self.focused is results and results.highlighted is not None and self.hits:
            self.query_one("#conc-detail", Static).update(hit_detail(self.hits[results.highlighted]))

    @on(OptionList.OptionSelected, "#conc-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
