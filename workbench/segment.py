"""Structure of one book: front matter, TOC, headings, body, footnotes,
bibliography, back matter, unreadable regions; body paragraphs split into
sentences.

Pure: `segment_text(text, file)` returns `Segmentation`. Every content line of
the input ends up in exactly one segment (tested on the whole corpus); page
furniture (blank and separator lines, page numbers, publisher stamps) is the
only thing left out, and it is counted.

Two layouts occur. "wrapped": hard-wrapped lines (some books double-spaced),
each page's footnotes after a separator line of spaces, the next page's text
resuming after them with a leading space. "paragraph": one paragraph per line,
footnotes as their own lines between paragraphs, a paragraph cut by a page break
resuming after that page's footnotes.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from workbench.model import Segment, Sentence
from workbench.sentences import split_offsets
from workbench.text import (
    BLANK,
    FURNITURE,
    PAGE_NUMBER,
    SEPARATOR,
    TEXT,
    UNREADABLE,
    Line,
    clean_lines,
    join_lines_mapped,
)

WRAPPED, PARAGRAPH = "wrapped", "paragraph"


@dataclass
class Segmentation:
    file: str
    layout: str
    segments: list[Segment]
    lines: list[Line]
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.segments:
            out[s.kind] = out.get(s.kind, 0) + 1
        return out


# ------------------------------------------------------------------ cues

# Evidence that a line belongs to a bibliographic reference.
_CITATION = re.compile(
    r"\[(?:Ressource|ressource|Electronic|Electronique|Électronique)"
    r"|électronique\]|URL\s*:|https?:|www\.|\w\.(?:by|ru|com|org|net|kz|uz|cn|html?)\b"
    r"|\s//\s|(?:^|\s)[-–]\s*(?:19|20)\d\d\s*\.?\s*[-–]|(?:^|\s)(?:С|C|P|S|Р)\.\s*\d"
    r"|\b(?:Ibid|Op\. cit)|\d{4,}-(?:19|20)\d\d/?\s*$|_id_|\.htm"
)
# A slug or URL tail on its own: lower-case words joined by hyphens or underscores.
_SLUG_LINE = re.compile(r"^[\[(]?[a-z0-9%_./?=&#-]+(?:[-_/][a-z0-9%_./?=&#-]*)+[)\]]?\.?$|^\d{4}/?\.?$|^(?=.*[%\d_])[\w%]{12,}/?$|^/\S+$|^[\w%.-]+/[\w%./?=&#-]*$")
# The start of a footnote entry: a number (plain or superscript) then text.
_FN_START = re.compile(
    r"^(?:(?P<num>\d{1,3})\s*\.?\s*(?=[^\d\s.,%/:-])|\d{1,3}\s+(?=\d{1,2}(?:e|er|ème)\s)|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*\S)"
)
_SENT_END = re.compile(r"""(?:[.!?…]|\.\.\.)[\s"»”)\]]*(?:\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})?\s*[.]?\s*$""")
_TOC_ENTRY = re.compile(r"(?:\.{4,}|…{2,}|\s)\s*\d{1,3}\s*$")
_TOC_TITLE = re.compile(r"^(?:Table des matières|Sommaire|Contenu|Table of contents)$", re.I)
_BIBLIO_TITLE = re.compile(r"^(?:Littérature|Bibliographie|Références|Liste des sources)\s*$", re.I)
_BACK_MATTER = re.compile(r"(?i)more\s*books|buy your books|morebooks\.|omniscriptum|omniscryptum|printed at:")
_CHAPTER = re.compile(r"^(?:CHAPITRE|CHAPTER|PARTIE)\s+\w+")


def is_citation(s: str) -> bool:
    return bool(_CITATION.search(s) or _SLUG_LINE.match(s))


def footnote_start(s: str) -> bool:
    m = _FN_START.match(s)
    if not m:
        return False
    if m.group("num") and re.match(r"^\d{1,3}\s+(?:millions?|milliards?|mille|%|ans|entreprises|pays)\b", s):
        return False
    return True


def ends_sentence(s: str) -> bool:
    return bool(_SENT_END.search(s))


def _upper_start(s: str) -> bool:
    s = s.lstrip("\"«“' (")
    return bool(s) and (s[0].isupper() or s[0].isdigit())


