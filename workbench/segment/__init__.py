"""Structure of one book: front matter, TOC, headings, body, footnotes,
bibliography, back matter, unreadable regions; body paragraphs split into
sentences.

Pure: `segment_text(text, file)` returns `Segmentation`. Every content line of
the input ends up in exactly one segment (tested on the whole corpus); page
furniture (blank and separator lines, page numbers, publisher stamps) is the
only thing left out, and it is counted.

The modules, in the order `book.segment_lines` runs them:
- `layout`: wrapped or one paragraph per line, line width, double spacing;
- `zones`: front matter, table of contents, bibliography, back matter;
- `footnote_zones`: footnote lines of the body, grouped into entries;
- `headings`: article and chapter headings;
- `paragraphs`: body paragraphs and their sentences with line spans;
- `cues`: the line-level predicates all of them read.
Every stage is linear in the size of the book (`benchmarks/bench_segment_scale.py`).
"""

from workbench.segment.book import Segmentation, segment_lines, segment_text
from workbench.segment.cues import ends_sentence, footnote_start, is_citation
from workbench.segment.layout import PARAGRAPH, WRAPPED, detect_layout
from workbench.segment.paragraphs import line_at, sentences_with_lines

__all__ = [
    "PARAGRAPH",
    "WRAPPED",
    "Segmentation",
    "detect_layout",
    "ends_sentence",
    "footnote_start",
    "is_citation",
    "line_at",
    "segment_lines",
    "segment_text",
    "sentences_with_lines",
]
