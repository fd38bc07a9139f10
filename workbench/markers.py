"""Reference markers in the body and their global assignment to footnotes.

Any digit run in the body might be a marker (`libres.1 Cette`, `spécifiques"2.`,
`"²`, `Harbin13.`, `6Gomselmash`, `l'3année`), and many real numbers look like
one (`2012.19`, `81,9%1`, `MA3`, `3e`). Markers of a book cite 1..N in order,
so the choice is made for the whole book at once: a dynamic programme picks
the increasing sequence of candidates that is most probable given how each
candidate is printed, how near it is to the entry with its number, and how
many numbers the sequence would skip.

Pure: `link_markers(segments, entries)` returns the markers, the body segments
with the markers removed from their text (sentences re-split), and diagnostics.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from workbench.footnotes import SUPERSCRIPTS, Entry
from workbench.model import Segment
from workbench.segment import line_at, sentences_with_lines
from workbench.sentences import split_offsets
from workbench.text import join_lines_mapped

MAX_JUMP = 40  # a sequence may skip at most this many numbers in one step


@dataclass(frozen=True)
class Candidate:
    value: int
    seg: int  # index into the segment list
    start: int  # span of the digits in the segment text
    end: int
    prior: float
    style: str  # how it is printed; "lead" markers stand before the sentence they cite


@dataclass
class Marker:
    file: str
    number: int
    line: int
    col: int  # 1-based column in the original line
    text: str  # the marker with its neighbours, as printed
    style: str
    segment_index: int
    footnote_line: int | None
    sentence: str
    cited_line: int
    offset: int = -1  # where it stood in its paragraph's clean text

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "number": self.number,
            "line": self.line,
            "col": self.col,
            "text": self.text,
            "style": self.style,
            "footnote_line": self.footnote_line,
            "sentence": self.sentence,
        }


@dataclass
class Linking:
    markers: list[Marker]
    segments: list[Segment]  # every segment; body ones cleaned of markers
    diagnostics: list[str]
    damaged: list[Marker] = field(default_factory=list)  # MT placeholders where a marker stood (number 0: unknown)


# ------------------------------------------------------------------ candidates

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# (pattern, prior, style). Each pattern's group 1 is the digit run.
_PATTERNS: list[tuple[re.Pattern, float, str]] = [
    (re.compile(rf"([{_SUP}]{{1,3}})"), 4.0, "superscript"),
    # after a closing quote: `spécifiques"2.`, `Belarus"4 .`, `turcs "5 .`
    (re.compile(r"(?<=[\"»”])\s?(\d{1,3})(?![\d%])(?!\s?(?:e|er|ème|millions?|milliards?|mille|ans?|%)\b)(?=[\s.,;:)\]!?…]|$)"), 3.0, "quote"),
    # after final punctuation: `libres.1 Cette`, `2012.19 Le`, `"...".3 Il`
    (re.compile(r"(?<=[.!?;:…)\]])(\d{1,3})(?![\d%,])(?=[\s\"»”.,;]|$)"), 2.5, "punct"),
    # after a percent sign: `81,9%1...`
    (re.compile(r"(?<=%)(\d{1,3})(?![\d%])"), 2.0, "punct"),
    # glued to the end of a word: `Harbin13.`, `dernière4`, (also `MM3`, `G20`: low prior below)
    (re.compile(r"(?<=[^\W\d_])(\d{1,3})(?![\d%])(?=[\s.,;:)\"»!?…]|$)"), 1.5, "word"),
    # at the start of a sentence, glued to it (004): `3Un`, `6Gomselmash`, `8<L'entreprise`, `5"La`
    (re.compile(r"(?:^|(?<=\s))(\d{1,4})(?=[A-ZÀ-ÝŒ\"«<(]|\d?[a-zA-Z]\b|-\s[A-ZÀ-ÝŒ\"«])"), 2.0, "lead"),
    # moved into the text, glued to a lower-case word: `18ainsi`, `été 50enregistré` (not `3e`, `1er`)
    (re.compile(r"(?:^|(?<=\s))(\d{1,3})(?!(?:e|er|ère|ème|es|ers|èmes|nd|nde|ndes|h|km|kg|t|m|mm|cm|ha)\b)(?=[a-zà-ÿ]{2,})"), 1.5, "inline"),
    # after a quote, a space and a period: `2022" . 62 Pour`
    (re.compile(r"(?:(?<=[\"»”] \. )|(?<=[\"»”]\. ))(\d{1,3})(?![\d%])(?!\s?(?:e|er|ème|millions?|milliards?|mille|ans?|%)\b)(?=\s|$)"), 2.5, "quote"),
    # in parentheses with a space: `biélorusses (69 ).`
    (re.compile(r"(?<=\()(\d{1,3})\s(?=\))"), 2.5, "paren"),
    # after a quote and a comma: `parc",62 a`
    (re.compile(r"(?<=[\"»”],)(\d{1,3})(?=\s)"), 2.5, "quote"),
    # inside a word after an elision: `l'3année`
    (re.compile(r"(?<=['’])(\d{1,3})(?=[a-zà-ÿ])"), 2.0, "word"),
]
# A machine-translation placeholder left where the source had a marker: `Belarus" xml-ph-0.`
_PLACEHOLDER = re.compile(r" ?xml-ph-\d+(?:@\w+)?")
_DIGIT_RUN = re.compile(rf"(?<!\d)\d|(?<![{_SUP}])[{_SUP}]")
_ACRONYM_BEFORE = re.compile(r"[A-ZА-Я]{1,4}$|[A-Z][a-z]?[A-Z]$")


def candidates(segments: list[Segment]) -> tuple[list[Candidate], dict[int, tuple[str, list]]]:
    """All marker candidates of the body, in reading order, and each body
    segment's text with its line map."""
    out: list[Candidate] = []
    texts: dict[int, tuple[str, list]] = {}
    for si, seg in enumerate(segments):
        if seg.kind == "body":
            texts[si] = (seg.text, [])
            out += _paragraph_candidates(si, seg.text)
    out.sort(key=lambda c: (c.seg, c.start, c.end))
    return out, texts


