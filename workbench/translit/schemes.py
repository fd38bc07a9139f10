"""Slug-wide spelling schemes that one word cannot reveal.

Some sites write у as y (`pytin`, `zapystila-na-orbity`): read word by word,
`orbity` is орбиты and `pytin` a rare surname, and only the slug as a whole
shows the scheme. Such a slug writes no u at all, and several of its words read
as frequent words only with y as у (`spytnik`: спутник). Then each word whose y
as у reads as a known word is respelled before the search.

Others write ж as j (`sadyira_japarova`: Садыра Жапарова). A slug that spells
я, ю, й with y (`sobirayutsya`, `nastaroy`) and never writes zh has no other use
for j: a word with j is respelled with zh when that reads as a known or attested
word and the j reading does not.
"""

from __future__ import annotations

import re

from workbench.lexicon import Lexicon
from workbench.translit.rules import plain_reading
from workbench.translit.search import word_readings

# y for у: not after a vowel (ay, oy: ай, ой), not before one (ya, ye, yi: я, е, ый)
_Y_AS_U = re.compile(r"(?<![aeiouy])y(?![aeiouy])")
FREQ_GAIN = 1.5  # zipf gain that makes a word evidence for the scheme
MIN_EVIDENCE = 2  # words that show the scheme (one could be chance)


def _best(w: str, lex: Lexicon) -> float | None:
    """The zipf frequency of the word's cheapest known reading (None: none known)."""
    known = [r for r in word_readings(w, lex) if r.known and not r.web and r.cost <= 0.5]
    return max((r.freq for r in known), default=None)


def respell_y_as_u(words: list[str], lex: Lexicon) -> list[str]:
    """The slug's words with y as u, when the slug follows that scheme; else unchanged."""
    low = [w.lower() for w in words]
    if any("u" in w for w in low) or not any(_Y_AS_U.search(w) for w in low):
        return words
    evidence = 0
    swapped: list[str | None] = []
    for w in low:
        s = _Y_AS_U.sub("u", w)
        if s == w or not w.isascii() or not w.isalpha():
            swapped.append(None)
            continue
        a, b = _best(w, lex), _best(s, lex)
        if b is None:
            swapped.append(None)
            continue
        if a is None or b - a >= FREQ_GAIN:
            evidence += 1
        swapped.append(s)
    if evidence < MIN_EVIDENCE:
        return words
    return [s if s is not None else w for w, s in zip(words, swapped, strict=True)]


# я, ю, ё, й written with y: the slug has no use for j
_Y_SCHEME = re.compile(r"y[aueo]|[aeiou]y(?![aeiouy])")


def _attested(w: str, lex: Lexicon) -> bool:
    """A known reading of `w`, or its letter-by-letter reading in the web word list."""
    return any(r.known for r in word_readings(w, lex)) or lex.zipf(plain_reading(w)) > 0.0


def respell_j_as_zh(words: list[str], lex: Lexicon) -> list[str]:
    """The slug's words with j as zh, when the slug writes я, ю, й with y and never zh."""
    low = [w.lower() for w in words]
    if any("zh" in w for w in low) or not any(_Y_SCHEME.search(w) for w in low):
        return words
    out = []
    for w, lw in zip(words, low, strict=True):
        s = lw.replace("j", "zh")
        if s != lw and lw.isascii() and lw.isalpha() and _attested(s, lex) and not _attested(lw, lex):
            out.append(s)
        else:
            out.append(w)
    return out
