"""Article and chapter headings among the body lines.

A heading is a short line without final punctuation that stands apart (indented,
first on its page, or between blank lines), up to three lines long, and is
followed by the start of a paragraph. In a one-paragraph-per-line book the table
of contents, when there is one, confirms it.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from workbench.segment.cues import (
    CHAPTER,
    TOC_TITLE,
    ends_sentence,
    footnote_start,
    is_citation,
    upper_start,
    weak_end,
)
from workbench.text import BLANK, FURNITURE, PAGE_NUMBER, SEPARATOR, TEXT, Line

Headings = dict[int, tuple[list[int], int]]  # start index -> (line indexes, level)

_TITLE_WIDTH = 1.6  # a book title on one line, in line widths
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[A-ZÀ-Ý]|\b(?:19|20)\d\d,")
_TOC_PAGE = re.compile(r"(?:(?<!\.)\.{3,}|(?<!…)…+)?\s*\d{1,3}\s*$")


def heading_like(s: str, short: float, cont: bool = False) -> bool:
    """Short, without final punctuation, no citation; `cont` for a continuation line."""
    if not s or len(s) > short or len(s) < 3:
        return False
    if ends_sentence(s) and not s.rstrip().endswith("..."):
        return False
    if is_citation(s) or (footnote_start(s) and not cont):
        return False
    if _SENTENCE_INSIDE.search(s):
        return False
    return not (not cont and not upper_start(s))


def headings_wrapped(lines: list[Line], body: list[int], width: int, double: bool) -> Headings:
    """Heading start index -> (line indexes, level) for a hard-wrapped book."""
    out: Headings = {}
    short = 0.82 * width
    k = 0
    prev_end = True  # the file starts with a heading
    while k < len(body):
        i = body[k]
        s = lines[i].text
        if CHAPTER.match(s) or (s.isupper() and len(s) > 4 and len(s) < short and prev_end):
            out[i] = ([i], 1)
            k += 1
            prev_end = True
            continue
        # the book's first line may be its title, longer than an article's
        if prev_end and heading_like(s, short if k else _TITLE_WIDTH * width) and (k == 0 or _isolated(lines, i, double)):
            group, m = _heading_group(lines, body, k, short)
            # a title does not stop on an article or preposition ("... l'Université de"),
            # and what follows a heading starts a paragraph
            if not weak_end(lines[group[-1]].text) and (m >= len(body) or upper_start(lines[body[m]].text)):
                out[i] = (group, 2)
                k = m
                prev_end = True
                continue
        prev_end = ends_sentence(s) or s.rstrip().endswith(":")
        k += 1
    return out


def _heading_group(lines: list[Line], body: list[int], k: int, short: float) -> tuple[list[int], int]:
    """The heading starting at body[k] with its continuation lines (short, no
    final period, directly after); returns them and the body position after."""
    group = [body[k]]
    m = k + 1
    while m < len(body) and len(group) < 3:
        t = lines[body[m]].text
        last = lines[group[-1]].text
        if (
            heading_like(t, short, cont=True)
            and not ends_sentence(last.rstrip(" :,"))
            and (t[:1].islower() or last.rstrip().endswith((":", ",", "-")) or weak_end(last))
        ):
            group.append(body[m])
            m += 1
        else:
            break
    return group, m


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


def headings_paragraph(lines: list[Line], body: list[int], toc: tuple[int, int] | None) -> Headings:
    """Headings of a one-paragraph-per-line book: short lines without final
    punctuation, confirmed by the table of contents when there is one."""
    titles = _toc_titles(lines, toc)
    out: Headings = {}
    k = 0
    while k < len(body):
        i = body[k]
        if heading_like(lines[i].text, 160):
            group = [i]
            m = k + 1
            while m < len(body) and len(group) < 3 and heading_like(lines[body[m]].text, 160, cont=True):
                group.append(body[m])
                m += 1
            text = " ".join(lines[g].text for g in group)
            if not titles or max((fuzz.token_set_ratio(text, t) for t in titles), default=0) >= 80:
                out[i] = (group, 2)
                k = m
                continue
        k += 1
    return out


def _toc_titles(lines: list[Line], toc: tuple[int, int] | None) -> list[str]:
    """The titles of the table of contents, without their dot leaders and page numbers."""
    if not toc:
        return []
    return [
        _TOC_PAGE.sub("", lines[i].text).strip(" .")
        for i in range(*toc)
        if lines[i].kind == TEXT and not TOC_TITLE.match(lines[i].text)
    ]