def _paragraph_candidates(si: int, text: str) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    # Only digit runs can be markers: test each pattern right there
    # instead of scanning every paragraph once per pattern.
    for d in _DIGIT_RUN.finditer(text):
        a0 = d.start()
        for pattern, prior, style in _PATTERNS:
            m = pattern.match(text, a0) or (a0 and pattern.match(text, a0 - 1))
            if not m or m.start(1) != a0:
                continue
            a, b = m.span(1)
            for s0, s1 in _splits(a, b, style):
                if (s0, s1) in seen:
                    continue
                seen.add((s0, s1))
                value = int(text[s0:s1].translate(SUPERSCRIPTS))
                if value:
                    out.append(Candidate(value, si, s0, s1, _prior(text, s0, s1, b, prior, style), style))
    return out


def _splits(a: int, b: int, style: str) -> list[tuple[int, int]]:
    """The spans a digit run [a, b) may stand for: `343a 2019` printed with a
    `lead` marker is marker 34 + "3a", so every prefix of such a run is tried."""
    if style == "lead":
        return [(a, a + k) for k in range(1, min(3, b - a) + 1)]
    return [(a, b)]


def _prior(text: str, s0: int, s1: int, run_end: int, prior: float, style: str) -> float:
    if style == "word" and _ACRONYM_BEFORE.search(text[max(0, s0 - 4) : s0]):
        return 0.3  # MAZ printed `MA3`, `G20`
    if style == "lead" and s1 != run_end:
        return 1.0  # a split inside a digit run
    return prior


# ------------------------------------------------------------------ global choice


