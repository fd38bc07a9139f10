"""The zones of a book around its body: front matter, table of contents,
bibliography, back matter (and unreadable regions wherever they are).

`find_zones` labels the lines of those zones and returns the span of the body
between them; `zone_blocks` cuts the labelled lines into one block per run.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.segment.cues import (
    BACK_MATTER,
    BIBLIO_TITLE,
    TOC_ENTRY,
    TOC_TITLE,
    footnote_start,
    is_citation,
)
from workbench.text import TEXT, UNREADABLE, Line


@dataclass
class Zones:
    label: list[str | None]  # per line: the zone's segment kind, or None (body)
    toc: tuple[int, int] | None  # index span [a, b) of the table of contents
    body_start: int
    body_end: int


def find_zones(lines: list[Line]) -> Zones:
    n = len(lines)
    label: list[str | None] = ["unreadable" if ln.kind == UNREADABLE else None for ln in lines]
    toc = _find_toc(lines)
    body_start = 0
    if toc:
        a, b = toc
        _label_text(lines, label, 0, a, "front_matter")
        _label_text(lines, label, a, b, "toc")
        body_start = b
    biblio = _find_bibliography(lines, body_start)
    back = _find_back_matter(lines, biblio if biblio is not None else body_start)
    body_end = n
    if back is not None:
        _label_text(lines, label, back, n, "back_matter")
        body_end = back
    if biblio is not None:
        _label_text(lines, label, biblio, body_end, "bibliography")
        body_end = biblio
    return Zones(label, toc, body_start, body_end)


def _label_text(lines: list[Line], label: list[str | None], a: int, b: int, kind: str) -> None:
    for i in range(a, b):
        if lines[i].kind == TEXT:
            label[i] = kind


def _find_toc(lines: list[Line]) -> tuple[int, int] | None:
    """Index span [a, b) of the table of contents: a title line, or a run of
    at least three entries ending in page numbers, in the first third."""
    limit = len(lines) // 3
    i = 0
    while i < limit:
        ln = lines[i]
        if ln.kind == TEXT and (TOC_TITLE.match(ln.text) or TOC_ENTRY.search(ln.text)):
            j, entries, last = i + (1 if TOC_TITLE.match(ln.text) else 0), 0, i
            while j < len(lines):
                lj = lines[j]
                if lj.kind == TEXT:
                    if not TOC_ENTRY.search(lj.text):
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
        if lines[i].kind == TEXT and BIBLIO_TITLE.match(lines[i].text):
            return i
    return None


def _find_back_matter(lines: list[Line], start: int) -> int | None:
    tail = max(start, int(len(lines) * 0.9))
    for i in range(tail, len(lines)):
        if lines[i].kind == TEXT and BACK_MATTER.search(lines[i].text):
            # Back matter starts at the block right after the last entry-like line.
            j = i
            while (j > tail and lines[j - 1].kind != TEXT) or (
                j > tail and lines[j - 1].kind == TEXT and not is_citation(lines[j - 1].text)
                and not footnote_start(lines[j - 1].text)
            ):
                j -= 1
            return j
    return None


def zone_blocks(lines: list[Line], label: list[str | None], kinds: tuple[str, ...]) -> list[tuple[str, list[int]]]:
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
