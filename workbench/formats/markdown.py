"""The clean edition: each book as Markdown.

Headings, paragraphs rejoined across lines and page breaks, reference markers
as `[^n]` with the footnotes at the end of each article, the reviewers' text
where a sentence was corrected (a marker the printed sentence had follows the
reviewer's words: `moved_offset`), unreadable regions marked.
"""

from __future__ import annotations

import re

from workbench.footnotes import Entry, citation_parts
from workbench.markers import Marker
from workbench.model import Segment

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")


def _escape(s: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", s)


def _place(text: str, marks: list[tuple[int, int]]) -> str:
    """`text` escaped, with `[^n]` at each (offset, number)."""
    out, pos = [], 0
    for off, n in sorted(marks, key=lambda m: m[0]):
        out.append(_escape(text[pos:off]))
        out.append(f"[^{n}]")
        pos = off
    out.append(_escape(text[pos:]))
    return "".join(out)


def _with_markers(seg: Segment, markers: list[Marker], reviewed: dict[str, str]) -> str:
    """A paragraph's text: reviewed sentences swapped in, markers placed as [^n]
    (in a reviewed sentence, where the reviewed words put them: `moved_offset`)."""
    text = seg.text
    placed = [m for m in markers if m.offset >= 0]
    subs: list[tuple[int, int, str, list[tuple[int, int]]]] = []  # sentence span, reviewed text, its markers
    taken: set[int] = set()
    pos = 0
    for s in seg.sentences:
        a = text.find(s.text, pos) if s.text else -1
        if a < 0:
            continue
        b = pos = a + len(s.text)
        new = reviewed.get(s.text)
        if new is None or new == s.text:
            continue
        marks = []
        for k, m in enumerate(placed):
            if a <= m.offset <= b and k not in taken:
                taken.add(k)
                marks.append((moved_offset(s.text, new, m.offset - a), m.number))
        subs.append((a, b, new, marks))
    rest = [m for k, m in enumerate(placed) if k not in taken]
    out, pos = [], 0
    for a, b, new, marks in [*subs, (len(text), len(text), "", [])]:
        # printed text up to the next reviewed sentence, with its markers where they stood
        out.append(_place(text[pos:a], [(m.offset - pos, m.number) for m in rest if pos <= m.offset <= a]))
        out.append(_place(new, marks))
        pos = b
    return "".join(out)


_TOKEN = re.compile(r"\w+|[^\w\s]")
_SAME = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'", "‘": "'"})
_FINAL_PUNCT = re.compile(r"[.!?…;:]+$")


def moved_offset(old: str, new: str, at: int) -> int:
    """Where a marker standing at offset `at` of sentence `old` goes in `new`, the
    reviewer's text of that sentence.

    The words of both are aligned (difflib on words and punctuation marks, case
    and quote style ignored). The marker follows the word or mark it was printed
    against (the one before it, or for a marker printed before a word, the one
    after it) to where the reviewer's text has it; a word the reviewer changed
    is looked for among the words that replaced it (rapidfuzz, >= 70%); failing
    that the word on the other side of the marker anchors it. When none of its
    neighbours is left, the marker goes to the end of the sentence, before its
    final punctuation."""
    if at <= 0:
        return 0
    if at >= len(old):
        return len(new)
    ot = [(m.start(), m.end(), m.group().lower().translate(_SAME)) for m in _TOKEN.finditer(old)]
    nt = [(m.start(), m.end(), m.group().lower().translate(_SAME)) for m in _TOKEN.finditer(new)]
    gap = next((i for i, t in enumerate(ot) if t[0] >= at), len(ot))  # the marker stands before ot[gap]
    where = _aligned([t[2] for t in ot], [t[2] for t in nt])
    if gap < len(ot) and ot[gap][0] == at and not (gap > 0 and ot[gap - 1][1] == at):
        # printed against the word after it: before that word, else after the one before it
        j = where(gap)
        if j is not None:
            return nt[j][0]
        j = where(gap - 1) if gap > 0 else None
        if j is not None and j + 1 < len(nt):
            return nt[j + 1][0]
    elif gap > 0:
        # printed after a word or mark (spaces around it: it still cites what precedes)
        j = where(gap - 1)
        if j is not None:
            return nt[j][1]
        j = where(gap) if gap < len(ot) else None
        if j:  # the word that followed it is still there, and not first
            return nt[j - 1][1]
    end = len(new.rstrip())
    m = _FINAL_PUNCT.search(new[:end])
    return len(new[: m.start()].rstrip()) if m else end  # `importants[^n] !`


def _aligned(old: list[str], new: list[str]):
    """A function: index of a token of `old` -> index of the same token in `new`
    (equal, or the most similar of those that replaced it), or None."""
    from difflib import SequenceMatcher

    from rapidfuzz import fuzz

    ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()

    def where(i: int) -> int | None:
        for tag, i1, i2, j1, j2 in ops:
            if i1 <= i < i2:
                if tag == "equal":
                    return j1 + i - i1
                if tag == "replace" and old[i].isalnum():
                    best = max(range(j1, j2), key=lambda j: fuzz.ratio(old[i], new[j]))
                    return best if fuzz.ratio(old[i], new[best]) >= 70 else None
                return None
        return None

    return where


def _note(e: Entry) -> str:
    """A footnote as the edition prints it: without its printed number, its URL
    rejoined (an autolink, so that no character of it needs escaping)."""
    text, url = citation_parts(e)
    if url is None:
        return _escape(text)
    return _escape(text) + (f"<{url}>" if re.match(r"https?://\S+$", url) else _escape(url))


def book_markdown(title: str, segments: list[Segment], entries: list[Entry], markers: list[Marker],
                  reviewed: dict[str, str]) -> str:
    """`reviewed` maps an original sentence to the reviewer's text."""
    notes = {e.number: e for e in entries if e.kind == "footnote" and e.number is not None}
    by_seg: dict[int, list[Marker]] = {}
    for m in markers:
        by_seg.setdefault(m.segment_index, []).append(m)
    lines: list[str] = [f"# {_escape(title)}", ""]
    pending: list[int] = []
    # the book's title is its first heading when it has no title page: printed once
    first = next((s for s in segments if s.kind == "heading"), None)
    skip = first.index if first is not None and first.text == title else None

    def flush() -> None:
        for n in pending:
            e = notes.get(n)
            lines.append(f"[^{n}]: {_note(e) if e else '(the entry is missing from the source text)'}")
        if pending:
            lines.append("")
        pending.clear()

    for seg in segments:
        if seg.kind == "heading":
            flush()
            if seg.index == skip:
                continue
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
