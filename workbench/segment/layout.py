"""Page layout: which of the two layouts a book has, and how to read the page
around a line (the next text line, a page number among blank lines).

"wrapped": hard-wrapped lines (some books double-spaced), each page's footnotes
after a separator line of spaces, the next page's text resuming after them with
a leading space. "paragraph": one paragraph per line, footnotes as their own
lines between paragraphs, a paragraph cut by a page break resuming after that
page's footnotes.
"""

from __future__ import annotations

import statistics

from workbench.text import BLANK, SEPARATOR, TEXT, Line

WRAPPED, PARAGRAPH = "wrapped", "paragraph"


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


def next_text(lines: list[Line], j: int, b: int) -> int | None:
    """The next text line after j on the same page (a few lines ahead at most)."""
    for k in range(j + 1, min(b, j + 6)):
        if lines[k].kind == TEXT:
            return k
        if lines[k].kind == SEPARATOR:
            return None
    return None


def is_page_number(lines: list[Line], j: int) -> bool:
    """A bare number after a blank gap and before a whitespace line is page furniture."""
    before = j > 0 and lines[j - 1].kind in (BLANK, SEPARATOR)
    after = j + 1 < len(lines) and lines[j + 1].kind == BLANK
    return before and after