# ------------------------------------------------------------------ layout


def detect_layout(lines: list[Line]) -> tuple[str, int, bool]:
    """(layout, typical line width, double-spaced?) of a book."""
    texts = [ln for ln in lines if ln.kind == TEXT]
    if not texts:
        return WRAPPED, 80, False
    lengths = sorted(len(ln.text) for ln in texts)
    if statistics.median(lengths) > 140:
        return PARAGRAPH, 0, True
    width = lengths[int(len(lengths) * 0.8)]
    # Double-spaced: most text lines are followed by an empty line.
    followed = sum(
        1 for ln in texts if ln.no < len(lines) and lines[ln.no].kind == BLANK
    )
    return WRAPPED, width, followed > 0.6 * len(texts)


# ------------------------------------------------------------------ regions


def _find_toc(lines: list[Line]) -> tuple[int, int] | None:
    """Index span [a, b) of the table of contents: a title line, or a run of
    at least three entries ending in page numbers, in the first third."""
    limit = len(lines) // 3
    i = 0
    while i < limit:
        ln = lines[i]
        if ln.kind == TEXT and (_TOC_TITLE.match(ln.text) or _TOC_ENTRY.search(ln.text)):
            j, entries, last = i + (1 if _TOC_TITLE.match(ln.text) else 0), 0, i
            while j < len(lines):
                lj = lines[j]
                if lj.kind == TEXT:
                    if not _TOC_ENTRY.search(lj.text):
                        break
                    entries, last = entries + 1, j
                elif lj.kind == UNREADABLE:
                    break
                j += 1
            if entries >= 3:
                return i, last + 1
            i = j if j > i else i + 1
            continue
        i += 1
    return None


def _find_bibliography(lines: list[Line], start: int) -> int | None:
    for i in range(len(lines) - 1, start - 1, -1):
        if lines[i].kind == TEXT and _BIBLIO_TITLE.match(lines[i].text):
            return i
    return None


def _find_back_matter(lines: list[Line], start: int) -> int | None:
    tail = max(start, int(len(lines) * 0.9))
    for i in range(tail, len(lines)):
        if lines[i].kind == TEXT and _BACK_MATTER.search(lines[i].text):
            # Back matter starts at the block right after the last entry-like line.
            j = i
            while j > tail and lines[j - 1].kind != TEXT or (
                j > tail and lines[j - 1].kind == TEXT and not is_citation(lines[j - 1].text)
                and not footnote_start(lines[j - 1].text)
            ):
                j -= 1
            return j
    return None


# ------------------------------------------------------------------ footnote zones


def _footnote_zones_wrapped(lines: list[Line], a: int, b: int, double: bool) -> set[int]:
    """Indexes of footnote lines between a and b in a hard-wrapped book."""
    notes: set[int] = set()
    i = a
    while i < b:
        ln = lines[i]
        if ln.kind != SEPARATOR:
            # A numbered citation line in the middle of the body (a footnote
            # whose separator the extraction lost) is a footnote too.
            if (
                ln.kind == TEXT
                and footnote_start(ln.text)
                and is_citation(ln.text)
                and "[" in ln.text
            ):
                notes.add(i)
            i += 1
            continue
        # Collect the zone after the separator.
        j = i + 1
        zone: list[int] = []
        while j < b:
            lj = lines[j]
            if lj.kind == SEPARATOR:
                break
            if lj.kind in (BLANK, FURNITURE):
                if double and zone and not _next_is_footnote(lines, j, b):
                    break
                j += 1
                continue
            if lj.kind == PAGE_NUMBER and _is_page_number(lines, j):
                break
            if lj.kind == PAGE_NUMBER:
                # A bare number inside the zone starts an entry (004: "70" alone);
                # after a blank gap it is the next page's number.
                if zone and lines[j - 1].kind != BLANK:
                    zone.append(j)
                    j += 1
                    continue
                if zone and _next_text(lines, j, b) is not None and not is_citation(
                    lines[_next_text(lines, j, b)].text
                ) and lines[_next_text(lines, j, b)].indented:
                    break
                zone.append(j)
                j += 1
                continue
            if lj.kind != TEXT:
                break
            if zone and _resumes_body(lines, j, b, double):
                break
            zone.append(j)
            j += 1
        notes.update(zone)
        i = j
    return notes


