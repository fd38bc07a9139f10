"""One book's structure: the zones are labelled first, then the footnote lines
of the body, then headings and paragraphs among the remaining body lines; every
block becomes a `Segment` in line order, numbered by article."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.model import Segment, Sentence
from workbench.segment.footnote_zones import Block, footnote_lines, group_entries
from workbench.segment.headings import headings_paragraph, headings_wrapped
from workbench.segment.layout import PARAGRAPH, detect_layout
from workbench.segment.paragraphs import body_blocks, sentences_with_lines
from workbench.segment.zones import Zones, find_zones, zone_blocks
from workbench.text import (
    PAGE_NUMBER,
    TEXT,
    UNREADABLE,
    Line,
    clean_lines,
    join_lines_mapped,
)

_LINE_KINDS = ("front_matter", "toc", "unreadable", "back_matter")  # one segment per run of lines
_IN_ARTICLE = ("heading", "body", "footnote")


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


def segment_text(text: str, file: str, sentences: bool = True) -> Segmentation:
    lines = clean_lines(text)
    return segment_lines(lines, file, sentences)


def segment_lines(lines: list[Line], file: str, sentences: bool = True) -> Segmentation:
    """Structure of one book. `sentences=False` leaves body paragraphs unsplit
    (the marker stage splits them once markers are out of the text)."""
    layout, width, double = detect_layout(lines)
    zones = find_zones(lines)
    label = zones.label
    for i in footnote_lines(lines, zones.body_start, zones.body_end, layout, double):
        if lines[i].kind in (TEXT, PAGE_NUMBER) and label[i] is None:
            label[i] = "footnote"
    body = [
        i for i in range(zones.body_start, zones.body_end) if lines[i].kind == TEXT and label[i] is None
    ]
    if layout == PARAGRAPH:
        headings = headings_paragraph(lines, body, zones.toc)
    else:
        headings = headings_wrapped(lines, body, width, double)
    blocks = body_blocks(lines, body, headings, layout, width)
    segments, n_articles = _assemble(file, lines, _in_line_order(lines, zones, blocks), sentences)
    return Segmentation(file, layout, segments, lines, _warnings(file, lines, n_articles, bool(body)))


def _in_line_order(lines: list[Line], zones: Zones, body: list[Block]) -> list[Block]:
    """Every block of the book, sorted by its first line."""
    n = len(lines)
    label = zones.label
    notes = group_entries(lines, [i for i in range(n) if label[i] == "footnote"], "footnote")
    biblio = group_entries(lines, [i for i in range(n) if label[i] == "bibliography"], "bibliography")
    other: list[Block] = [(kind, idx, {}) for kind, idx in zone_blocks(lines, label, _LINE_KINDS)]
    return sorted(other + body + notes + biblio, key=lambda block: block[1][0])


def _assemble(file: str, lines: list[Line], blocks: list[Block], split: bool) -> tuple[list[Segment], int]:
    """Segments of the blocks, numbered by article; and the number of articles."""
    out: list[Segment] = []
    article = None
    n_articles = 0
    for kind, idx, extra in blocks:
        if kind == "heading" and extra.get("level", 2) == 2:
            n_articles += 1
            article = n_articles
        out.append(_segment(file, len(out), kind, idx, lines, article if kind in _IN_ARTICLE else None, extra, split))
    return out, n_articles


def _segment(file: str, index: int, kind: str, idx: list[int], lines: list[Line], article: int | None,
             extra: dict, split: bool) -> Segment:
    own = [i for i in idx if lines[i].kind in (TEXT, PAGE_NUMBER, UNREADABLE)]
    nos = tuple(lines[i].no for i in own)
    sentences: tuple[Sentence, ...] = ()
    if kind in _LINE_KINDS:
        text = "\n".join(lines[i].text for i in own)
    else:
        text, starts = join_lines_mapped([(lines[i].no, lines[i].text) for i in own])
        if kind == "body" and split:
            sentences = sentences_with_lines(text, starts)
    return Segment(
        file=file,
        index=index,
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


def _warnings(file: str, lines: list[Line], n_articles: int, has_body: bool) -> list[str]:
    warnings: list[str] = []
    if n_articles == 0 and has_body:
        warnings.append(f"{file}: no article heading recognised")
    n_bad = sum(1 for ln in lines if ln.kind == UNREADABLE)
    if n_bad:
        warnings.append(f"{file}: {n_bad} unreadable lines (U+FFFD) reported as 'unreadable' segments")
    stray = sum(1 for ln in lines if ln.kind == TEXT and "\ufffd" in ln.text)
    if stray:
        warnings.append(f"{file}: {stray} lines with isolated U+FFFD characters kept in text")
    return warnings
