"""Slug words the lexicon cannot read as spelt: damage and glue.

The extraction and the sites damage slugs: words glued together (`vrossiju`),
cut in two (`predlozhi-la`), a frequent word a few letters away
(`zainteresovery`), an abbreviation with a case ending (`sezy`), a wrong case
ending (`белорусской` where the grammar asks for another form). Each repair
here offers readings with a cost; the headline's grammar chooses.
"""

from __future__ import annotations

from workbench.lexicon import NEAR_MIN_ZIPF, Lexicon, memoized
from workbench.translit.rules import CONSONANTS, plain_reading
from workbench.translit.search import LONGEST_WORD, Reading, word_ends, word_readings

try:  # prefixes pymorphy3 knows words are built with (авиа-, мега-, сверх- …)
    from pymorphy3.lang.ru.config import KNOWN_PREFIXES as _PM_PREFIXES

    KNOWN_PREFIXES = frozenset(p for p in _PM_PREFIXES if not p.endswith("-"))
except ImportError:  # pragma: no cover
    KNOWN_PREFIXES = frozenset()
# short words a glued slug word may start with
FUNCTION_WORDS = frozenset({"в", "во", "и", "с", "со", "к", "ко", "на", "по", "о", "об", "за", "до", "из", "от",
                            "у", "для", "не", "при", "над", "под", "без", "а", "же", "ли", "то"})
COMBINING = frozenset({"техно", "агро", "авто", "био", "эко", "электро", "энерго", "нефте", "газо", "гидро",
                       "теле", "радио", "фото", "видео", "мото", "вело", "авиа", "евро", "мини", "мега", "микро",
                       "нано", "пром", "сельхоз", "спец", "гос", "мед", "фарм", "инфо", "медиа", "кибер",
                       "стрессо"})
SPLIT_COST = 1.5  # words glued together (`vrossiju` -> в россию)
NEAR_COST = 1.6  # a known word a few letters away from the slug word's plain reading …
NEAR_EDIT_COST = 0.9  # … per letter, and a frequent one (NEAR_MIN_ZIPF; 4.0 when one letter is wrong)
ENDING_COST = 1.0  # a known word with a case ending the lexicon does not give it
INFLECT_COST = 1.6  # another form of the same word, when the grammar asks for it (a damaged ending)
_ENDINGS = ("ami", "akh", "ah", "am", "om", "ov", "y", "i", "a", "u", "e")


def split_glued(latin: str, lex: Lexicon) -> list[Reading] | None:
    """`vrossiju` -> [в, россию]: the cheapest cut into known words."""
    n = len(latin)
    cost: list[float | None] = [0.0] + [None] * n  # the cheapest cut of the first j letters …
    back: list[tuple[int, Reading] | None] = [None] * (n + 1)  # … where its last word starts, that word
    for i in range(n):
        here = cost[i]
        if here is None:
            continue
        for length, r in word_ends(lex, latin[i : i + LONGEST_WORD]).items():
            j = i + length
            if len(r.ru) <= 2 and r.ru not in FUNCTION_WORDS:
                continue
            c = here + r.cost + SPLIT_COST - 0.1 * r.freq
            there = cost[j]
            if there is None or c < there:
                cost[j], back[j] = c, (i, r)
    words: list[Reading] = []
    j = n
    while (b := back[j]) is not None:
        j, r = b
        words.append(r)
    return words[::-1] if len(words) >= 2 else None


def _compound_name(p: str, lex: Lexicon) -> bool:
    """`узстандарт`, `субпарк`, `нацплан`: a short stem before a known word, the
    way names of companies and agencies are made; not a damaged word."""
    return any(len(p) - k >= 4 and lex.known(p[k:]) and lex.zipf(p[k:]) >= 3.0 for k in range(2, 5))