def choose(cands: list[Candidate], entry_lines: dict[int, int], cand_lines: list[int], n_max: int) -> list[int]:
    """Indexes of the candidates forming the most probable sequence of markers."""
    if not cands:
        return []
    skipped = _skip_cost(entry_lines, n_max)
    emits = [_emit(c, entry_lines, line, n_max) for c, line in zip(cands, cand_lines, strict=False)]
    score, back = _best_chains(cands, emits, skipped)
    end = max(range(len(cands)), key=lambda k: score[k] - skipped(cands[k].value + 1, n_max))
    if score[end] - skipped(cands[end].value + 1, n_max) < -skipped(1, n_max):
        return []
    chosen = []
    while end != -1:
        chosen.append(end)
        end = back[end]
    return chosen[::-1]


def _skip_cost(entry_lines: dict[int, int], n_max: int) -> Callable[[int, int], float]:
    """Cost of leaving numbers a..b (inclusive) uncited: higher when their entry exists."""
    cum = [0.0] * (n_max + 2)
    for k in range(1, n_max + 1):
        cum[k] = cum[k - 1] + (2.0 if k in entry_lines else 1.0)

    def skipped(a: int, b: int) -> float:
        return cum[min(b, n_max)] - cum[min(a - 1, n_max)] if b >= a else 0.0

    return skipped


def _emit(c: Candidate, entry_lines: dict[int, int], line: int, n_max: int) -> float:
    """How likely the candidate is a marker: its printed form, and how near it
    stands before the entry with its number."""
    s = c.prior
    e = entry_lines.get(c.value)
    if e is not None:
        d = e - line
        s += 3.0 if -5 <= d <= 220 else -1.5
    elif c.value > n_max:
        s -= 3.0
    return s


def _best_chains(cands: list[Candidate], emits: list[float],
                 skipped: Callable[[int, int], float]) -> tuple[list[float], list[int]]:
    """Per candidate, the score of the best increasing chain ending on it and its
    predecessor (-1 for none): a chain steps at most MAX_JUMP numbers at a time."""
    best: dict[int, tuple[float, int]] = {}  # value -> (score, candidate index)
    score = [0.0] * len(cands)
    back = [-1] * len(cands)
    i = 0
    while i < len(cands):
        # candidates at one position exclude each other: score them against
        # the state before the position, then publish
        j = i
        while j < len(cands) and (cands[j].seg, cands[j].start) == (cands[i].seg, cands[i].start):
            j += 1
        for k in range(i, j):
            v = cands[k].value
            top, arg = emits[k] - skipped(1, v - 1), -1
            for d in range(1, MAX_JUMP + 1):
                prev = best.get(v - d)
                if prev is None:
                    continue
                s = prev[0] + emits[k] - skipped(v - d + 1, v - 1)
                if s > top:
                    top, arg = s, prev[1]
            score[k], back[k] = top, arg
        for k in range(i, j):
            v = cands[k].value
            if v not in best or score[k] > best[v][0]:
                best[v] = (score[k], k)
        i = j
    return score, back


# ------------------------------------------------------------------ linking


def link_markers(segments: list[Segment], entries: list[Entry], lines=None) -> Linking:
    """Choose markers, clean them out of the body text, point entries at them."""
    footnotes = [e for e in entries if e.kind == "footnote" and e.number is not None]
    entry_lines: dict[int, int] = {}
    for e in footnotes:
        if e.number is not None:  # always, by the filter above; mypy cannot see it
            entry_lines.setdefault(e.number, e.line_start)
    cands, texts = candidates(segments)
    damaged = _placeholders(segments, texts)
    if damaged:  # no digit of a placeholder is a marker
        hit = {(c.seg, k) for c in damaged for k in range(c.start, c.end)}
        cands = [c for c in cands if (c.seg, c.start) not in hit]
    starts_of = {si: _line_map(segments[si], lines) for si in texts}
    cand_lines = [line_at(starts_of[c.seg], c.start) for c in cands]
    n_max = _highest_number(cands, entry_lines)
    chosen = [cands[k] for k in choose(cands, entry_lines, cand_lines, n_max)]

    by_seg: dict[int, list[Candidate]] = {}
    for c in chosen + damaged:
        by_seg.setdefault(c.seg, []).append(c)
    out_segments = list(segments)
    markers: list[Marker] = []
    for si, cs in by_seg.items():
        out_segments[si], found = _clean_paragraph(segments[si], si, starts_of[si], cs, entry_lines, lines)
        markers += found
    broken = sorted((m for m in markers if m.style == "damaged"), key=lambda m: (m.line, m.col))
    markers = [m for m in markers if m.style != "damaged"]
    for si in texts:  # paragraphs without a marker still need their sentences
        seg = out_segments[si]
        if not seg.sentences:
            out_segments[si] = replace(seg, sentences=sentences_with_lines(seg.text, starts_of[si]))
    markers.sort(key=lambda m: (m.line, m.col))
    first_marker: dict[int, Marker] = {}
    for m in markers:
        first_marker.setdefault(m.number, m)
    for e in footnotes:
        first = first_marker.get(e.number) if e.number is not None else None
        e.marker_line = first.line if first else None
    notes = diagnostics(markers, footnotes, n_max)
    notes += [f"damaged marker at line {m.line} (MT placeholder {m.text!r}): number unknown, taken out of the text"
              for m in broken]
    return Linking(markers, out_segments, notes, broken)


