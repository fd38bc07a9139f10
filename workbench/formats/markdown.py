"""The clean edition: each book as Markdown.

Headings, paragraphs rejoined across lines and page breaks, reference markers
as `[^n]` with the footnotes at the end of each article, the reviewers' text
where a sentence was corrected, unreadable regions marked.
"""

from __future__ import annotations

import re

from workbench.footnotes import Entry
from workbench.markers import Marker
from workbench.model import Segment

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")


def _escape(s: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", s)


def _with_markers(seg: Segment, markers: list[Marker], reviewed: dict[str, str]) -> str:
    """A paragraph's text: reviewed sentences swapped in, markers placed as [^n]."""
    text = seg.text
    # markers by offset, placed from the end so earlier offsets stay valid
    placed = text
    for m in sorted((m for m in markers if m.offset >= 0), key=lambda m: -m.offset):
        placed = placed[: m.offset] + f"\x00{m.number}\x01" + placed[m.offset :]
    out = _escape(placed)
    for s in seg.sentences:
        new = reviewed.get(s.text)
        if new is None or new == s.text:
            continue
        old = _escape(s.text)
        # a sentence with a marker inside it stays as printed (its marker stays placed)
        if old in out:
            out = out.replace(old, _escape(new), 1)
    return re.sub(r"\x00(\d+)\x01", r"[^\1]", out)


def book_markdown(title: str, segments: list[Segment], entries: list[Entry], markers: list[Marker],
                  reviewed: dict[str, str]) -> str:
    """`reviewed` maps an original sentence to the reviewer's text."""
    notes = {e.number: e for e in entries if e.kind == "footnote" and e.number is not None}
    by_seg: dict[int, list[Marker]] = {}
    for m in markers:
        by_seg.setdefault(m.segment_index, []).append(m)
    lines: list[str] = [f"# {_escape(title)}", ""]
    pending: list[int] = []

    def flush() -> None:
        for n in pending:
            e = notes.get(n)
            lines.append(f"[^{n}]: {_escape(e.raw) if e else '(the entry is missing from the source text)'}")
        if pending:
            lines.append("")
        pending.clear()

    for seg in segments:
        if seg.kind == "heading":
            flush()
            lines += [("## " if seg.level == 2 else "# ") + _escape(seg.text), ""]
        elif seg.kind == "body":
            ms = by_seg.get(seg.index, [])
            lines += [_with_markers(seg, ms, reviewed), ""]
            pending += [m.number for m in sorted(ms, key=lambda m: m.offset)]
        elif seg.kind == "unreadable":
            lines += [f"> *[unreadable in the source: lines {seg.line_start}–{seg.line_end}]*", ""]
    flush()
    bib = [e for e in entries if e.kind == "bibliography" and e.number is not None]
    if bib:
        lines += ["## Littérature", ""] + [f"{e.number}. {_escape(e.raw.split(' ', 1)[-1])}" for e in bib] + [""]
    return "\n".join(lines)