def near_readings(latin: str, lex: Lexicon) -> list[Reading]:
    """A slug word no reading explains, repaired to a frequent known word a few
    letters away from its plain reading (`zainteresovery` -> заинтересованы,
    `programmemu` -> программу, `bolce` -> более). The longer the word, the more
    letters may be wrong (one from 5 letters, two from 8, three from 11); a word
    is not cut or completed at an end (names: мигао is not мига), and a short
    stem before a known word is a name (узстандарт)."""
    p = plain_reading(latin)
    if len(p) < 5 or _compound_name(p, lex):
        return []
    maxd = 1 if len(p) < 8 else 2 if len(p) < 11 else 3
    out = []
    for word, d in lex.near_words(p, maxd):
        if word.startswith(p) or p.startswith(word) or word.endswith(p) or p.endswith(word):
            continue
        z = lex.zipf(word)
        if word in lex.extra or (z >= (4.0 if d == 1 else NEAR_MIN_ZIPF) and word in lex.words):
            out.append(Reading(word, NEAR_COST + NEAR_EDIT_COST * d, True, z))
    out.sort(key=lambda r: -r.score)
    return out[:4]


def inflected_stem(w: str, lex: Lexicon) -> list[tuple[list[Reading], float]]:
    """An abbreviation or a name the lexicon knows only uninflected, with a case
    ending (`sezy` -> сэзы)."""
    for e in _ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            rs = word_readings(w[: -len(e)], lex)
            if rs and rs[0].cost < 1.5 and rs[0].freq >= 2.0 and rs[0].ru[-1] in CONSONANTS:
                r = rs[0]
                return [([Reading(r.ru + plain_reading(e), r.cost + ENDING_COST, True, max(0.0, r.freq - 1.5))], 0.0)]
    return []


def merge_split_words(words: list[str], lex: Lexicon) -> list[str]:
    """A word the slug cut in two (`predlozhi-la`, `tehno-parke`) is joined back
    when the whole reads as a frequent word and a half does not read well."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and _cut_word(words[i], words[i + 1], lex):
            out.append(words[i] + words[i + 1])
            i += 2
            continue
        if i + 1 < len(words) and _cut_at_sign(words[i], words[i + 1], lex):
            out.append(words[i] + "j" + words[i + 1])  # j: the ъ or ь the separator replaced
            i += 2
            continue
        out.append(words[i])
        i += 1
    return out


def _cut_word(first: str, second: str, lex: Lexicon) -> bool:
    if not (first.isalpha() and second.isalpha() and first.isascii() and second.isascii()):
        return False
    a, b = first.lower(), second.lower()
    ra, rb = word_readings(a, lex), word_readings(b, lex)
    # a half that is no word of its own: a combining form (техно-, агро-)
    # or a stray syllable (`-la`)
    stray = (ra and ra[0].ru in COMBINING) or (rb and len(rb[0].ru) <= 2)
    function = any(r and r[0].ru in FUNCTION_WORDS for r in (ra, rb))
    if not (stray and not function and ra and rb):
        return False
    whole = word_readings(a + b, lex)
    return bool(whole) and whole[0].cost < 1.0 and whole[0].freq >= 1.5


_REFLEXIVE = frozenset({"sia", "sja", "sya", "s"})  # ся, сь after a verb


def _cut_at_sign(first: str, second: str, lex: Lexicon) -> bool:
    """A slug that turned ъ or ь into its separator (`s-emka`: съемка,
    `obnovliat-sia`: обновляться): the two halves joined by the sign read as a
    dictionary word more frequent than the second half alone, or the second
    half is a reflexive ending."""
    if not (first.isalpha() and second.isalpha() and first.isascii() and second.isascii()):
        return False
    a, b = first.lower(), second.lower()
    if a[-1] in "aeiouy" or (b[0] not in "aeiouy" and b not in _REFLEXIVE):
        return False
    whole = [r for r in word_readings(a + "j" + b, lex) if not r.web and r.cost <= 1.2 and r.freq >= 2.0]
    if not whole:
        return False
    if b in _REFLEXIVE:
        return whole[0].ru.endswith(("ся", "сь"))
    rb = word_readings(b, lex)
    return not rb or whole[0].freq > rb[0].freq + 0.5


@memoized(20_000)
def inflections(lex: Lexicon, ru: str) -> tuple[str, ...]:
    """The other forms of a word's lexeme (adjectives and nouns): `белорусской`
    -> белорусский, белорусского … (slugs with a wrong ending)."""
    out: dict[str, None] = {}
    for p in lex.parses(ru)[:2]:
        if p.tag.POS not in ("ADJF", "NOUN", "PRTF"):
            continue
        for f in p.lexeme:
            if f.word != ru and f.tag.POS == p.tag.POS and "ё" not in f.word:
                out[f.word] = None
    return tuple(out)
