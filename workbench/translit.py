"""Reverse transliteration: the Russian headline in Cyrillic from a URL slug.

Sites transliterate with different schemes (я = ja|ya|ia, й = j|i|y, ь dropped
or j|i, щ = sch, ц = ts|tc|cz|c, х = h|kh|x|ch …), and the extraction damages the
slugs (glued words, lost, doubled or wrong letters, French leaking in). For each
slug word a search walks the Latin string, expanding every Cyrillic reading of
the next letters, and keeps only readings that are prefixes of a word form of
the Russian lexicon (pymorphy3's dictionary, a DAWG). Complete readings are
scored by how usual their letter mapping is and how frequent the word is
(wordfreq). Words the lexicon cannot explain are glued words (cut into
dictionary words, or a stem and a word written solid), damaged words (one letter
inserted, dropped or changed; or a frequent word a few letters away), names (a
plain letter mapping) or Latin words of the headline (kept).

The whole title then chooses among the readings of its words with pymorphy3's
grammar: prepositions govern cases, adjectives agree with their nouns, a
headline rarely opens with a genitive, the first verb agrees with a nominative
before it, infinitives follow modal words (a Viterbi pass over neighbours, then
changes of one word, or two verbs, while the headline scores better). Where
neighbours cannot fit, the other forms of their lexemes and their one-letter
repairs are offered (slugs with a wrong ending). The French title, when the
caller has it, is evidence for names (read letter by letter).

The lexicon is loaded once per process (`Lexicon.get()`); lookups are cached
(`clear_caches()` empties the per-word and per-phrase caches).
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from workbench.ru_grammar import (adj_noun, agree, chain_score, compound_part, context_score, first_name,
                                  opening_score, pair_score)
from workbench.slugs import Slug, extract_slug

# Latin spelling -> Cyrillic readings with a cost (0 = the usual reading).
_RULES: dict[str, tuple[tuple[str, float], ...]] = {
    "shch": (("щ", 0.0),),
    "sch": (("щ", 0.0), ("сч", 0.4), ("ш", 1.5)),
    "sh": (("ш", 0.0), ("сх", 1.2)),
    # ш: French spelling leaking in (Loukachenko); х: Polish and German spelling (beloruskich)
    "ch": (("ч", 0.0), ("х", 1.2), ("ш", 1.4), ("кх", 2.0)),
    # French spellings leaking into slugs: moguilevskaja, Ouzbékistan
    "gui": (("ги", 0.8),),
    "gue": (("ге", 0.8),),
    "ou": (("у", 0.7), ("оу", 0.3)),
    "zh": (("ж", 0.0), ("зх", 1.5)),
    "kh": (("х", 0.0), ("кх", 0.8)),
    "ts": (("ц", 0.2), ("тс", 0.3), ("тьс", 0.6)),
    "tc": (("ц", 0.3),),
    "cz": (("ц", 0.2),),
    "cs": (("кс", 0.8),),
    "ck": (("к", 0.5),),
    "ja": (("я", 0.0), ("ья", 0.5), ("ъя", 1.0), ("йа", 1.5)),
    "ya": (("я", 0.0), ("ья", 0.5), ("ыя", 1.2), ("ъя", 1.0)),
    "ia": (("ия", 0.1), ("я", 0.3), ("ья", 0.7)),
    "ju": (("ю", 0.0), ("ью", 0.5), ("ъю", 1.0)),
    "yu": (("ю", 0.0), ("ью", 0.5)),
    "iu": (("ю", 0.2), ("ию", 0.3), ("ью", 0.7)),
    "je": (("е", 0.2), ("ье", 0.3), ("ъе", 0.5), ("э", 1.0)),
    "ye": (("е", 0.2), ("ье", 0.3), ("ъе", 0.5), ("ые", 0.6)),
    "jo": (("ё", 0.2), ("ьо", 0.5), ("йо", 0.8)),
    "yo": (("ё", 0.2), ("ьо", 0.5), ("йо", 0.8)),
    "ji": (("ьи", 0.4), ("йи", 1.0)),
    "yi": (("ый", 0.3), ("ы", 0.4), ("ьи", 0.5), ("ий", 0.8)),
    "iy": (("ий", 0.0), ("ый", 0.5)),
    "yy": (("ый", 0.0), ("ыы", 2.0)),
    "ij": (("ий", 0.0), ("ый", 0.8)),
    "ii": (("ии", 0.0), ("ий", 0.3)),  # the ia/iu scheme writes й as i (predpriiatii)
    "yj": (("ый", 0.0), ("ий", 0.6)),
    "ei": (("ей", 0.2), ("еи", 0.4)),
    "ey": (("ей", 0.0), ("ее", 1.0)),
    "oy": (("ой", 0.0),),
    "oj": (("ой", 0.0),),
    "aj": (("ай", 0.0),),
    "ay": (("ай", 0.0),),
    "uj": (("уй", 0.0),),
    "a": (("а", 0.0),),
    "b": (("б", 0.0),),
    "v": (("в", 0.0),),
    "w": (("в", 0.5),),
    "g": (("г", 0.0),),
    "d": (("д", 0.0),),
    "e": (("е", 0.0), ("э", 0.4), ("ё", 0.3)),
    "z": (("з", 0.0),),
    "i": (("и", 0.0), ("й", 0.6), ("ь", 0.8), ("ы", 1.5)),
    "j": (("й", 0.1), ("ь", 0.5), ("ъ", 0.8)),
    "y": (("ы", 0.0), ("й", 0.3), ("и", 0.8), ("ь", 1.0)),
    "k": (("к", 0.0),),
    "l": (("л", 0.0),),
    "m": (("м", 0.0),),
    "n": (("н", 0.0),),
    "o": (("о", 0.0), ("ё", 1.0)),
    "p": (("п", 0.0),),
    "r": (("р", 0.0),),
    "s": (("с", 0.0),),
    "t": (("т", 0.0),),
    "u": (("у", 0.0),),
    "f": (("ф", 0.0),),
    "h": (("х", 0.0),),
    "x": (("х", 0.2), ("кс", 0.8)),  # кс: an English spelling (expo); Russian slugs write ks
    "c": (("ц", 0.3), ("к", 0.5), ("ч", 0.6), ("с", 1.0)),  # ч: č without its hacek (sotrudnicat)
    "q": (("к", 0.8),),
    "'": (("ь", 0.0),),
    "č": (("ч", 0.0),),
    "š": (("ш", 0.0),),
    "ž": (("ж", 0.0),),
    "`": (("ь", 0.3),),
}
_MAX_RULE = max(len(k) for k in _RULES)
try:  # prefixes pymorphy3 knows words are built with (авиа-, мега-, сверх- …)
    from pymorphy3.lang.ru.config import KNOWN_PREFIXES as _PM_PREFIXES

    _KNOWN_PREFIXES = frozenset(p for p in _PM_PREFIXES if not p.endswith("-"))
except ImportError:  # pragma: no cover
    _KNOWN_PREFIXES = frozenset()
_CYR_WORD = re.compile(r"^[а-яё]+$")
_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")
# prefixes a ъ follows (the lexicon decides for its words; these guide names and coinages)
_HARD_PREFIXES = ("об", "под", "раз", "рас", "из", "над", "от", "пред", "транс", "меж", "сверх", "суб", "контр",
                  "пан", "кон", "дез", "диз", "пост", "супер", "вз", "без", "трех", "двух")
_VOWELS = set("аеёиоуыэюя")
SOFT_SIGN_COST = 0.9  # a ь the slug dropped inside a word
FINAL_SOFT_COST = 0.45  # … or at its end, which is far more common
HARD_SIGN_COST = 1.0  # a ъ the slug dropped (before e, je, ja, ju)
INSERT_COST = 2.4  # a letter the slug lost (`velichil` -> увеличил)
DROP_COST = 2.2  # a letter the slug doubled or gained
SUBST_COST = 2.6  # a letter the slug got wrong
WEB_ONLY_COST = 0.7  # a word form only wordfreq's web list has
FREQ_WEIGHT = 0.55
INFN_PRIOR = 0.5
_SUBSTITUTES = "аеиоуяыюйьчшщжхцклнрстмвпбдгз"
SPLIT_COST = 1.5  # words glued together (`vrossiju` -> в россию)
_INSERTABLE = "уоаеиявнтслрк"
# short words a glued slug word may start with
_FUNCTION_WORDS = {"в", "во", "и", "с", "со", "к", "ко", "на", "по", "о", "об", "за", "до", "из", "от", "у",
                   "для", "не", "при", "над", "под", "без", "а", "же", "ли", "то"}
_COMBINING = {"техно", "агро", "авто", "био", "эко", "электро", "энерго", "нефте", "газо", "гидро", "теле",
              "радио", "фото", "видео", "мото", "вело", "авиа", "евро", "мини", "мега", "микро", "нано",
              "пром", "сельхоз", "спец", "гос", "мед", "фарм", "инфо", "медиа", "кибер", "стрессо"}


@dataclass
class Reading:
    ru: str
    cost: float
    known: bool
    freq: float = 0.0  # zipf frequency of the form
    web: bool = False  # known only to the web word list, not to the dictionary

    @property
    def score(self) -> float:
        return -self.cost + FREQ_WEIGHT * self.freq


def name_forms(w: str) -> set[str]:
    """A name and its case forms (glossaries give the nominative only):
    беллесбумпром -> беллесбумпрома, беллесбумпрому, беллесбумпромом, беллесбумпроме."""
    if not w or " " in w:
        return {w} if w else set()
    if w[-1] in "бвгджзклмнпрстфхцчшщ":
        ends = ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах")
        return {w + e for e in ends}
    if w.endswith("ь"):
        return {w[:-1] + e for e in ("ь", "я", "ю", "ем", "е", "и", "ью")}
    if w.endswith(("а", "я")):
        return {w[:-1] + e for e in ("а", "ы", "и", "е", "у", "ю", "ой", "ей", "ою")} | {w}
    return {w}


class Lexicon:
    """pymorphy3's Russian dictionary (word forms in a DAWG) and wordfreq frequencies."""

    _instance: Lexicon | None = None

    def __init__(self) -> None:
        import pymorphy3
        from wordfreq import get_frequency_dict

        self.morph = pymorphy3.MorphAnalyzer(lang="ru")
        self.words = self.morph.dictionary.words
        self.freq = get_frequency_dict("ru", "best")
        self._prefix: dict[str, bool] = {}
        self._known: dict[str, bool] = {}
        self._parse: dict[str, list] = {}
        self._extra: set[str] = set()
        self._extra_prefix: set[str] = set()
        # wordfreq's list knows names pymorphy does not (шаньдун, гомсельмаш, цзиньпином)
        self.sorted_words = sorted(w for w in self.freq if _CYR_WORD.match(w))
        self._wf_prefix: dict[str, bool] = {}
        self._step: dict[tuple[int, str], int | None] = {}
        self._children: dict[int, str] = {}
        # frequent words, and the same spelt backwards, sorted (built on demand)
        self._near: list[str] = []
        self._reversed: list[str] | None = None

    def _range(self, words: list[str], p: str) -> list[str]:
        lo = bisect_left(words, p)
        hi = bisect_left(words, p + "\uffff", lo)
        return words[lo:hi]

    def near_words(self, p: str, maxd: int) -> list[tuple[str, int]]:
        """Known words within `maxd` edits of `p` that share its first or its last
        three letters (a damaged slug word keeps one end): (word, distance)."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._reversed is None:
            import itertools

            least = 10 ** (NEAR_MIN_ZIPF - 9)  # wordfreq's dictionary runs from the most frequent word down
            top = itertools.takewhile(lambda kv: kv[1] >= least, self.freq.items())
            self._near = sorted(w for w, _ in top if _CYR_WORD.match(w))
            self._reversed = sorted(w[::-1] for w in self._near)
        k = 2 if len(p) < 8 else 3  # a short word has fewer letters to spare
        cands = set(self._range(self._near, p[:k]))
        cands.update(w[::-1] for w in self._range(self._reversed, p[::-1][:k]))
        cands.update(w for w in self._extra if w[:k] == p[:k] or w[-k:] == p[-k:])
        cands = [w for w in cands if abs(len(w) - len(p)) <= maxd]
        got = process.extract(p, cands, scorer=Levenshtein.distance, score_cutoff=maxd, limit=40)
        return [(w, int(d)) for w, d, _ in got if d > 0]

    @classmethod
    def get(cls) -> Lexicon:
        if cls._instance is None:
            cls._instance = Lexicon()
        return cls._instance

    def set_extra_words(self, words) -> None:
        """Extra known forms (a project glossary's Russian names), replacing the
        previous ones. Readings cached under other extra words are dropped, so a
        result never depends on what the process did before."""
        new = {f for w in words for f in name_forms(w.lower())}
        if new == self._extra:
            return
        self._extra = new
        self._extra_prefix = {w[:i] for w in new for i in range(1, len(w) + 1)}
        self._prefix.clear()
        self._known.clear()
        clear_caches()

    ROOT = 0

    def step(self, node: int, chars: str) -> int | None:
        """Follow `chars` in the dictionary from `node` (walking the DAWG once per
        letter instead of from the root for every candidate)."""
        key = (node, chars)
        v = self._step.get(key, -2)
        if v == -2:
            v = self.words.dct.follow_bytes(chars.encode("utf-8"), node) if node >= 0 else None
            self._step[key] = v
        return v

    def children(self, node: int) -> str:
        """The letters the dictionary continues with after `node` (cached)."""
        v = self._children.get(node)
        if v is None:
            v = "".join(c for c in _ALPHABET if self.step(node, c) is not None)
            self._children[node] = v
        return v

    def is_word(self, node: int | None, cyr: str) -> bool:
        if node is not None and node >= 0 and self.words.dct.follow_bytes(b"\x01", node):
            return True
        return cyr in self._extra or cyr in self.freq

    def word_source(self, node: int | None, cyr: str) -> str | None:
        """"dict" (pymorphy3 or a glossary), "web" (wordfreq only, frequent enough) or None."""
        if node is not None and node >= 0 and self.words.dct.follow_bytes(b"\x01", node):
            return "dict"
        if cyr in self._extra:
            return "dict"
        f = self.freq.get(cyr)
        if f and math.log10(f) + 9 >= 1.3:
            return "web"
        return None

    def wf_prefix(self, p: str) -> bool:
        """Is `p` the start of a word in wordfreq's list (binary search, cached)?"""
        v = self._wf_prefix.get(p)
        if v is None:
            k = bisect_left(self.sorted_words, p)
            v = k < len(self.sorted_words) and self.sorted_words[k].startswith(p)
            self._wf_prefix[p] = v
        return v

    def has_prefix(self, p: str) -> bool:
        v = self._prefix.get(p)
        if v is None:
            v = next(self.words.iterkeys(p), None) is not None
            self._prefix[p] = v
        return v

    def known(self, w: str) -> bool:
        v = self._known.get(w)
        if v is None:
            v = w in self.words or w in self._extra or w in self.freq
            self._known[w] = v
        return v

    def zipf(self, w: str) -> float:
        f = self.freq.get(w.replace("ё", "е")) or self.freq.get(w)
        return math.log10(f) + 9 if f else 0.0

    def parses(self, w: str) -> list:
        v = self._parse.get(w)
        if v is None:
            # words outside the dictionary would go to pymorphy's (slow) guesser
            v = [p for p in self.morph.parse(w) if p.is_known][:6] if w in self.words else []
            self._parse[w] = v
        return v


# ------------------------------------------------------------------ one word


def _expansions(latin: str, i: int):
    c = latin[i]
    if "а" <= c <= "я" or c == "ё":  # Cyrillic letters typed into a Latin slug (sovместnyj)
        yield 1, c, 0.0
        return
    for n in range(min(_MAX_RULE, len(latin) - i), 0, -1):
        chunk = latin[i : i + n]
        rule = _RULES.get(chunk)
        if rule:
            # after a consonant, je is ье or ъе in slugs that write е as e (premjer, objemy)
            after_consonant = chunk == "je" and i > 0 and latin[i - 1] in "bcdfghklmnpqrstvwxz"
            for cyr, cost in rule:
                yield n, cyr, (cost + 0.8 if after_consonant and cyr == "е" else cost)


def search_word(latin: str, lex: Lexicon, limit: int = 6, edits: int = 0, beam: int = 150) -> list[Reading]:
    """Known Cyrillic readings of one slug word, best first. `edits` allows one
    inserted letter (a lost one) or one dropped doubled letter (for damaged slugs)."""
    latin = latin.lower()
    # state: (cost, pos, cyr, edits_used, dictionary node or -1 off the dictionary)
    heap: list[tuple[float, int, str, int, int]] = [(0.0, 0, "", 0, Lexicon.ROOT)]
    done: dict[str, float] = {}
    web: set[str] = set()
    seen: dict[tuple[int, str], float] = {}
    pops = 0

    def push(c2: float, j: int, s: str, u: int, node: int, add: str) -> None:
        nxt = lex.step(node, add) if node >= 0 else None
        if nxt is None:
            # a repaired word must be a dictionary word: the web word list is full of typos
            if u or (s not in lex._extra_prefix and not lex.wf_prefix(s)):
                return
            nxt = -1
        key = (j, s)
        if seen.get(key, 1e9) <= c2:
            return
        seen[key] = c2
        heapq.heappush(heap, (c2, j, s, u, nxt))

    def finish(word: str, node: int, cost: float, used: int = 0) -> None:
        if word and word not in done:
            how = lex.word_source(node if node >= 0 else None, word)
            if how and not (used and how == "web"):
                # a form only the web word list knows (names, but also typos) is less trusted
                done[word] = cost + (WEB_ONLY_COST if how == "web" else 0.0)
                if how == "web":
                    web.add(word)

    expand = [list(_expansions(latin, k)) for k in range(len(latin))]
    while heap and pops < beam * max(1, len(latin)):
        cost, i, cyr, used, node = heapq.heappop(heap)
        pops += 1
        if i == len(latin):
            finish(cyr, node, cost, used)
            if cyr.endswith(("о", "е")) and len(cyr) > 4 and cyr not in done and any(
                (cyr[:-1] + end) in lex.words and any(p.tag.POS == "ADJF" for p in lex.parses(cyr[:-1] + end))
                for end in ("ий", "ый", "ой", "ский")
            ):
                done[cyr] = cost + 0.4  # first part of a compound adjective: белорусско-, торгово-
            # a final soft sign the slug dropped (belta drops them: `belarus`, `podnjat`)
            if cyr and cyr[-1] in _CONSONANTS and node >= 0:
                soft = lex.step(node, "ь")
                if soft is not None:
                    finish(cyr + "ь", soft, cost + FINAL_SOFT_COST, used)
            if used < edits and node >= 0:
                for x in _INSERTABLE:
                    n2 = lex.step(node, x)
                    if n2 is not None:
                        finish(cyr + x, n2, cost + INSERT_COST, 1)
            if len(done) >= limit * 3:
                break
            continue
        for n, c, rc in expand[i]:
            push(cost + rc, i + n, cyr + c, used, node, c)
        if cyr and cyr[-1] in _CONSONANTS:
            push(cost + SOFT_SIGN_COST, i, cyr + "ь", used, node, "ь")
            if latin[i] in "ejy":  # a dropped ъ before е, ё, ю, я (obedinennye -> объединенные)
                push(cost + HARD_SIGN_COST, i, cyr + "ъ", used, node, "ъ")
        if used < edits and node >= 0:  # (a repaired word is a dictionary word)
            kids = lex.children(node)  # only letters the dictionary continues with
            for x in kids:
                if x in _INSERTABLE:
                    push(cost + INSERT_COST, i, cyr + x, used + 1, node, x)
            doubled = (i > 0 and latin[i] == latin[i - 1]) or (i + 1 < len(latin) and latin[i] == latin[i + 1])
            # a doubled letter (`belorussskogo`, `sotrudnicchat`) or a stray one (`uzbekiskogo`)
            push(cost + (DROP_COST if doubled else SUBST_COST), i + 1, cyr, used + 1, node, "")
            for x in kids:  # a wrong letter (`bolce` -> более)
                if x in _SUBSTITUTES:
                    push(cost + SUBST_COST, i + 1, cyr + x, used + 1, node, x)
    out = [Reading(w, c, True, lex.zipf(w), w in web) for w, c in done.items()]
    out.sort(key=lambda r: -r.score)
    return out[:limit]


_PLAIN = {}
for _k, _v in _RULES.items():
    _PLAIN[_k] = _v[0][0]


def plain_reading(latin: str) -> str:
    """The usual letter mapping, for names the lexicon does not know."""
    latin = latin.lower()
    out, i = [], 0
    while i < len(latin):
        for n in range(min(_MAX_RULE, len(latin) - i), 0, -1):
            chunk = latin[i : i + n]
            if chunk in _PLAIN:
                cyr = _PLAIN[chunk]
                if chunk in ("je", "jo") and out and out[-1][-1] in _CONSONANTS:
                    # slugs that write е as e write je after a consonant only for ье, ъе
                    # (premjer, objemy); ъ after a prefix (transjevrazijskoj)
                    cyr = ("ъ" if "".join(out).endswith(_HARD_PREFIXES) else "ь") + cyr[-1]
                out.append(cyr)
                i += n
                break
        else:
            out.append(latin[i])
            i += 1
    s = "".join(out)
    # common endings of names and adjectives
    s = re.sub(r"ыя$", "ия", s)
    # an unknown word starting with e is a loanword: электро-, экспо (Russian е- words are in the lexicon)
    if s.startswith("е"):
        s = "э" + s[1:]
    return s


# ------------------------------------------------------------------ damage


@lru_cache(maxsize=50_000)
def _word_ends(latin: str) -> dict[int, Reading]:
    """The best reading of every start of `latin` that is a word: {length: reading}
    (one walk of the dictionary instead of one search per cut)."""
    lex = Lexicon.get()
    heap: list[tuple[float, int, str, int]] = [(0.0, 0, "", Lexicon.ROOT)]
    seen: dict[tuple[int, str], float] = {}
    found: dict[int, dict[str, float]] = {}
    expand = [list(_expansions(latin, k)) for k in range(len(latin))]
    pops = 0
    while heap and pops < 40 * max(1, len(latin)):
        cost, i, cyr, node = heapq.heappop(heap)
        pops += 1
        if cyr and i > 0:
            how = lex.word_source(node if node >= 0 else None, cyr)
            if how:
                found.setdefault(i, {}).setdefault(cyr, cost + (WEB_ONLY_COST if how == "web" else 0.0))
            if cyr[-1] in _CONSONANTS and node >= 0:
                soft = lex.step(node, "ь")
                if soft is not None and lex.word_source(soft, cyr + "ь"):
                    found.setdefault(i, {}).setdefault(cyr + "ь", cost + FINAL_SOFT_COST)
        if i == len(latin):
            continue
        steps = [(n, c, rc) for n, c, rc in expand[i]]
        if cyr and cyr[-1] in _CONSONANTS:
            steps.append((0, "ь", SOFT_SIGN_COST))
        for n, c, rc in steps:
            s2 = cyr + c
            nxt = lex.step(node, c) if node >= 0 else None
            if nxt is None:
                if s2 not in lex._extra_prefix and not lex.wf_prefix(s2):
                    continue
                nxt = -1
            key = (i + n, s2)
            c2 = cost + rc
            if seen.get(key, 1e9) <= c2:
                continue
            seen[key] = c2
            heapq.heappush(heap, (c2, i + n, s2, nxt))
    out = {}
    for j, words in found.items():
        rs = [Reading(w, c, True, lex.zipf(w)) for w, c in words.items()]
        out[j] = max(rs, key=lambda r: r.score)
    return out


def _split_glued(latin: str, lex: Lexicon) -> list[Reading] | None:
    """`vrossiju` -> [в, россию]: the cheapest cut into known words."""
    n = len(latin)
    best: list[tuple[float, list[Reading]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        for length, r in _word_ends(latin[i:]).items():
            j = i + length
            if len(r.ru) <= 2 and r.ru not in _FUNCTION_WORDS:
                continue
            c = best[i][0] + r.cost + SPLIT_COST - 0.1 * r.freq
            if best[j] is None or c < best[j][0]:
                best[j] = (c, best[i][1] + [r])
    if best[n] is None or len(best[n][1]) < 2:
        return None
    return best[n][1]


NEAR_COST = 1.6  # a known word a few letters away from the slug word's plain reading …
NEAR_EDIT_COST = 0.9  # … per letter
NEAR_MIN_ZIPF = 3.3  # … and a frequent one (4.0 when one letter is wrong in a short word)


def _compound_name(p: str, lex: Lexicon) -> bool:
    """`узстандарт`, `субпарк`, `нацплан`: a short stem before a known word, the
    way names of companies and agencies are made; not a damaged word."""
    return any(len(p) - k >= 4 and lex.known(p[k:]) and lex.zipf(p[k:]) >= 3.0 for k in range(2, 5))


def _near_readings(latin: str, lex: Lexicon) -> list[Reading]:
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
        if word in lex._extra or (z >= (4.0 if d == 1 else NEAR_MIN_ZIPF) and word in lex.words):
            out.append(Reading(word, NEAR_COST + NEAR_EDIT_COST * d, True, z))
    out.sort(key=lambda r: -r.score)
    return out[:4]


@lru_cache(maxsize=200_000)
def _cached_search(latin: str, edits: int) -> tuple:
    return tuple(search_word(latin, Lexicon.get(), edits=edits))


def _word_readings(latin: str, lex: Lexicon, edits: int = 0) -> list[Reading]:
    return list(_cached_search(latin, edits))


# ------------------------------------------------------------------ whole titles


@dataclass
class WordResult:
    slug: str
    ru: str
    known: bool
    score: float
    alternatives: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"slug": self.slug, "ru": self.ru, "known": self.known, "score": round(self.score, 3)}


@dataclass
class TitleResult:
    input: str
    slug: Slug
    words: list[WordResult]

    @property
    def title_ru(self) -> str:
        return " ".join(w.ru for w in self.words)

    def to_dict(self) -> dict:
        return {
            "input": self.input,
            "slug": self.slug.slug,
            "status": self.slug.status,
            "truncated": self.slug.truncated,
            "title_ru": self.title_ru,
            "words": [w.to_dict() for w in self.words],
        }


_LATIN_KEEP = re.compile(r"^(?:\d+[a-z]+|[a-z]+\d+[a-z\d]*)$")
_ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x{1,3})$")
_ROMAN_CONTEXT = re.compile(r"^(?:kvartal|polugod|pjatiletk|pyatiletk|etap)")


def _is_latin(r: Reading) -> bool:
    return not r.known and r.ru.isascii() and r.ru.isalpha()


@lru_cache(maxsize=50_000)
def _english_zipf(w: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(w, "en")


def _confidence(r: Reading, runner_up: Reading | None) -> float:
    """0..1: low cost, and a clear margin over the next reading."""
    base = math.exp(-0.6 * max(r.cost, 0.0))
    margin = 1.0 if runner_up is None else 1 - math.exp(-(r.score - runner_up.score) - 0.3)
    return max(0.0, min(1.0, 0.5 * base + 0.5 * margin))


COMPOUND_COST = 1.0  # a stem and a word written as one (стройотраслью)
_GLUED_TAIL = frozenset({"в", "с", "к", "на", "по", "за", "до", "из", "от"})


def _solid_compound(first: str, lex: Lexicon) -> bool:
    """Is `first` the start of a word written solid: a prefix-like part (мега-,
    электро-), a noun stem (строй-, стресс-, белорус-) or a name (гродноинвест)?"""
    if first in _KNOWN_PREFIXES or first in _COMBINING:
        return True
    ps = lex.parses(first)
    if not ps:
        return False
    t = ps[0].tag
    if t.POS == "NOUN" and ({"Geox", "Name", "Surn", "Orgn", "Fixd"} & t.grammemes) and (
        "Fixd" in t or t.case == "nomn"
    ):
        return True  # гродноинвест (not тегерана: an inflected name is a word of its own)
    return first[-1] not in _VOWELS and any(
        p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing" for p in ps[:3]
    )


def _candidates_for(word: str, nxt: str, lex: Lexicon) -> list[tuple[list[Reading], float]]:
    return list(_candidates_cached(word, nxt if _ROMAN.match(word.lower()) else ""))


@lru_cache(maxsize=100_000)
def _candidates_cached(word: str, nxt: str) -> tuple:
    return tuple(_candidates_uncached(word, nxt, Lexicon.get()))


def _candidates_uncached(word: str, nxt: str, lex: Lexicon) -> list[tuple[list[Reading], float]]:
    """Readings of one slug word: each a list of Cyrillic words (a glued slug word
    gives several) with an extra penalty."""
    w = word.lower()
    if w.isdigit():
        return [([Reading(w, 0.0, True, 5.0)], 0.0)]
    if re.fullmatch(r"[а-яё]+", w):
        return [([Reading(w, 0.0, lex.known(w), lex.zipf(w))], 0.0)]
    if _ROMAN.match(w) and _ROMAN_CONTEXT.match(nxt or ""):
        return [([Reading(w, 0.0, True, 5.0)], 0.0)]  # "v-i-kvartale": в I квартале
    if _LATIN_KEEP.match(w):
        return [([Reading(w, 0.0, True, 3.0)], 0.0)]  # 5g, covid19
    if not re.fullmatch(r"[a-z'а-яёčšž]+", w):
        # French leaking in (`Ouzbékistan`): fold the accents and read it as Latin
        import unicodedata

        folded = "".join(c for c in unicodedata.normalize("NFD", w) if unicodedata.category(c) != "Mn")
        if folded != w and re.fullmatch(r"[a-z']+", folded):
            return _candidates_uncached(folded, nxt, lex)
        return [([Reading(w, 5.0, False)], 0.0)]
    out: list[tuple[list[Reading], float]] = []
    for r in _word_readings(w, lex):
        out.append(([r], 0.0))
    best_cost = out[0][0][0].cost if out else 99.0
    if best_cost > 1.6:
        split = _split_glued(w, lex)
        if split:
            # a preposition glued to the word it governs (`vrossiju`), or two content
            # words that read as a phrase (`birzhevujutorgovlju`); anything else is a
            # compound or a name (гродноинвест, промпродукции, побратимское)
            glued_prep = len(split) == 2 and split[0].ru in _FUNCTION_WORDS and len(split[1].ru) >= 3 and split[1].freq >= 2.0
            phrase = all(len(r.ru) >= 4 and r.freq >= 1.5 and not r.web for r in split) and all(
                agree(lex.parses(a.ru), lex.parses(b.ru)) >= 1.0 for a, b in zip(split, split[1:])
            )
            unexplained = not any(r.known for rs, _ in out for r in rs)
            prefixed = split[0].ru in _KNOWN_PREFIXES or split[0].ru in _COMBINING  # мега-, электро-
            content = [r for r in split[1 if prefixed else 0 :] if r.ru not in _FUNCTION_WORDS]
            if len(w) >= 6 and unexplained:
                repaired = _word_readings(w, lex, edits=1)
                unexplained = not any(r.freq >= 3.0 for r in repaired)
            # a clean cut (every piece read as spelt) beats discarding a letter
            clean = all(r.cost <= 0.5 for r in split)
            # a preposition glued to the word before it (sotrudnichestves-indijskoj)
            tail_prep = len(split) == 2 and split[1].ru in _GLUED_TAIL and len(split[0].ru) >= 5
            link = pair_score(split[0].ru, split[1].ru) if len(split) == 2 else 0.0
            if not (glued_prep or phrase) and (unexplained or clean) and (
                split[-1].ru not in _FUNCTION_WORDS or tail_prep
            ) and all(
                a.ru not in _FUNCTION_WORDS or b.ru not in _FUNCTION_WORDS for a, b in zip(split, split[1:])
            ) and all(
                len(r.ru) >= 4 and r.freq >= (2.0 if link >= 1.0 else 3.0) and not r.web
                and lex.parses(r.ru) for r in content
            ):
                # two words that fit together (резидент великого, потенциал региона) are a phrase
                if (prefixed or (_solid_compound(split[0].ru, lex) and link <= 0)) and not tail_prep:
                    # one word made of a stem and a word: стройотраслью, мегальготы, белоруснефть
                    joined = "".join(r.ru for r in split)
                    head = split[0].ru
                    for sign in "ъь":  # a sign the slug wrote as j at the seam (transjevrazijskoj)
                        if plain_reading(w).startswith(head + sign) and split[1].ru[:1] in "еёюя":
                            joined = head + sign + joined[len(head) :]
                    cost = sum(r.cost for r in split) + COMPOUND_COST * (len(split) - 1)
                    out.append(([Reading(joined, cost, True, 0.5 * min(r.freq for r in split))], 0.0))
                    split = None
                else:
                    # words glued in the slug: биржа договорились, помеха торговля,
                    # научно технические (a hyphen the slug lost)
                    glued_prep = True
            if not (glued_prep or phrase):
                split = None
        if split:
            # each cut costs; a cut that does not free a preposition or conjunction costs more
            # scored as the pieces' mean, less a cost per cut; a cut that frees no
            # preposition or conjunction is less likely
            mean = sum(r.score for r in split) / len(split)
            pen = SPLIT_COST * (len(split) - 1) + (0 if any(r.ru in _FUNCTION_WORDS for r in split) else 0.6)
            out.append((split, sum(r.score for r in split) - mean + pen))
        if len(w) >= 6:
            for r in _word_readings(w, lex, edits=1):
                out.append(([r], 0.0))
        if len(w) >= 5 and not any(r.known and (r.cost < 2.0 or r.freq >= 3.0) for rs, _ in out for r in rs):
            out += [([r], 0.0) for r in _near_readings(w, lex)]
    en = _english_zipf(w)
    if (en >= 4.0 and len(w) >= 2 and (not out or out[0][0][0].web or best_cost >= 0.7)) or (
        en >= 6.5 and (len(w) >= 3 or (out and out[0][0][0].freq < 4.0))
    ):
        # an English word the headline kept (`it`, `international trade fair`, `group`):
        # its Russian readings are only web forms, strained spellings or rare words
        if en >= 6.5 and out and out[0][0][0].freq < 4.0:
            out.append(([Reading(w, 0.0, False, 5.0)], 0.0))
        else:
            out.append(([Reading(w, max(0.3, 1.6 - 0.25 * (en - 4.0)), False, 3.0)], 0.0))
    elif en >= 6.5 and len(w) >= 2:
        # a very common English word (in, the, of) may belong to an English run
        out.append(([Reading(w, 1.2, False, 3.0)], 0.0))
    if not any(r.known for rs, _ in out for r in rs):
        out += _inflected_stem(w, lex)
    if not out or best_cost > 2.0:
        out.append(([Reading(plain_reading(w), 2.0, False, 0.0)], 0.0))  # a name: letter by letter
    return out


_ENDINGS = ("ami", "akh", "ah", "am", "om", "ov", "y", "i", "a", "u", "e")
ENDING_COST = 1.0  # a known word with a case ending the lexicon does not give it


def _inflected_stem(w: str, lex: Lexicon) -> list:
    """An abbreviation or a name the lexicon knows only uninflected, with a case
    ending (`sezy` -> сэзы)."""
    for e in _ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            rs = _word_readings(w[: -len(e)], lex)
            if rs and rs[0].cost < 1.5 and rs[0].freq >= 2.0 and rs[0].ru[-1] in _CONSONANTS:
                r = rs[0]
                return [([Reading(r.ru + plain_reading(e), r.cost + ENDING_COST, True, max(0.0, r.freq - 1.5))], 0.0)]
    return []


def _merge_split_words(words: list[str], lex: Lexicon) -> list[str]:
    """A word the slug cut in two (`predlozhi-la`, `tehno-parke`) is joined back
    when the whole reads as a frequent word and a half does not read well."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i].isalpha() and words[i + 1].isalpha() and words[i].isascii() and words[i + 1].isascii():
            a, b = words[i].lower(), words[i + 1].lower()
            ra, rb = _word_readings(a, lex), _word_readings(b, lex)
            # a half that is no word of its own: a combining form (техно-, агро-)
            # or a stray syllable (`-la`)
            stray = (ra and ra[0].ru in _COMBINING) or (rb and len(rb[0].ru) <= 2)
            function = any(r and r[0].ru in _FUNCTION_WORDS for r in (ra, rb))
            if stray and not function and ra and rb:
                whole = _word_readings(a + b, lex)
                if whole and whole[0].cost < 1.0 and whole[0].freq >= 1.5:
                    out.append(words[i] + words[i + 1])
                    i += 2
                    continue
        out.append(words[i])
        i += 1
    return out


INFLECT_COST = 1.6  # another form of the same word, when the grammar asks for it (a damaged ending)


@lru_cache(maxsize=20_000)
def _inflections(ru: str) -> tuple[str, ...]:
    """The other forms of a word's lexeme (adjectives and nouns): `белорусской`
    -> белорусский, белорусского … (slugs with a wrong ending)."""
    lex = Lexicon.get()
    out: dict[str, None] = {}
    for p in lex.parses(ru)[:2]:
        if p.tag.POS not in ("ADJF", "NOUN", "PRTF"):
            continue
        for f in p.lexeme:
            if f.word != ru and f.tag.POS == p.tag.POS and "ё" not in f.word:
                out[f.word] = None
    return tuple(out)


def _own(rs: list[Reading], pen: float, lex: Lexicon) -> float:
    own = sum(r.score for r in rs) - pen
    parses = lex.parses(rs[0].ru)
    if parses and all(p.tag.POS == "INFN" for p in parses[:2]):
        own -= INFN_PRIOR  # headlines use finite verbs, infinitives mostly after "планирует"
    return own


SURNAME_BONUS = 1.8  # a first name is followed by a surname, rarely by a common noun


def _link(a: Reading, b: Reading) -> float:
    bonus = pair_score(a.ru, b.ru)
    if not b.known and b.ru[-2:] == a.ru[-2:] and first_name(a.ru):
        bonus += SURNAME_BONUS  # a surname after a first name, in its case: "виктором орбаном"
    if _is_latin(a) and _is_latin(b):
        bonus += 1.5  # English words come in runs ("international trade and industry fair")
    return bonus


def _total(options, owns, choice: list[int], lex: Lexicon) -> float:
    s = 0.0
    prev = None
    ws: list[str] = []
    for i, k in enumerate(choice):
        rs = options[i][k][0]
        s += owns[i][k]
        if prev is None:
            s += opening_score(rs[0].ru)
        else:
            s += _link(prev, rs[0])
        prev = rs[-1]
        ws += [r.ru for r in rs]
    return s + context_score(tuple(ws))


def _viterbi(options, owns, lex: Lexicon) -> list[int]:
    prev: list[tuple[float, list[int]]] = []
    for i, opts in enumerate(options):
        cur = []
        for k, (rs, pen) in enumerate(opts):
            own = owns[i][k]
            if not prev:
                cur.append((own + opening_score(rs[0].ru), [k]))
                continue
            best = None
            for score, path in prev:
                cand = (score + own + _link(options[i - 1][path[-1]][0][-1], rs[0]), path + [k])
                if best is None or cand[0] > best[0]:
                    best = cand
            cur.append(best)
        prev = cur
    return max(prev, key=lambda t: t[0])[1] if prev else []


def _improve(options, owns, choice: list[int], lex: Lexicon) -> list[int]:
    """Change one word at a time while the whole headline scores better (the
    grammar beyond neighbours: subject and verb, coordinated infinitives)."""
    best = _total(options, owns, choice, lex)
    for _ in range(3):
        changed = False
        for i in range(len(options)):
            for k in range(len(options[i])):
                if k == choice[i]:
                    continue
                trial = choice[:i] + [k] + choice[i + 1 :]
                t = _total(options, owns, trial, lex)
                if t > best + 1e-9:
                    best, choice, changed = t, trial, True
        if not changed:
            break
    # verb forms depend on each other across the headline (производить … появится
    # against производит … появился): change two of them at once
    verbs = [i for i, opts in enumerate(options) if len(opts) > 1 and _has_verb(opts, lex)]
    for x, i in enumerate(verbs):
        for j in verbs[x + 1 :]:
            for ki in range(min(4, len(options[i]))):
                for kj in range(min(4, len(options[j]))):
                    if ki == choice[i] or kj == choice[j]:
                        continue
                    trial = list(choice)
                    trial[i], trial[j] = ki, kj
                    t = _total(options, owns, trial, lex)
                    if t > best + 1e-9:
                        best, choice = t, trial
    return choice


def _has_verb(opts, lex: Lexicon) -> bool:
    return any(p.tag.POS in ("VERB", "INFN") for rs, _ in opts for p in lex.parses(rs[0].ru)[:2])


def _completes(w: str, r: Reading, lex: Lexicon) -> bool:
    """Is `r` the slug word `w` completed with a letter at its end? The slug may
    stop inside its last word (sites cut slugs): a start of a word is not
    completed with letters nothing shows (pakista, not пакистан)."""
    if r.cost < INSERT_COST or not (w.isascii() and w.isalpha()):
        return False
    p = plain_reading(w)
    return r.ru.startswith(p) and len(r.ru) > len(p) and not lex.known(p) and lex.has_prefix(p)


def _add_repairs(options, j: int, words: list[str], lex: Lexicon, have: set[str]) -> bool:
    """Offer the one-letter repairs of slug word j (frequent words only)."""
    added = False
    if len(words[j]) >= 5 and words[j].isascii():
        for e in _word_readings(words[j].lower(), lex, edits=1):
            if j == len(words) - 1 and _completes(words[j], e, lex):
                continue
            if e.ru not in have and e.freq >= 3.0:
                have.add(e.ru)
                options[j].append(([e], 0.0))
                added = True
    return added


def _add_inflections(options, choice: list[int], lex: Lexicon, words: list[str]) -> bool:
    """Where neighbours cannot fit together (a preposition and a case it does not
    govern, an adjective and its noun in different forms), offer the other forms
    of both words, and their one-letter repairs (`v-razviti` -> в развитии); and
    the repairs of a word read letter by letter."""
    added = False
    for i in range(1, len(options)):
        a, b = options[i - 1][choice[i - 1]][0][-1], options[i][choice[i]][0][0]
        if pair_score(a.ru, b.ru) >= 0:
            continue
        if i + 1 < len(options) and pair_score(a.ru, options[i + 1][choice[i + 1]][0][0].ru) > 0:
            continue  # a noun used as a modifier: "совместном бизнес форуме"
        if i >= 2 and options[i - 2][choice[i - 2]][0][-1].ru == "и" and any(
            adj_noun(p.tag, q.tag, True) for p in lex.parses(a.ru) for q in lex.parses(b.ru)
        ):
            continue  # coordinated adjectives: "минская и брестская области"
        for j, r in ((i - 1, a), (i, b)):
            rs, _ = options[j][choice[j]]
            if len(rs) != 1 or not r.known or r.web:
                continue
            have = {o[0][0].ru for o in options[j]}
            for f in _inflections(r.ru):
                if f not in have:
                    have.add(f)
                    cost = r.cost + INFLECT_COST + 0.1 * abs(len(f) - len(r.ru))
                    options[j].append(([Reading(f, cost, True, lex.zipf(f))], 0.0))
                    added = True
            added |= _add_repairs(options, j, words, lex, have)
    for j, k in enumerate(choice):
        rs = options[j][k][0]
        if len(rs) == 1 and (not rs[0].known or rs[0].web) and any(o[0][0].known for o in options[j]):
            # read letter by letter although known readings exist (`razviti`: развить
            # cannot follow "в"): its repairs may fit
            added |= _add_repairs(options, j, words, lex, {o[0][0].ru for o in options[j]})
    return added


def _french_names(title_fr: str) -> set[str]:
    """Capitalised words inside a French title, accents folded, lower case: names."""
    import unicodedata

    from wordfreq import zipf_frequency

    toks = re.findall(r"[^\W\d_]+", title_fr)
    out = set()
    for k, t in enumerate(toks):
        # the first word is capitalised anyway: a name only if it is no common French word
        if t[0].isupper() and (k > 0 or zipf_frequency(t.lower(), "fr") < 3.0):
            f = "".join(c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn")
            out.add(f.lower())
    return out


def transliterate_words(words: list[str], lex: Lexicon | None = None, title_fr: str = "") -> list[WordResult]:
    """Cyrillic words for the slug's words. `title_fr`, the French title when
    known, is evidence that a slug word printed as a capitalised word of it is a
    name (read letter by letter rather than as a rare word)."""
    lex = lex or Lexicon.get()
    words = _merge_split_words(words, lex)
    fr_names = _french_names(title_fr) if title_fr else set()
    all_opts = [_candidates_for(w, words[i + 1].lower() if i + 1 < len(words) else "", lex) for i, w in enumerate(words)]

    def in_french(i: int) -> bool:
        return 0 <= i < len(words) and words[i].isascii() and words[i].lower() in fr_names

    options = []
    for i, w in enumerate(words):
        opts = all_opts[i]
        if in_french(i):
            # A name of the French title (Brylo) is read letter by letter rather than as a
            # rare dictionary word reached by an unusual spelling (брило). The French title
            # romanises Russian names too (BUTB, Karankevich), so it is no evidence that
            # the headline kept a name in Latin letters.
            top = opts[0][0][0]
            plain = plain_reading(w)
            if top.known and top.freq < 2.0 and top.cost > 0 and top.ru in lex.words and \
                    plain.replace("ь", "") != top.ru.replace("ь", ""):
                opts = opts + [([Reading(plain, 0.3, True, 0.0)], 0.0)]
        # the four best readings are enough for the agreement pass, and the plain
        # reading of a name (a first name's surname: виктором орбаном)
        if i == len(words) - 1:
            opts = [o for o in opts if not (len(o[0]) == 1 and _completes(w, o[0][0], lex))] or opts
        opts.sort(key=lambda o: -(sum(r.score for r in o[0]) - o[1]))
        options.append(opts[:4] + [o for o in opts[4:] if not o[0][0].known][:1])
    owns = [[_own(rs, pen, lex) for rs, pen in opts] for opts in options]
    path = _viterbi(options, owns, lex)
    path = _improve(options, owns, path, lex)
    if _add_inflections(options, path, lex, words):
        owns = [[_own(rs, pen, lex) for rs, pen in opts] for opts in options]
        path = _improve(options, owns, path, lex)
    out: list[WordResult] = []
    for i, k in enumerate(path):
        rs, _ = options[i][k]
        others = sorted((o for j, o in enumerate(options[i]) if j != k), key=lambda o: -sum(r.score for r in o[0]))
        runner = others[0][0][0] if others else None
        for r in rs:
            out.append(WordResult(words[i], r.ru.replace("ё", "е"), r.known, _confidence(r, runner),
                                  [o[0][0].ru for o in others[:3]]))
    return out


def clear_caches() -> None:
    """Empty the per-word and per-phrase caches (not the lexicon's own lookups)."""
    for f in (_cached_search, _candidates_cached, _word_ends, first_name, compound_part, pair_score, opening_score, chain_score, context_score, _inflections):
        f.cache_clear()


def transliterate(inp: str, lex: Lexicon | None = None, title_fr: str = "") -> TitleResult:
    """A URL or a bare slug -> its Russian title (`title_fr`: the French title, as
    evidence for names)."""
    s = inp.strip()
    if "/" in s or s.startswith(("http", "www.")):
        slug = extract_slug(s)
    else:
        words = tuple(w for w in re.split(r"[-_+\s]+", s) if w)
        slug = Slug(s, "", s, words, bool(re.search(r"[а-яё]", s, re.I)), "ok" if words else "no_slug")
    if slug.status != "ok":
        return TitleResult(inp, slug, [])
    return TitleResult(inp, slug, transliterate_words(list(slug.words), lex, title_fr))