def _placeholders(segments: list[Segment], texts: dict[int, tuple[str, list]]) -> list[Candidate]:
    """The MT placeholders of the body, as candidates of style `damaged` (value 0)."""
    return [
        Candidate(0, si, m.start(), m.end(), 0.0, "damaged")
        for si in texts
        for m in _PLACEHOLDER.finditer(segments[si].text)
    ]


def _line_map(seg: Segment, lines) -> list[tuple[int, int]]:
    """(offset, line number) of each line of a paragraph: the same join the
    segmenter made, to map offsets back to lines."""
    _, starts = join_lines_mapped([(no, lines[no - 1].text) for no in seg.lines]) if lines else ("", [])
    return starts or [(0, seg.line_start)]


def _highest_number(cands: list[Candidate], entry_lines: dict[int, int]) -> int:
    """The highest footnote number: the last entry's, or a little beyond it when
    well-printed candidates go on (entries lost by the extraction)."""
    n_max = max([*entry_lines, 0])
    if cands:
        strong = [c.value for c in cands if c.prior >= 2.0]
        n_max = max(n_max, min(max(strong) if strong else 0, n_max + MAX_JUMP))
    return n_max


def _clean_paragraph(seg: Segment, si: int, starts: list, cs: list[Candidate], entry_lines: dict[int, int],
                     lines) -> tuple[Segment, list[Marker]]:
    """The paragraph without its chosen markers (sentences re-split), and the markers."""
    text = seg.text
    clean, new_starts, spans = _remove(text, starts, cs)
    offsets = split_offsets(clean)
    sentence_starts = [a for a, _ in offsets]
    cited: dict[int, tuple[str, int]] = {}  # sentence index -> (text, line); a long one is cut out once
    markers = []
    for c, (ca, _) in zip(cs, spans, strict=False):
        line = line_at(starts, c.start)
        if offsets:
            k = _cited(offsets, sentence_starts, ca, c.style)
            if k not in cited:
                a, b = offsets[k]
                cited[k] = clean[a:b].strip(), line_at(new_starts, a)
            sentence, cited_line = cited[k]
        else:
            sentence, cited_line = "", new_starts[0][1]
        markers.append(
            Marker(
                file=seg.file,
                number=c.value,
                line=line,
                col=_column(lines, line, text, c, _line_offset(starts, c.start)) if lines else 0,
                text=(text[c.start : c.end] if c.style == "damaged" else _printed(text, c.start, c.end)).strip(),
                style=c.style,
                segment_index=si,
                footnote_line=entry_lines.get(c.value),
                sentence=sentence,
                cited_line=cited_line,
                offset=ca,
            )
        )
    return replace(seg, text=clean, sentences=sentences_with_lines(clean, new_starts, offsets)), markers


