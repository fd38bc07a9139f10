"""What the review panes show, as pure functions from data to Rich text.

No widget code here: the app calls these with a unit and the data around it, so the
content of every pane is testable on its own.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from rich.text import Text

from ..store import UnitRow
from ..terms import Glossary

STATUS_MARK = {"new": "·", "draft": "✎", "confirmed": "✔", "approved": "★", "rejected": "✘"}
STATUS_STYLE = {"new": "dim", "draft": "yellow", "confirmed": "green", "approved": "bold green",
                "rejected": "red"}
HIT_STYLE = {"canonical": "bold cyan", "variant": "bold yellow", "forbidden": "bold white on red",
             "fuzzy": "bold magenta"}


@dataclass(frozen=True)
class Suggestion:
    kind: str  # rendering | tm | mt
    text: str
    origin: str  # where it comes from, shown to the reviewer
    score: float | None = None  # TM match percentage


@dataclass(frozen=True)
class TermHit:
    side: str  # source | target
    start: int
    end: int
    found: str
    canonical: str  # the glossary form on that side
    concept: str
    status: str


# --- glossary hits -------------------------------------------------------------------

def french_hits(g: Glossary | None, text: str, side: str) -> list[TermHit]:
    if g is None or not text:
        return []
    return [TermHit(side, h.start, h.end, h.found, h.concept.fr, h.concept.id, h.status)
            for h in g.find(text)]


def russian_hits(g: Glossary | None, title: str) -> list[TermHit]:
    """Glossary terms of a Russian title, every type (matched by lemma or stem)."""
    if g is None or not title:
        return []
    from ..masking import ru_term_spans

    types = frozenset(c.type for c in g.concepts)
    return [TermHit("source", sp.start, sp.end, title[sp.start:sp.end], sp.concept.ru, sp.concept.id, "canonical")
            for sp in ru_term_spans(title, g, types)]


def unit_hits(g: Glossary | None, unit: UnitRow, target: str) -> list[TermHit]:
    src = russian_hits(g, unit.source) if unit.queue == "titles" else french_hits(g, unit.source, "source")
    return src + french_hits(g, target, "target")


def highlight(text: str, hits: list[TermHit]) -> Text:
    t = Text(text)
    for h in hits:
        t.stylize(HIT_STYLE.get(h.status, "bold"), h.start, h.end)
    return t


def glossary_pane(hits: list[TermHit]) -> Text:
    if not hits:
        return Text("No glossary term in this unit.", style="dim")
    t = Text()
    seen = set()
    for h in hits:
        k = (h.side, h.found, h.canonical, h.status)
        if k in seen:
            continue
        seen.add(k)
        t.append("src " if h.side == "source" else "tgt ", style="dim")
        t.append(h.found, style=HIT_STYLE.get(h.status, "bold"))
        if h.found.casefold() != h.canonical.casefold() or h.status != "canonical":
            t.append(" → ")
            t.append(h.canonical, style="bold cyan")
            if h.status != "canonical":
                t.append(f" ({h.status})", style="dim")
        t.append("\n")
    t.rstrip()
    return t


# --- source, context, findings -----------------------------------------------------------

def source_pane(unit: UnitRow, hits: list[TermHit]) -> Text:
    t = highlight(unit.source, [h for h in hits if h.side == "source"])
    if unit.queue == "titles" and unit.context.get("url"):
        t.append("\n")
        t.append(unit.context["url"], style="dim underline")
    return t


def context_pane(unit: UnitRow) -> Text:
    c = unit.context
    t = Text()
    t.append(unit.file, style="bold")
    if unit.line_start is not None:
        lines = f"{unit.line_start}" if unit.line_start == unit.line_end else f"{unit.line_start}-{unit.line_end}"
        t.append(f"  lines {lines}", style="dim")
    if unit.queue == "titles":
        kind = c.get("kind", "entry")
        t.append(f"\n{kind} {c.get('number') or ''}".rstrip())
        if c.get("score") is not None:
            t.append(f"  alignment {c['score']:.2f} ({c.get('status', '')})")
        if c.get("flags"):
            t.append("\nflags: " + ", ".join(c["flags"]), style="yellow")
        if c.get("evidence"):
            t.append("\nevidence: " + ", ".join(c["evidence"]), style="dim")
        if c.get("sentence"):
            t.append("\ncited by: ", style="dim")
            t.append(c["sentence"])
    else:
        if c.get("prev"):
            t.append("\n… " + c["prev"], style="dim")
        t.append("\n▶ " + unit.text, style="bold")
        if c.get("next"):
            t.append("\n… " + c["next"], style="dim")
    if unit.note:
        t.append("\nnote: " + unit.note, style="italic")
    if unit.orphaned:
        t.append("\norphaned: its place in the book was lost in a rebuild", style="red")
    return t


_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def findings_pane(findings: list[dict]) -> Text:
    """The unit's findings, most severe first (`severity` when the profile gave one)."""
    if not findings:
        return Text("No QA finding.", style="dim")
    t = Text()
    for f in findings[:12]:
        sev = f.get("severity")
        if sev:
            t.append(f"{sev} ", style=_SEVERITY_STYLE.get(sev, "dim"))
        t.append(f"{f['kind']}", style="bold yellow")
        t.append(f" {f['found']}")
        if f.get("suggestion"):
            t.append(" → ")
            t.append(f["suggestion"], style="cyan")
        t.append(f"  l.{f['line']}\n", style="dim")
    if len(findings) > 12:
        t.append(f"… and {len(findings) - 12} more", style="dim")
    t.rstrip()
    return t


# --- suggestions -----------------------------------------------------------------------

def word_diff(old: str, new: str) -> Text:
    """Words removed from `old` struck out in red, words added in `new` in green."""
    a, b = old.split(), new.split()
    t = Text()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            t.append(" ".join(a[i1:i2]) + " ")
            continue
        if i2 > i1:
            t.append(" ".join(a[i1:i2]), style="strike red")
            t.append(" ")
        if j2 > j1:
            t.append(" ".join(b[j1:j2]), style="bold green")
            t.append(" ")
    t.rstrip()
    return t


def suggestions_pane(suggestions: list[Suggestion], current: str, mt_missing: str | None = None) -> Text:
    """The numbered suggestions; `mt_missing` is why MT cannot run, if it cannot."""
    t = Text()
    if not suggestions:
        t.append("No suggestion.", style="dim")
    for n, s in enumerate(suggestions, 1):
        key = f"[{n}] " if n <= 3 else "    "
        t.append(key, style="bold reverse" if n <= 3 else "")
        label = {"rendering": "other rendering", "tm": "TM", "mt": "MT"}[s.kind]
        t.append(label, style="bold")
        if s.score is not None:
            t.append(f" {s.score:.0f}%", style="bold")
        t.append(f"  {s.origin}\n", style="dim")
        t.append("    ")
        t.append_text(word_diff(current, s.text) if s.kind != "mt" else Text(s.text))
        t.append("\n")
    if mt_missing:
        if t.plain and not t.plain.endswith("\n"):
            t.append("\n")  # its own line, never glued to "No suggestion."
        t.append(f"MT: {mt_missing}", style="dim")
    t.rstrip()
    return t


# --- scores --------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def hter(mt: str, post_edited: str) -> float:
    """Edits that turn the machine translation into the reviewed text, per reviewed
    word (sacrebleu TER, case-sensitive), in percent."""
    if mt == post_edited:
        return 0.0
    from ..scores import unit_hters

    return unit_hters([(mt, post_edited)])[0]