def _is_page_number(lines: list[Line], j: int) -> bool:
    """A bare number after a blank gap and before a whitespace line is page furniture."""
    before = j > 0 and lines[j - 1].kind in (BLANK, SEPARATOR)
    after = j + 1 < len(lines) and lines[j + 1].kind == BLANK
    return before and after


_RESOURCE_TAG = re.compile(r"\[(?:R|r)essource|\[Electronic")
_URL_LABEL = re.compile(r"\bURL\s*:")
_STRONG_CITATION = re.compile(r"\[(?:R|r)essource [ée]lectronique|URL\s*:|https?://|^www\.")


def _stray_citations(lines: list[Line], a: int, b: int, notes: set[int]) -> set[int]:
    """Pieces of footnotes left among body lines (no separator before them):
    a line carrying a URL or "[Ressource électronique]", and the URL lines that
    continue it (000 line 2288, 004 lines 1889-1892, 002 line 197)."""
    out: set[int] = set()
    i = a
    while i < b:
        ln = lines[i]
        if i in notes or ln.kind != TEXT or not _STRONG_CITATION.search(ln.text):
            i += 1
            continue
        out.add(i)
        last, j = i, i + 1
        while j < b:
            lj = lines[j]
            if lj.kind in (BLANK, FURNITURE):
                j += 1
                continue
            if lj.kind == TEXT and j not in notes and (
                _STRONG_CITATION.search(lj.text)
                or _SLUG_LINE.match(lj.text)
                or (lines[last].text.endswith("-") and _SLUG_LINE.match(lj.text.split(" ")[0]))
                or (footnote_start(lj.text) and _next_cites(lines, j, b))
            ):
                out.add(j)
                last, j = j, j + 1
                continue
            break
        i = j
    return out


def _next_cites(lines: list[Line], j: int, b: int) -> bool:
    k = _next_text(lines, j, b)
    return k is not None and bool(_STRONG_CITATION.search(lines[k].text))


def _next_text(lines: list[Line], j: int, b: int) -> int | None:
    for k in range(j + 1, min(b, j + 6)):
        if lines[k].kind == TEXT:
            return k
        if lines[k].kind == SEPARATOR:
            return None
    return None


def _next_is_footnote(lines: list[Line], j: int, b: int) -> bool:
    k = _next_text(lines, j, b)
    return k is not None and (footnote_start(lines[k].text) or is_citation(lines[k].text)) and not lines[k].indented


def _resumes_body(lines: list[Line], j: int, b: int, double: bool) -> bool:
    """Does line j, inside a footnote zone, start the next page's body text?"""
    ln = lines[j]
    if is_citation(ln.text) or (footnote_start(ln.text) and not ln.indented):
        return False
    if double:
        # Footnotes are single-spaced; body lines are followed by a blank line.
        nxt = lines[j + 1] if j + 1 < b else None
        if nxt is not None and nxt.kind == TEXT:
            k = j + 1
            # a two-line heading resuming the page is still single-spaced
            if ln.indented and not is_citation(nxt.text) and not footnote_start(nxt.text):
                return _resumes_body(lines, k, b, double) if k + 1 < b and lines[k + 1].kind == TEXT else True
            return False
        return True
    if not ln.indented:
        return False
    k = _next_text(lines, j, b)
    if k is None:
        return True
    nxt = lines[k].text
    return not is_citation(nxt)


# ------------------------------------------------------------------ main


def segment_text(text: str, file: str, sentences: bool = True) -> Segmentation:
    lines = clean_lines(text)
    return segment_lines(lines, file, sentences)


