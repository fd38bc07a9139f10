"""Footnote lines in the body and their grouping into entries.

In a hard-wrapped book each page's footnotes follow a separator line of spaces
and end where the next page's body resumes; in a one-paragraph-per-line book a
footnote is a numbered line that cites something. Pieces of footnotes whose
separator the extraction lost are found among body lines by their citations.
"""

from __future__ import annotations

from workbench.segment.cues import (
    BIBLIO_TITLE,
    RESOURCE_TAG,
    SLUG_LINE,
    STRONG_CITATION,
    URL_LABEL,
    entry_number,
    footnote_start,
    is_citation,
)
from workbench.segment.layout import WRAPPED, is_page_number, next_text
from workbench.text import BLANK, FURNITURE, PAGE_NUMBER, SEPARATOR, TEXT, Line

Block = tuple[str, list[int], dict]  # (kind, line indexes, extra fields)


def footnote_lines(lines: list[Line], a: int, b: int, layout: str, double: bool) -> set[int]:
    """Indexes of the footnote lines of the body span [a, b)."""
    if layout == WRAPPED:
        notes = _zones_wrapped(lines, a, b, double)
    else:
        notes = {
            i
            for i in range(a, b)
            if lines[i].kind == TEXT and footnote_start(lines[i].text) and is_citation(lines[i].text)
        }
    return notes | _stray_citations(lines, a, b, notes)


def _zones_wrapped(lines: list[Line], a: int, b: int, double: bool) -> set[int]:
    """Indexes of footnote lines between a and b in a hard-wrapped book."""
    notes: set[int] = set()
    i = a
    while i < b:
        ln = lines[i]
        if ln.kind == SEPARATOR:
            zone, i = _zone_after(lines, i + 1, b, double)
            notes.update(zone)
            continue
        # A numbered citation line in the middle of the body (a footnote
        # whose separator the extraction lost) is a footnote too.
        if ln.kind == TEXT and footnote_start(ln.text) and is_citation(ln.text) and "[" in ln.text:
            notes.add(i)
        i += 1
    return notes


def _zone_after(lines: list[Line], j: int, b: int, double: bool) -> tuple[list[int], int]:
    """The footnote lines from j (just after a separator) to where the next
    page's body resumes; returns them and the index where the zone stopped."""
    zone: list[int] = []
    last_number: int | None = None  # the number of the zone's latest entry
    while j < b:
        lj = lines[j]
        if lj.kind == SEPARATOR:
            break
        if lj.kind in (BLANK, FURNITURE):
            if double and zone and not _next_is_footnote(lines, j, b):
                break
            j += 1
            continue
        if lj.kind == PAGE_NUMBER:
            if not _number_in_zone(lines, j, b, zone, double):
                break
        elif lj.kind != TEXT or (zone and not _next_entry(lj.text, last_number) and _resumes_body(lines, j, b, double)):
            break
        last_number = entry_number(lj.text) if footnote_start(lj.text) else last_number
        zone.append(j)
        j += 1
    return zone, j


def _next_entry(s: str, last_number: int | None) -> bool:
    """A line opening the entry numbered after the zone's latest one stays in the
    zone even when indented like body text (an entry cut to one line by the
    extraction, printed with the leading space of a resumed page)."""
    return last_number is not None and footnote_start(s) and entry_number(s) == last_number + 1


def _number_in_zone(lines: list[Line], j: int, b: int, zone: list[int], double: bool) -> bool:
    """A bare number inside the zone starts an entry (004: "70" alone); after a
    blank gap, followed by indented body text, it is the next page's number; the
    last line of a zone (the page's body or a heading resumes after it, or
    nothing follows) is its page's number."""
    if zone and lines[zone[-1]].text.endswith("-"):  # the tail of a URL cut after a hyphen (`…-602188-` / `2023`)
        return True
    if is_page_number(lines, j):
        return False
    after = next_text(lines, j, b)
    if zone and (after is None or _resumes_body(lines, after, b, double)):
        return False
    if not zone or lines[j - 1].kind != BLANK:
        return True
    k = next_text(lines, j, b)
    return k is None or is_citation(lines[k].text) or not lines[k].indented


def _next_is_footnote(lines: list[Line], j: int, b: int) -> bool:
    k = next_text(lines, j, b)
    return k is not None and (footnote_start(lines[k].text) or is_citation(lines[k].text)) and not lines[k].indented


