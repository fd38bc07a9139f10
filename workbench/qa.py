"""QA checks: glossary consistency, cross-lingual title checks, typography.

Pure: `check_book(...)` and `check_sources(...)` return `Finding`s, one per
occurrence, each pointing at a file, line and column of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from workbench.align import Alignment, number_mismatch
from workbench.model import Segment
from workbench.slugs import slug_numbers
from workbench.terms import Glossary, Hit, fuzzy_variant, ru_title_concepts
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
    lead = _LEADING_SPACE.match(lines[line - 1].raw)
    indent = lead.end() if lead else 0  # not lstrip(): a copy of the whole line
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
            best = fuzzy_variant(g, tok)
            if best is None:
                continue
            concept, form, _score = best
            line, col = _where(block, lines, a)
            out.append(Finding(file, line, col, tok, concept.id, "variant", concept.fr,
                               _context(text, a, b)))
    # several accepted forms of one concept in one book: report the non-canonical ones
    # (a full form beside its acronym, or a longer name beside its short form, is no rival)
    for cid in used:
        for form in list(used[cid]):
            if full_form(form, g.by_id[cid].fr):
                del used[cid][form]
    for block, h in accepted_hits:
        forms = used[h.concept.id]
        if h.found not in forms:
            continue
        if len(forms) > 1 and h.found != h.concept.fr and h.found.casefold() != h.concept.fr.casefold():
            line, col = _where(block, lines, h.start)
            out.append(Finding(file, line, col, h.found, h.concept.id, "inconsistent", h.concept.fr,
                               _context(block.text, h.start, h.end)))
    return out


def _words(s: str) -> list[str]:
    folded = "".join(c for c in unicodedata.normalize("NFD", s.casefold()) if unicodedata.category(c) != "Mn")
    return re.findall(r"\w+", folded)


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return 0 < n < len(big) and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def full_form(form: str, canonical: str) -> bool:
    """`form` is the same name written out or shortened, not a rival spelling:
    an expansion of an acronym (commission intergouvernementale / CIG), an
    acronym of a long name (NAS), a longer or shorter form of the same words
    (Fédération de Russie / Russie), the name in capitals (VIETNAM EXPO)."""
    from workbench.terms import _is_acronym

    fw, cw = _words(form), _words(canonical)
    if (_is_acronym(canonical) and len(fw) >= 2) or (_is_acronym(form) and len(cw) >= 2):
        return True
    if _contains(fw, cw) or _contains(cw, fw):
        return True
    return form.isupper() and "".join(fw) == "".join(cw)


def _common_french(tok: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(tok.lower(), "fr") >= 3.2 and not tok.isupper()


# ------------------------------------------------------------------ title checks


def locate(lines: list[Line] | None, first: int, text: str, span: int = 8) -> tuple[int, int]:
    """(line, 1-based column) where `text` starts as printed, looked for on the
    lines from `first` on (its first words: a title or sentence wraps); (first, 1)
    when it is not found (a title lost with the extraction)."""
    words = re.findall(r"\w+", text)[:4]
    if lines and words:
        rx = re.compile(r"\W+".join(re.escape(w) for w in words[:2]) if len(words) > 1 else re.escape(words[0]))
        for n in range(max(1, first), min(len(lines), first + span) + 1):
            m = rx.search(lines[n - 1].raw)
            if m:
                start = m.start()
                # the title's own opening punctuation (a quote) belongs to it
                while start > 0 and lines[n - 1].raw[start - 1] in "\"«“'(":
                    start -= 1
                return n, start + 1
    return first, 1


def title_findings(alignments: list[Alignment], g: Glossary | None, lines: list[Line] | None = None) -> list[Finding]:
    out: list[Finding] = []
    for a in alignments:
        if a.status not in ("aligned", "suspect", "title_missing"):
            # a printed publication (no URL) is cited under its own title: an English
            # one is an English paper (the author's own, in English proceedings)
            if a.status != "no_url" and a.title_fr and _english(a.title_fr):
                out.append(Finding(a.file, *locate(lines, a.line_start, a.title_fr), a.title_fr, f"{a.kind} {a.number}",
                                   "untranslated",
                                   "translate the title into French", a.title_fr))
            continue
        where = (a.file, *locate(lines, a.line_start, a.title_fr))
        ctx = f"{a.title_ru} ↔ {a.title_fr}"
        if "title left in English" in a.flags or _english(a.title_fr):
            out.append(Finding(*where, a.title_fr, f"{a.kind} {a.number}", "untranslated",
                               a.title_ru, ctx))
        # numbers: the slug's against the title's (a truncated slug covers only the start)
        missing, extra = number_mismatch(a.title_ru, a.title_fr, "slug truncated" in a.flags)
        if missing or extra:
            n_ru, n_fr = slug_numbers(a.title_ru), slug_numbers(a.title_fr)
            out.append(Finding(*where, " ".join(sorted(missing | extra)), f"{a.kind} {a.number}", "number_mismatch",
                               f"Russian {sorted(n_ru)} / French {sorted(n_fr)}", ctx))
        if g is None:
            continue
        # places are left out: a country or a city usually appears as an adjective
        # on one side (китайская / Chine, biélorusse / Беларусь), which is no omission
        names = {c.id for c in g.concepts if c.type != "place"}
        ru_ids = ru_title_concepts(g, a.title_ru, a.slug) & names
        fr_ids = {h.concept.id for h in g.find(a.title_fr)} & names
        lost = len(re.findall(r"\w+", a.title_fr)) < 3  # the title was lost or cut to a fragment
        for cid in sorted(ru_ids - fr_ids):
            c = g.by_id[cid]
            if lost or _rendered_wrongly(c, a.title_fr, g):
                out.append(Finding(*where, c.ru, cid, "missing_in_target", c.fr, ctx))
        # a French term the Russian lacks is not reported: slugs are cut, damaged and
        # spell full names out (минский моторный завод for MMZ) far too often
    return out


def _rendered_wrongly(c, title_fr: str, g: Glossary) -> bool:
    """A term of the Russian title that the French title (a whole one) renders with
    something else: an acronym the glossary does not know in place of an acronym
    (ГрГУ as SDSU), or no trace of a person's or a company's name. Descriptions
    (СЭЗ as zone franche, КНР as la Chine) are how titles are translated, and are
    not reported."""
    from workbench.terms import _is_acronym

    words = re.findall(r"[\w-]+", title_fr)
    if _is_acronym(c.fr) or (len(c.fr) <= 6 and " " not in c.fr and sum(ch.isupper() for ch in c.fr) >= 2):  # GrSU
        return any(w.isupper() and 2 <= len(w) <= 6 and w.casefold() not in g.forms for w in words)
    if c.type not in ("person", "company") or " " in c.ru:
        return False
    from rapidfuzz import fuzz

    from workbench.align import skeleton

    parts = [skeleton(p) for p in re.split(r"[-\s]+", c.ru) if len(p) > 3] + [skeleton(f) for f in c.accepted]
    return not any(fuzz.ratio(skeleton(w)[:8], p[:8]) >= 70 for w in words for p in parts if p)


_EN = frozenset("the of and in to for with on by is are will from as at its has".split())
_FR = frozenset("le la les de des du et en pour à au aux sur un une dans par avec est sont".split())


def _english(s: str) -> bool:
    words = re.findall(r"[a-zà-ÿ']+", s.lower())
    en = sum(w in _EN for w in words)
    return en >= 2 and en > sum(w in _FR for w in words)


def sentence_findings(file: str, segments: list[Segment], lines: list[Line] | None = None) -> list[Finding]:
    """Body sentences left in English, and French typography (on the text as
    printed, so each finding has the line and column of what it found)."""
    out: list[Finding] = []
    for s in segments:
        if s.kind != "body":
            continue
        for sent in s.sentences:
            t = sent.text
            if _english(t):
                out.append(Finding(file, *locate(lines, sent.line_start, t, span=3), t[:60], "sentence", "untranslated",
                                   "", t[:120]))
    if lines is not None:
        for block in _blocks([s for s in segments if s.kind == "body"], lines):
            out += typography_findings(file, block, lines)
    return out


_OPEN_BEFORE = set(" \t([«'’‘-–—/")
_CLOSE_AFTER = set(" \t.,;:!?)]»…'’-–—")
_NEST_SPAN = 200  # characters: a quotation opened further back than this holds no other
_NBSP_MARK = re.compile(r"([\w\"»)]+)([:;!?])(?=\s|$)")


def quotations(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, inner quotations) of each quotation in straight double quotes,
    the quotes included. A quote opens after a space, a bracket or a reference
    marker glued before it (`5"La nouvelle`), closes before a space or a
    punctuation mark; a quotation inside another is returned with the outer one.
    The text between two quotations is never one, and a quotation left open does
    not swallow the ones inside it."""
    out: list[tuple[int, int, list]] = []
    stack: list[tuple[int, list]] = []
    for i, ch in enumerate(text):
        if ch != '"':
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens = (before in _OPEN_BEFORE or before.isdigit() or unicodedata.category(before) == "No") and (
            after not in _CLOSE_AFTER or (after in "'’-–—" and before in " \t"))
        closes = (before not in " \t" and after in _CLOSE_AFTER) or (before in " \t" and after in " \t")
        if stack and (closes or not opens):
            start, inner = stack.pop()
            if stack:
                stack[-1][1].append((start, i + 1))
            else:
                out.append((start, i + 1, inner))
        elif opens or (not stack and before in " \t" and after in " \t"):  # `où " nous parlons`
            if stack and i - stack[-1][0] > _NEST_SPAN:  # a quote left open long before: start again
                out += [(x, y, []) for _, inner in stack for x, y in inner]
                stack.clear()
            stack.append((i, []))
    for _, inner in stack:  # left open: the quotations it held stand alone
        out += [(x, y, []) for x, y in inner]
    return sorted(out)