def segment_lines(lines: list[Line], file: str, sentences: bool = True) -> Segmentation:
    """Structure of one book. `sentences=False` leaves body paragraphs unsplit
    (the marker stage splits them once markers are out of the text)."""
    layout, width, double = detect_layout(lines)
    n = len(lines)
    label: list[str | None] = [None] * n
    warnings: list[str] = []

    for i, ln in enumerate(lines):
        if ln.kind == UNREADABLE:
            label[i] = "unreadable"

    toc = _find_toc(lines)
    body_start = 0
    if toc:
        a, b = toc
        for i in range(0, a):
            if lines[i].kind in (TEXT, PAGE_NUMBER) and label[i] is None and lines[i].kind == TEXT:
                label[i] = "front_matter"
        for i in range(a, b):
            if lines[i].kind == TEXT:
                label[i] = "toc"
        body_start = b
    biblio = _find_bibliography(lines, body_start)
    back = _find_back_matter(lines, biblio if biblio is not None else body_start)
    body_end = n
    if back is not None:
        for i in range(back, n):
            if lines[i].kind == TEXT:
                label[i] = "back_matter"
        body_end = back
    if biblio is not None:
        for i in range(biblio, body_end):
            if lines[i].kind == TEXT:
                label[i] = "bibliography"
        body_end = biblio

    if layout == WRAPPED:
        notes = _footnote_zones_wrapped(lines, body_start, body_end, double)
    else:
        notes = {
            i
            for i in range(body_start, body_end)
            if lines[i].kind == TEXT and footnote_start(lines[i].text) and is_citation(lines[i].text)
        }
    notes |= _stray_citations(lines, body_start, body_end, notes)
    for i in notes:
        if lines[i].kind in (TEXT, PAGE_NUMBER) and label[i] is None:
            label[i] = "footnote"

    segs: list[Segment] = []
    builder = _Builder(file, segs, sentences)

    # Front matter / TOC / unreadable blocks: one segment per block of lines.
    # Body, footnotes and bibliography are built by their own passes, in line order.
    body_lines = [
        i for i in range(body_start, body_end) if lines[i].kind == TEXT and label[i] is None
    ]
    headings = (
        _headings_paragraph(lines, body_lines, toc)
        if layout == PARAGRAPH
        else _headings_wrapped(lines, body_lines, width, double)
    )
    blocks = _body_blocks(lines, body_lines, headings, layout, width)
    fn_blocks = _entries(lines, sorted(i for i in range(n) if label[i] == "footnote"), "footnote")
    bib_blocks = _entries(lines, [i for i in range(n) if label[i] == "bibliography"], "bibliography")
    other = _runs(lines, label, ("front_matter", "toc", "unreadable", "back_matter"))

    items: list[tuple[int, str, list[int], dict]] = []
    for kind, idx in other:
        items.append((idx[0], kind, idx, {}))
    for kind, idx, extra in blocks:
        items.append((idx[0], kind, idx, extra))
    for kind, idx, extra in fn_blocks + bib_blocks:
        items.append((idx[0], kind, idx, extra))
    items.sort(key=lambda t: t[0])

    article = None
    n_articles = 0
    for _, kind, idx, extra in items:
        if kind == "heading":
            if extra.get("level", 2) == 2:
                n_articles += 1
                article = n_articles
        builder.add(kind, idx, lines, article if kind in ("heading", "body", "footnote") else None, extra, layout)

    if n_articles == 0 and body_lines:
        warnings.append(f"{file}: no article heading recognised")
    n_bad = sum(1 for ln in lines if ln.kind == UNREADABLE)
    if n_bad:
        warnings.append(f"{file}: {n_bad} unreadable lines (U+FFFD) reported as 'unreadable' segments")
    stray = sum(1 for ln in lines if ln.kind == TEXT and "\ufffd" in ln.text)
    if stray:
        warnings.append(f"{file}: {stray} lines with isolated U+FFFD characters kept in text")
    return Segmentation(file, layout, segs, lines, warnings)


class _Builder:
    def __init__(self, file: str, out: list[Segment], sentences: bool = True):
        self.file, self.out, self.split = file, out, sentences

    def add(self, kind, idx, lines, article, extra, layout):
        own = [i for i in idx if lines[i].kind in (TEXT, PAGE_NUMBER, UNREADABLE)]
        nos = tuple(lines[i].no for i in own)
        sentences: tuple[Sentence, ...] = ()
        if kind in ("unreadable", "front_matter", "toc", "back_matter"):
            text = "\n".join(lines[i].text for i in own)
        else:
            text, starts = join_lines_mapped([(lines[i].no, lines[i].text) for i in own])
            if kind == "body" and self.split:
                sentences = sentences_with_lines(text, starts)
        self.out.append(
            Segment(
                file=self.file,
                index=len(self.out),
                kind=kind,
                article=article,
                text=text,
                line_start=min(nos),
                line_end=max(nos),
                lines=nos,
                sentences=sentences,
                level=extra.get("level"),
                fragment=extra.get("fragment", False),
            )
        )


