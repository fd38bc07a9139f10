"""Body paragraphs rejoined from their lines (across page breaks), and the
sentences of a paragraph with the original line span of each."""

from __future__ import annotations

from bisect import bisect_right

from workbench.model import Sentence
from workbench.segment.cues import ends_sentence, upper_start
from workbench.segment.footnote_zones import Block
from workbench.segment.headings import Headings
from workbench.segment.layout import PARAGRAPH
from workbench.sentences import split_offsets
from workbench.text import BLANK, Line


def body_blocks(lines: list[Line], body: list[int], headings: Headings, layout: str, width: int) -> list[Block]:
    """Group body lines into headings and paragraphs (in reading order)."""
    blocks: list[Block] = []
    in_heading: set[int] = set()
    for group, _level in headings.values():
        in_heading.update(group)
    cur: list[int] | None = None
    short = 0.85 * width
    for i in body:
        if i in headings:
            group, level = headings[i]
            blocks.append(("heading", list(group), {"level": level}))
            cur = None
        elif i in in_heading:
            continue
        elif cur is not None and _continues(lines, cur[-1], i, layout, short):
            cur.append(i)
        else:
            cur = [i]
            blocks.append(("body", cur, {}))
    return blocks


def _continues(lines: list[Line], prev_i: int, i: int, layout: str, short: float) -> bool:
    """Does body line i go on with the paragraph whose last line is prev_i?"""
    prev = lines[prev_i].text
    if layout == PARAGRAPH:
        # One paragraph per line, unless the previous one was cut by a
        # page break (no final punctuation) and this one starts in lower case.
        return not ends_sentence(prev) and not upper_start(lines[i].text)
    para_end = ends_sentence(prev) and (
        len(prev) < short or (_blank_between(lines, prev_i, i) and not lines[i].indented)
    )
    return not para_end


def _blank_between(lines: list[Line], a: int, b: int) -> bool:
    """A blank line between two body lines of a single-spaced book."""
    return any(lines[k].kind == BLANK and lines[k].raw.strip() == "" and lines[k].raw != "" for k in range(a + 1, b))


def line_at(starts: list[tuple[int, int]], offset: int) -> int:
    """Original line number of a character offset of a joined paragraph."""
    k = bisect_right(starts, (offset, float("inf"))) - 1
    return starts[max(k, 0)][1]


def sentences_with_lines(
    text: str, starts: list[tuple[int, int]], offsets: list[tuple[int, int]] | None = None
) -> tuple[Sentence, ...]:
    """Split a paragraph into sentences, each with its original line span."""
    return tuple(
        Sentence(text[a:b].strip(), line_at(starts, a), line_at(starts, max(a, b - 1)))
        for a, b in (offsets if offsets is not None else split_offsets(text))
    )
