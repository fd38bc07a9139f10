"""QA checks: glossary consistency, cross-lingual title checks, typography.

Pure: `check_book(...)` and `check_sources(...)` return `Finding`s, one per
occurrence, each pointing at a file, line and column of the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from workbench.align import Alignment
from workbench.model import Segment
from workbench.slugs import slug_numbers
from workbench.terms import Glossary, Hit, ru_title_concepts
from workbench.text import Line, join_lines_mapped

KINDS = ("forbidden", "variant", "inconsistent", "missing_in_target", "number_mismatch", "untranslated",
         "same_source_different_target", "same_target_different_source", "typography")


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    col: int
    found: str
    term: str  # concept id, or what the check is about
    kind: str
    suggestion: str
    context: str

    def to_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------ text of a book


@dataclass
class _Block:
    text: str
    starts: list[tuple[int, int]]  # (offset, line number)
    kind: str

    def __post_init__(self) -> None:
        self.offsets = [off for off, _ in self.starts]  # for bisection


class _Spans:
    """Sorted character spans; `overlaps(a, b)` in O(log n), so checking every
    candidate of a long paragraph stays linear in its length."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.max_end: list[int] = []
        for _, b in spans:
            self.max_end.append(max(b, self.max_end[-1]) if self.max_end else b)

    def overlaps(self, a: int, b: int) -> bool:
        """Some span [x, y) with x < b and a < y."""
        i = bisect_left(self.starts, b) - 1
        return i >= 0 and self.max_end[i] > a

    def contains(self, a: int) -> bool:
        return self.overlaps(a, a + 1)


def _blocks(segments: list[Segment], lines: list[Line]) -> list[_Block]:
    """Body, heading and footnote text joined as printed (markers and all), with line maps."""
    out = []
    for s in segments:
        if s.kind not in ("body", "heading", "footnote", "bibliography"):
            continue
        text, starts = join_lines_mapped([(n, lines[n - 1].text) for n in s.lines if lines[n - 1].kind == "text"])
        if text:
            out.append(_Block(text, starts, s.kind))
    return out


_LEADING_SPACE = re.compile(r"\s*")


def _where(block: _Block, lines: list[Line], offset: int) -> tuple[int, int]:
    """(line, 1-based column in the original line) of a character offset."""
    i = bisect_right(block.offsets, offset) - 1
    if i < 0:
        line, start = block.starts[0][1], 0
    else:
        start, line = block.starts[i]
    indent = _LEADING_SPACE.match(lines[line - 1].raw).end()  # not lstrip(): a copy of the whole line
    return line, offset - start + indent + 1


def _context(text: str, a: int, b: int, width: int = 40) -> str:
    return ("…" if a > width else "") + text[max(0, a - width) : b + width].strip() + ("…" if b + width < len(text) else "")


# ------------------------------------------------------------------ glossary checks

_CANDIDATE = re.compile(r"(?<![\w'’])(?:[A-ZÀ-Ý][\w-]{2,}|[A-Z]{2,6})(?![\w])")
_URLISH = re.compile(r"https?://\S+|www\.\S+")


def glossary_findings(file: str, segments: list[Segment], lines: list[Line], g: Glossary) -> list[Finding]:
    out: list[Finding] = []
    used: dict[str, Counter] = defaultdict(Counter)  # concept -> accepted forms used in this book
    accepted_hits: list[tuple[_Block, Hit]] = []
    for block in _blocks(segments, lines):
        text = block.text
        urls = _Spans([m.span() for m in _URLISH.finditer(text)])
        hits = [h for h in g.find(text) if not urls.contains(h.start)]
        covered = _Spans([(h.start, h.end) for h in hits])
        for h in hits:
            if h.status == "forbidden":
                line, col = _where(block, lines, h.start)
                out.append(Finding(file, line, col, h.found, h.concept.id, "forbidden", h.concept.fr,
                                   _context(text, h.start, h.end)))
            else:
                used[h.concept.id][h.found] += 1
                accepted_hits.append((block, h))
        # unknown spellings close to a term
        for m in _CANDIDATE.finditer(text):
            a, b = m.span()
            if urls.contains(a) or covered.overlaps(a, b):
                continue
            tok = m.group()
            if tok.casefold() in g.forms or _common_french(tok):
                continue
            best = g.fuzzy(tok)
            if best is None:
                continue
            concept, form, score = best
            line, col = _where(block, lines, a)
            out.append(Finding(file, line, col, tok, concept.id, "variant", concept.fr,
                               _context(text, a, b)))
    # several accepted forms of one concept in one book: report the non-canonical ones
    for block, h in accepted_hits:
        forms = used[h.concept.id]
        if len(forms) > 1 and h.found != h.concept.fr and h.found.casefold() != h.concept.fr.casefold():
            line, col = _where(block, lines, h.start)
            out.append(Finding(file, line, col, h.found, h.concept.id, "inconsistent", h.concept.fr,
                               _context(block.text, h.start, h.end)))
    return out