def line_at(starts: list[tuple[int, int]], offset: int) -> int:
    """Original line number of a character offset of a joined paragraph."""
    k = bisect_right(starts, (offset, float("inf"))) - 1
    return starts[max(k, 0)][1]


def sentences_with_lines(text: str, starts: list[tuple[int, int]], offsets=None) -> tuple[Sentence, ...]:
    """Split a paragraph into sentences, each with its original line span."""
    return tuple(
        Sentence(text[a:b].strip(), line_at(starts, a), line_at(starts, max(a, b - 1)))
        for a, b in (offsets if offsets is not None else split_offsets(text))
    )


def _runs(lines: list[Line], label: list[str | None], kinds) -> list[tuple[str, list[int]]]:
    """Consecutive lines of one label (blank/furniture lines don't break a run)."""
    out: list[tuple[str, list[int]]] = []
    cur: tuple[str, list[int]] | None = None
    for i, ln in enumerate(lines):
        lab = label[i]
        if lab in kinds and lab is not None:
            if cur and cur[0] == lab:
                cur[1].append(i)
            else:
                cur = (lab, [i])
                out.append(cur)
        elif ln.kind in (TEXT, UNREADABLE) and lab not in kinds:
            cur = None
    return out


def _entries(lines: list[Line], idx: list[int], kind: str) -> list[tuple[str, list[int], dict]]:
    """Group footnote or bibliography lines into entries, each starting at a number.

    Lines before the first numbered line of a zone continue an entry from the
    previous page; they become a `fragment` segment (the footnote stage links it).
    """
    out: list[tuple[str, list[int], dict]] = []
    cur: list[int] | None = None
    prev = -10
    for i in idx:
        s = lines[i].text
        contiguous = all(lines[k].kind not in (TEXT,) or k in idx for k in range(prev + 1, i)) if prev >= 0 else False
        starts = footnote_start(s) or lines[i].kind == PAGE_NUMBER or _BIBLIO_TITLE.match(s)
        # a second citation inside one entry is the tail of another entry (003 line 2229)
        second = cur is not None and _RESOURCE_TAG.search(s) and any(
            _URL_LABEL.search(lines[k].text) for k in cur
        )
        if starts or cur is None or not contiguous or second:
            cur = [i]
            extra = {} if starts else {"fragment": True}
            out.append((kind, cur, extra))
        else:
            cur.append(i)
        # A bare number alone on its line opens the entry that follows it.
        prev = i
    return out


# ------------------------------------------------------------------ headings


def _headings_wrapped(lines: list[Line], body: list[int], width: int, double: bool) -> dict[int, tuple[list[int], int]]:
    """Heading start index -> (line indexes, level) for a hard-wrapped book."""
    out: dict[int, tuple[list[int], int]] = {}
    short = 0.82 * width
    k = 0
    prev_end = True  # the file starts with a heading
    while k < len(body):
        i = body[k]
        ln = lines[i]
        s = ln.text
        if _CHAPTER.match(s) or (s.isupper() and len(s) > 4 and len(s) < short and prev_end):
            out[i] = ([i], 1)
            k += 1
            prev_end = True
            continue
        if prev_end and _heading_like(s, short) and (k == 0 or _isolated(lines, i, double)):
            group = [i]
            m = k + 1
            # continuation lines: short, no final period, directly after
            while m < len(body) and len(group) < 3:
                t = lines[body[m]].text
                if (
                    _heading_like(t, short, cont=True)
                    and not ends_sentence(lines[group[-1]].text.rstrip(" :,"))
                    and (t[:1].islower() or lines[group[-1]].text.rstrip().endswith((":", ",", "-")) or _weak_end(lines[group[-1]].text))
                ):
                    group.append(body[m])
                    m += 1
                else:
                    break
            # what follows a heading starts a paragraph
            # a title does not stop on an article or preposition ("... l'Université de")
            complete = not _weak_end(lines[group[-1]].text)
            if complete and (m >= len(body) or _upper_start(lines[body[m]].text)):
                out[i] = (group, 2)
                k = m
                prev_end = True
                continue
        prev_end = ends_sentence(s) or s.rstrip().endswith(":")
        k += 1
    return out


