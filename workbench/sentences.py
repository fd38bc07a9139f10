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
from bisect import bisect_left
from itertools import accumulate

# Candidate boundary: final punctuation [+ closing quotes] [+ marker], then space.
_BOUNDARY = re.compile(
    r"""(?P<end>(?:\.{3}|…|[.!?])+)              # final punctuation (ellipsis included)
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
    m = _AFTER_QUOTE.match(text, close + 1)  # matched in place: no copy of the rest of the paragraph
    if not m:
        return False
    c = m.group(1)
    return c.islower() or c in ",;:-–)"


def split_offsets(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` (a rebuilt paragraph)."""
    quotes = sorted((a, b) for a, b in _quote_spans(text) if _goes_on_after(text, b))
    quote_starts = [a for a, _ in quotes]
    reach = list(accumulate((b for _, b in quotes), max))  # the furthest end among quotes opened so far

    def in_quote(pos: int) -> bool:  # some quotation with a < pos < b, in O(log n)
        i = bisect_left(quote_starts, pos) - 1
        return i >= 0 and reach[i] > pos

    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end_punct = m.group("end")
        cut = m.start("space")
        word = _word_before(text, m.start("end"))
        if end_punct == ".":
            bare = word.rstrip(".").lower()
            if bare in ABBREVIATIONS or _INITIALS.match(word.rstrip(".")):
                continue
            if re.fullmatch(r"\d{1,2}", word) and m.group("close") is None:
                # "n° 1. Puis" is rare; "le 3. " never ends a French sentence in this corpus
                pass
        elif end_punct in ("...", "…") and not m.group("close"):
            # An ellipsis runs on unless what follows clearly starts a sentence.
            if not m.group("next").strip()[:1].isupper():
                continue
        if in_quote(m.start("end")):
            continue
        if text[start:cut].strip():
            spans.append((start, cut))
            start = m.end("space")
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in split_offsets(text)]