def typography_findings(file: str, block: _Block, lines: list[Line]) -> list[Finding]:
    out: list[Finding] = []
    text = block.text
    urls = [m.span() for m in _URLISH.finditer(text)]
    for a, b, nested in quotations(text):
        if any(x <= a < y for x, y in urls) or not text[a + 1 : b - 1].strip():
            continue
        # French nests “ ” inside « »
        chars = list(text[a:b])
        for x, y in nested:
            chars[x - a], chars[y - 1 - a] = "“", "”"
        inner = "".join(chars[1:-1]).strip()
        line, col = _where(block, lines, a)
        out.append(Finding(file, line, col, text[a:b], "quotes", "typography", f"«\u00a0{inner}\u00a0»",
                           _context(text, a, b)))
    for m in _NBSP_MARK.finditer(text):
        word, mark = m.group(1), m.group(2)
        if any(x <= m.start(2) < y for x, y in urls) or word[-1:].isdigit() or word.lower().endswith(("http", "https")):
            continue
        line, col = _where(block, lines, m.start())
        out.append(Finding(file, line, col, m.group(0), "nbsp", "typography",
                           f"{word}\u00a0{mark}", _context(text, m.start(), m.end())))
    return out


# ------------------------------------------------------------------ across books


def source_findings(sources, lines_by_file: dict[str, list[Line]] | None = None) -> list[Finding]:
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
                    out.append(Finding(m.file, *locate((lines_by_file or {}).get(m.file), m.line_start, m.title),
                                       m.title, f"source {s.id}",
                                       "same_source_different_target", main, s.url or ""))
        for m in s.members:
            if m.title.strip() and not re.fullmatch(r"Ibid\.?", m.title.strip()):
                by_target[m.title.strip()].add(s.url or f"source {s.id}")
                members_by_target[m.title.strip()].append((s, m))
    for title, urls in by_target.items():
        if len(urls) < 2:
            continue
        group = members_by_target[title]
        # one article however its URL was cut, misspelt or reprinted by another site:
        # only sources whose slugs name different headlines are different articles
        slugs = {s.id: _headline(s) for s, _ in group}
        ids = sorted(slugs)
        distinct = any(_different_articles(slugs[a], slugs[b]) for i, a in enumerate(ids) for b in ids[i + 1:])
        if not distinct:
            continue
        for s, m in group:
            out.append(Finding(m.file, *locate((lines_by_file or {}).get(m.file), m.line_start, title), title,
                               f"source {s.id}", "same_target_different_source",
                               "; ".join(sorted(u for u in urls if u != (s.url or "")))[:200], s.url or ""))
    return out


def _headline(source) -> str:
    """The longest headline slug among a source's URLs ('' when none has one)."""
    from workbench.slugs import extract_slug

    best = ""
    for m in source.members:
        if m.url:
            sl = extract_slug(m.url)
            if sl.status == "ok" and len(sl.words) >= 3 and len(sl.slug) > len(best):
                best = sl.slug.lower()
    return best


def _different_articles(a: str, b: str) -> bool:
    """Two headline slugs that are not one headline cut, misspelt or re-segmented."""
    if not a or not b:
        return False
    from rapidfuzz import fuzz

    n = min(len(a), len(b))
    return fuzz.ratio(a[:n], b[:n]) < 75


def check_book(file: str, segments: list[Segment], lines: list[Line], alignments: list[Alignment],
               g: Glossary | None) -> list[Finding]:
    """Every check on one book (glossary checks only when there is a glossary)."""
    out: list[Finding] = []
    if g is not None:
        out += glossary_findings(file, segments, lines, g)
    out += title_findings(alignments, g, lines)
    out += sentence_findings(file, segments, lines)
    out.sort(key=lambda f: (f.line, f.col, f.kind))
    return out