_WEAK_END = re.compile(r"\b(?:de|du|des|la|le|les|et|en|dans|une|un|pour|vers|à|au|aux|comme|sur|avec|d'|l')$", re.I)


def _weak_end(s: str) -> bool:
    return bool(_WEAK_END.search(s.rstrip(" ,:")))


def _heading_like(s: str, short: float, cont: bool = False) -> bool:
    if not s or len(s) > short or len(s) < 3:
        return False
    if ends_sentence(s) and not s.rstrip().endswith("..."):
        return False
    if is_citation(s) or footnote_start(s) and not cont:
        return False
    if re.search(r"[.!?]\s+[A-ZÀ-Ý]|\b(?:19|20)\d\d,", s):
        return False
    if not cont and not _upper_start(s):
        return False
    return True


def _isolated(lines: list[Line], i: int, double: bool) -> bool:
    """Headings stand apart: indented (page-style start) or between blank lines."""
    if lines[i].indented:
        return True
    k = i - 1
    while k >= 0 and lines[k].kind == BLANK:
        k -= 1
    if k >= 0 and lines[k].kind == PAGE_NUMBER:  # first line of a page
        return True
    if double:
        return False
    return i > 0 and lines[i - 1].kind in (BLANK, SEPARATOR, FURNITURE)


def _headings_paragraph(lines: list[Line], body: list[int], toc) -> dict[int, tuple[list[int], int]]:
    """Headings of a one-paragraph-per-line book: short lines without final
    punctuation, confirmed by the table of contents when there is one."""
    titles: list[str] = []
    if toc:
        for i in range(*toc):
            if lines[i].kind == TEXT and not _TOC_TITLE.match(lines[i].text):
                t = re.sub(r"(?:\.{3,}|…+)?\s*\d{1,3}\s*$", "", lines[i].text).strip(" .")
                titles.append(t)
    out: dict[int, tuple[list[int], int]] = {}
    k = 0
    while k < len(body):
        i = body[k]
        s = lines[i].text
        if _heading_like(s, 160):
            group = [i]
            m = k + 1
            while m < len(body) and len(group) < 3 and _heading_like(lines[body[m]].text, 160, cont=True):
                group.append(body[m])
                m += 1
            text = " ".join(lines[g].text for g in group)
            if not titles or max((fuzz.token_set_ratio(text, t) for t in titles), default=0) >= 80:
                out[i] = (group, 2)
                k = m
                continue
        k += 1
    return out


# ------------------------------------------------------------------ paragraphs


def _body_blocks(lines, body, headings, layout, width):
    """Group body lines into headings and paragraphs (in reading order)."""
    blocks: list[tuple[str, list[int], dict]] = []
    in_heading: set[int] = set()
    for start, (group, _level) in headings.items():
        in_heading.update(group)
    cur: list[int] | None = None
    short = 0.85 * width
    for i in body:
        if i in headings:
            group, level = headings[i]
            blocks.append(("heading", list(group), {"level": level}))
            cur = None
            continue
        if i in in_heading:
            continue
        s = lines[i].text
        if layout == PARAGRAPH:
            # One paragraph per line, unless the previous one was cut by a
            # page break (no final punctuation) and this one starts in lower case.
            if cur is not None and not ends_sentence(lines[cur[-1]].text) and not _upper_start(s):
                cur.append(i)
            else:
                cur = [i]
                blocks.append(("body", cur, {}))
            continue
        if cur is not None:
            prev = lines[cur[-1]].text
            para_end = ends_sentence(prev) and (
                len(prev) < short or _blank_between(lines, cur[-1], i) and not lines[i].indented
            )
            if not para_end:
                cur.append(i)
                continue
        cur = [i]
        blocks.append(("body", cur, {}))
    return blocks


def _blank_between(lines: list[Line], a: int, b: int) -> bool:
    """A blank line between two body lines of a single-spaced book."""
    return any(lines[k].kind == BLANK and lines[k].raw.strip() == "" and lines[k].raw != "" for k in range(a + 1, b))
