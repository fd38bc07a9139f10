"""French sentence splitting for rebuilt body paragraphs.

Rule-based on purpose: the text is machine-translated French with reference
markers glued to punctuation (`libres.1 Cette`, `"4 . Quant`, `" . 3Un`), which
trips statistical splitters. A boundary is a run of final punctuation, then
optional closing quotes and a reference marker, then space and something that
can start a sentence. It is refused after initials and abbreviations
(`A. Lukashenko`, `B.L. Zalessky`, `M.`, `p.`, `No.`), and inside a quotation
when the sentence goes on after the closing quote.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

# Candidate boundary: final punctuation [+ closing quotes] [+ marker], then space.
_BOUNDARY = re.compile(
    r"""(?P<end>(?<![.…!?])[.…!?]+)            # a whole run of final punctuation (ellipsis included)
        (?P<close>\s?[»"”)\]]+)?                  # closing quotes / brackets
        (?P<marker>\s?(?:\d{1,3}|[⁰¹²³⁴-⁹]{1,3})(?=\s))?  # a reference marker after it
        (?P<space>\s+)
        (?=(?P<next>[«"“(]?\s*(?:[A-ZÀ-ÝŒ]|\d{1,3}\s?[A-ZÀ-Ý]|\d)))""",
    re.VERBOSE,
)

# Words that end in a period without ending a sentence.
ABBREVIATIONS = frozenset(
    """
    m mm mme mlle dr pr st ste no n nos p pp c s t vol art etc env cf ch chap fig éd ed
    min mln mlrd mds bd av ex resp approx tél ibid op cit al
    """.split()
)
_INITIALS = re.compile(r"^(?:[A-ZÀ-ÝА-Я][a-zа-я]?\.)*[A-ZÀ-ÝА-Я][a-zа-я]?$")
_QUOTE_OPEN = "«“"
_QUOTE_CLOSE = "»”"
_QUOTE_CHARS = re.compile('["«“»”]')


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(«\"“":
        start -= 1
    return text[start:pos]


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations. Straight quotes are told open or closing by their
    neighbours (`"word` opens, `word"` closes, ` " ` goes by parity); an unmatched
    closing quote (opened in an earlier paragraph) is ignored."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    n = len(text)
    for m in _QUOTE_CHARS.finditer(text):
        i, c = m.start(), m.group()
        if c == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if before.isspace() or before in "(«[":
                closes = after.isspace() or after.isdigit() or after in ".,;:)!?…⁰¹²³⁴⁵⁶⁷⁸⁹"
                opening = not (stack and closes)
            else:
                opening = False
        elif c in _QUOTE_OPEN:
            opening = True
        else:
            opening = False
        if opening:
            stack.append(i)
        elif stack:
            spans.append((stack.pop(), i))
    return spans


_AFTER_QUOTE = re.compile(r"\s*(?:\d{1,3}|[⁰¹²³⁴-⁹]{1,3})?\s*(\S)")


def _goes_on_after(text: str, close: int) -> bool:
    """True when the sentence continues after the quotation closing at `close`."""
    m = _AFTER_QUOTE.match(text, close + 1)
    if not m:
        return False
    c = m.group(1)
    return c.islower() or c in ",;:-–)"


def _inside_quotations(text: str) -> Callable[[int], bool]:
    """Is a position strictly inside a quotation the sentence goes on after?
    (The spans are merged once, so each question costs a binary search.)"""
    merged: list[list[int]] = []
    inner = sorted((a + 1, b - 1) for a, b in _quote_spans(text) if b - a > 1 and _goes_on_after(text, b))
    for lo, hi in inner:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    starts = [lo for lo, _ in merged]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos <= merged[k][1]

    return inside


def _ends_sentence(text: str, m: re.Match) -> bool:
    """Is this candidate boundary a sentence end (not an abbreviation, initials
    or an ellipsis running on)?"""
    end_punct = m.group("end")
    if end_punct == ".":
        word = _word_before(text, m.start("end")).rstrip(".")
        return not (word.lower() in ABBREVIATIONS or _INITIALS.match(word))
    if end_punct in ("...", "…") and not m.group("close"):
        # An ellipsis runs on unless what follows clearly starts a sentence.
        return m.group("next").strip()[:1].isupper()
    return True


def split_offsets(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` (a rebuilt paragraph)."""
    quoted = _inside_quotations(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if not _ends_sentence(text, m) or quoted(m.start("end")):
            continue
        cut = m.start("space")
        if text[start:cut].strip():
            spans.append((start, cut))
            start = m.end("space")
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in split_offsets(text)]