def _resumes_body(lines: list[Line], j: int, b: int, double: bool) -> bool:
    """Does line j, inside a footnote zone, start the next page's body text?"""
    ln = lines[j]
    if is_citation(ln.text) or (footnote_start(ln.text) and not ln.indented):
        return False
    if double:
        return _resumes_double_spaced(lines, j, b)
    if not ln.indented:
        return False
    k = next_text(lines, j, b)
    return k is None or not is_citation(lines[k].text)


def _resumes_double_spaced(lines: list[Line], j: int, b: int) -> bool:
    """Footnotes are single-spaced; body lines are followed by a blank line. A
    heading resuming the page is single-spaced too: an indented line followed
    by text that is no citation goes on to the line after it."""
    while True:
        ln = lines[j]
        nxt = lines[j + 1] if j + 1 < b else None
        if nxt is None or nxt.kind != TEXT:
            return True
        if not ln.indented or is_citation(nxt.text) or footnote_start(nxt.text):
            return False
        j += 1
        if not (j + 1 < b and lines[j + 1].kind == TEXT):
            return True


def _stray_citations(lines: list[Line], a: int, b: int, notes: set[int]) -> set[int]:
    """Pieces of footnotes left among body lines (no separator before them):
    a line carrying a URL or "[Ressource électronique]", and the URL lines that
    continue it (000 line 2288, 004 lines 1889-1892, 002 line 197)."""
    out: set[int] = set()
    i = a
    while i < b:
        ln = lines[i]
        if i in notes or ln.kind != TEXT or not STRONG_CITATION.search(ln.text):
            i += 1
            continue
        out.add(i)
        if i > a and i - 1 not in notes and _lost_number(lines[i - 1]):
            out.add(i - 1)  # the entry's head, its number lost (004 line 1889)
        last, j = i, i + 1
        while j < b:
            lj = lines[j]
            if lj.kind in (BLANK, FURNITURE):
                j += 1
            elif lj.kind == TEXT and j not in notes and _continues_citation(lines, j, b, lines[last].text):
                out.add(j)
                last, j = j, j + 1
            else:
                break
        i = j
    return out


def _lost_number(ln: Line) -> bool:
    """A text line printed with two leading spaces before a capital: the gap an
    entry's lost number left (004 lines 1889, 1934); body lines resume with one."""
    return ln.kind == TEXT and ln.raw.startswith("  ") and ln.raw.lstrip()[:1].isupper()


def _continues_citation(lines: list[Line], j: int, b: int, before: str) -> bool:
    s = lines[j].text
    return bool(
        STRONG_CITATION.search(s)
        or SLUG_LINE.match(s)
        or (before.endswith("-") and SLUG_LINE.match(s.partition(" ")[0]))
        or (footnote_start(s) and _next_cites(lines, j, b))
    )


def _next_cites(lines: list[Line], j: int, b: int) -> bool:
    k = next_text(lines, j, b)
    return k is not None and bool(STRONG_CITATION.search(lines[k].text))


def group_entries(lines: list[Line], idx: list[int], kind: str) -> list[Block]:
    """Group footnote or bibliography lines into entries, each starting at a number.

    Lines before the first numbered line of a zone continue an entry from the
    previous page; they become a `fragment` segment (the footnote stage links it).
    """
    out: list[Block] = []
    members = set(idx)
    cur: list[int] | None = None
    cur_has_url = False
    prev = -10
    for i in idx:
        s = lines[i].text
        contiguous = prev >= 0 and all(lines[k].kind != TEXT or k in members for k in range(prev + 1, i))
        # A bare number alone on its line opens the entry that follows it.
        # (a year or the tail of a URL cut after a hyphen, `…-602188-` / `2023`, does not).
        bare = lines[i].kind == PAGE_NUMBER and len(s) <= 3 and not (cur and lines[prev].text.endswith("-"))
        starts = footnote_start(s) or bare or BIBLIO_TITLE.match(s)
        # a second citation inside one entry is the tail of another entry (003 line 2229)
        second = cur is not None and RESOURCE_TAG.search(s) and cur_has_url
        # so is a line opening with the gap of a lost number, once the entry has its URL
        lost = _lost_number(lines[i]) and (cur is None or cur_has_url)
        if starts or lost or cur is None or not contiguous or second:
            cur, cur_has_url = [i], False
            out.append((kind, cur, {} if starts or lost else {"fragment": True}))
        else:
            cur.append(i)
        cur_has_url = cur_has_url or bool(URL_LABEL.search(s))
        prev = i
    return out