def _common_french(tok: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(tok.lower(), "fr") >= 3.2 and not tok.isupper()


# ------------------------------------------------------------------ title checks


def title_findings(alignments: list[Alignment], g: Glossary | None) -> list[Finding]:
    out: list[Finding] = []
    for a in alignments:
        if a.status not in ("aligned", "suspect"):
            if a.title_fr and _english(a.title_fr):
                out.append(Finding(a.file, a.line_start, 1, a.title_fr, f"{a.kind} {a.number}", "untranslated",
                                   "translate the title into French", a.title_fr))
            continue
        where = (a.file, a.line_start, 1)
        ctx = f"{a.title_ru} ↔ {a.title_fr}"
        if "title left in English" in a.flags or _english(a.title_fr):
            out.append(Finding(*where, a.title_fr, f"{a.kind} {a.number}", "untranslated",
                               a.title_ru, ctx))
        # numbers: the slug's against the title's (a truncated slug covers only the start)
        n_ru, n_fr = slug_numbers(a.title_ru), slug_numbers(a.title_fr)
        missing = n_ru - n_fr
        extra = set() if "slug truncated" in a.flags else n_fr - n_ru
        if missing or extra:
            out.append(Finding(*where, " ".join(sorted(missing | extra)), f"{a.kind} {a.number}", "number_mismatch",
                               f"Russian {sorted(n_ru)} / French {sorted(n_fr)}", ctx))
        if g is None:
            continue
        # places are left out: a country or a city usually appears as an adjective
        # on one side (китайская / Chine, biélorusse / Беларусь), which is no omission
        names = {c.id for c in g.concepts if c.type != "place"}
        ru_ids = ru_title_concepts(g, a.title_ru, a.slug) & names
        fr_ids = {h.concept.id for h in g.find(a.title_fr)} & names
        for cid in sorted(ru_ids - fr_ids):
            c = g.by_id[cid]
            out.append(Finding(*where, c.ru, cid, "missing_in_target", c.fr, ctx))
        if "slug truncated" not in a.flags:
            for cid in sorted(fr_ids - ru_ids):
                c = g.by_id[cid]
                if not c.ru:
                    continue
                out.append(Finding(*where, c.fr, cid, "missing_in_target", f"{c.ru} (absent from the Russian title)",
                                   ctx))
    return out


_EN = frozenset("the of and in to for with on by is are will from as at its has".split())
_FR = frozenset("le la les de des du et en pour à au aux sur un une dans par avec est sont".split())


def _english(s: str) -> bool:
    words = re.findall(r"[a-zà-ÿ']+", s.lower())
    en = sum(w in _EN for w in words)
    return en >= 2 and en > sum(w in _FR for w in words)


def sentence_findings(file: str, segments: list[Segment]) -> list[Finding]:
    """Body sentences left in English, and French typography."""
    out: list[Finding] = []
    for s in segments:
        if s.kind != "body":
            continue
        for sent in s.sentences:
            t = sent.text
            if _english(t):
                out.append(Finding(file, sent.line_start, 1, t[:60], "sentence", "untranslated", "", t[:120]))
            for m in re.finditer(r"(?<=[\w\"»)])([:;!?])(?=\s|$)", t):
                before = t[max(0, m.start() - 5) : m.start()]  # not the whole sentence: linear
                if before.endswith(("http", "https")) or before[-1:].isdecimal():
                    continue
                out.append(Finding(file, sent.line_start, 1, t[max(0, m.start() - 10) : m.end()], "nbsp",
                                   "typography", f"non-breaking space before {m.group(1)!r}",
                                   _context(t, m.start(), m.end())))
            for m in re.finditer(r'"([^"]{1,200})"', t):
                out.append(Finding(file, sent.line_start, 1, m.group(0)[:40], "quotes", "typography",
                                   f"« {m.group(1).strip()[:30]} »", _context(t, m.start(), m.end())))
    return out


# ------------------------------------------------------------------ across books


def source_findings(sources) -> list[Finding]:
    """One source with several French titles (footnote vs bibliography wording),
    and one French title given to several sources."""
    out: list[Finding] = []
    by_target: dict[str, set[str]] = defaultdict(set)
    members_by_target: dict[str, list] = defaultdict(list)
    for s in sources:
        titles = Counter(m.title.strip() for m in s.members if m.title.strip())
        if len(titles) > 1:
            main = titles.most_common(1)[0][0]
            for m in s.members:
                if m.title.strip() and m.title.strip() != main:
                    out.append(Finding(m.file, m.line_start, 1, m.title, f"source {s.id}",
                                       "same_source_different_target", main, s.url or ""))
        for m in s.members:
            if m.title.strip() and not re.fullmatch(r"Ibid\.?", m.title.strip()):
                by_target[m.title.strip()].add(s.url or f"source {s.id}")
                members_by_target[m.title.strip()].append((s, m))
    for title, urls in by_target.items():
        if len(urls) > 1:
            for s, m in members_by_target[title]:
                out.append(Finding(m.file, m.line_start, 1, title, f"source {s.id}", "same_target_different_source",
                                   "; ".join(sorted(u for u in urls if u != (s.url or "")))[:200], s.url or ""))
    return out


def check_book(file: str, segments: list[Segment], lines: list[Line], alignments: list[Alignment],
               g: Glossary | None) -> list[Finding]:
    """Every check on one book (glossary checks only when there is a glossary)."""
    out: list[Finding] = []
    if g is not None:
        out += glossary_findings(file, segments, lines, g)
    out += title_findings(alignments, g)
    out += sentence_findings(file, segments)
    out.sort(key=lambda f: (f.line, f.col, f.kind))
    return out