def _remove(text: str, starts: list, cs: list[Candidate]):
    """Delete the chosen markers from a paragraph; returns the clean text, the
    shifted line map and each marker's position in the clean text."""
    cut: list[tuple[int, int]] = []
    for c in sorted(cs, key=lambda c: c.start):
        a, b = c.start, c.end
        # `Belarus"4 . Quant` -> `Belarus". Quant`; `"2 .` -> `".`
        if b < len(text) and text[b] == " " and text[b + 1 : b + 2] in (".", ",", ";", ":") and (a == 0 or not text[a - 1].isspace()):
            b += 1
        if c.style == "paren":  # `biélorusses (69 ).` -> `biélorusses.`
            a, b = a - 1, text.index(")", b) + 1
            a -= a > 0 and text[a - 1] == " "
        elif a > 0 and text[a - 1] == " " and b < len(text) and text[b] == " ":
            b += 1  # `2022" . 62 Pour` -> `2022" . Pour`
        # ` 3Un` keeps one space; `Harbin13 .` -> `Harbin .` is left as printed
        cut.append((a, b))
    out, pos, spans = [], 0, []
    removed = 0
    ends: list[int] = []  # end of each cut in the original text (increasing)
    removed_by: list[int] = []  # characters removed up to that end
    for a, b in cut:
        out.append(text[pos:a])
        spans.append((a - removed, a - removed))
        removed += b - a
        ends.append(b)
        removed_by.append(removed)
        pos = b
    out.append(text[pos:])

    def moved(off: int) -> int:
        k = bisect_right(ends, off) - 1
        return off - (removed_by[k] if k >= 0 else 0)

    new_starts = [(moved(o), no) for o, no in starts]
    return "".join(out), new_starts, spans


def _cited(spans: list[tuple[int, int]], span_starts: list[int], at: int, style: str) -> int:
    """Which sentence a marker cites: the one it ends, or for a `lead` marker
    (004 prints them before the sentence) the one it starts. `spans` are the
    sentences of the clean paragraph in order (not empty), `span_starts` their starts."""
    if style == "lead":
        # the first sentence starting at (or one character before) the marker
        k = bisect_left(span_starts, at - 1)
    else:
        # the sentence the marker ends (the marker stands at most one character after it)
        k = bisect_left(span_starts, at) - 1
        if k < 0 or at > spans[k][1] + 1:
            k = len(spans)
    return min(k, len(spans) - 1)  # else the last one


def _line_offset(starts: list, offset: int) -> int:
    """Where the line holding `offset` starts in the joined paragraph."""
    k = bisect_right(starts, (offset, float("inf"))) - 1
    return starts[max(k, 0)][0]


def _printed(text: str, a: int, b: int) -> str:
    """The marker with the word before and after it, as printed."""
    left = text.rfind(" ", 0, max(0, a - 1))
    left = text.rfind(" ", 0, left) if left > 0 and a - left < 4 else left
    right = text.find(" ", b + 1)
    right = len(text) if right < 0 else right
    return text[left + 1 : right].strip()


def _column(lines, line: int, text: str, c: Candidate, line_offset: int = 0) -> int:
    """1-based column of the marker in its original line. `line_offset`: where that
    line starts in the joined paragraph; the search starts a little before the place it
    points to (from the line's start in any ordinary line), not from the start of a
    line that may be a whole book."""
    raw = lines[line - 1].raw
    token = text[c.start : c.end]
    before = text[max(0, c.start - 6) : c.start].split(" ")[-1]
    start = max(0, c.start - line_offset - 200)
    k = raw.find(before + token, start) if before else -1
    if k >= 0:
        return k + len(before) + 1
    k = raw.find(token, start)
    return k + 1 if k >= 0 else 1


def diagnostics(markers: list[Marker], footnotes: list[Entry], n_max: int) -> list[str]:
    out = []
    cited = {m.number: m for m in markers}
    have = {e.number for e in footnotes}
    for m in markers:
        if m.number not in have:
            out.append(f"footnote {m.number} cited at line {m.line} has no entry")
    for e in footnotes:
        if e.number not in cited:
            out.append(f"footnote {e.number} (line {e.line_start}) has no marker in the text")
    return out
