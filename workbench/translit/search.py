"""The lexicon-guided search for the Cyrillic readings of one slug word.

The search walks the Latin string, expanding every Cyrillic reading of the next
letters (`rules`), and keeps only readings that are prefixes of a word form of
the lexicon (pymorphy3's DAWG, walked one letter at a time, or wordfreq's web
list). Complete readings are scored by how usual their letter mapping is and how
frequent the word is. With `edits`, one letter may be inserted (a lost one),
dropped (a doubled or stray one) or changed; the repaired word must be a
dictionary word.

The prefix test bounds every walk by the longest word form, and the number of
states popped grows with the word only up to `LONGEST_WORD` letters: a long
input costs the same per letter as a slug word.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from workbench.lexicon import Lexicon, memoized
from workbench.translit.rules import CONSONANTS, Expansions

SOFT_SIGN_COST = 0.9  # a ь the slug dropped inside a word
FINAL_SOFT_COST = 0.45  # … or at its end, which is far more common
HARD_SIGN_COST = 1.0  # a ъ the slug dropped (before e, je, ja, ju)
INSERT_COST = 2.4  # a letter the slug lost (`velichil` -> увеличил)
DROP_COST = 2.2  # a letter the slug doubled or gained
SUBST_COST = 2.6  # a letter the slug got wrong
WEB_ONLY_COST = 0.7  # a word form only wordfreq's web list has
FREQ_WEIGHT = 0.55
COMPOUND_FIRST_COST = 0.4  # the first part of a compound adjective (белорусско-)
LONGEST_WORD = 64  # Latin letters: no Russian word form is spelt longer
_INSERTABLE = "уоаеиявнтслрк"
_SUBSTITUTES = "аеиоуяыюйьчшщжхцклнрстмвпбдгз"
_ADJ_ENDS = ("ий", "ый", "ой", "ский")


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


# a state of the search: (cost, Latin letters read, Cyrillic so far, edits used,
# dictionary node or -1 off the dictionary)
State = tuple[float, int, str, int, int]


class _WordSearch:
    def __init__(self, lex: Lexicon, latin: str, edits: int) -> None:
        self.lex, self.latin, self.edits = lex, latin, edits
        self.heap: list[State] = [(0.0, 0, "", 0, Lexicon.ROOT)]
        self.done: dict[str, float] = {}
        self.web: set[str] = set()
        self.seen: dict[tuple[int, str], float] = {}
        self.expand = Expansions(latin)

    def push(self, c2: float, j: int, s: str, u: int, node: int, add: str) -> None:
        nxt = self.lex.step(node, add) if node >= 0 else None
        if nxt is None:
            # a repaired word must be a dictionary word: the web word list is full of typos
            if u or not self.lex.off_dictionary_prefix(s):
                return
            nxt = -1
        key = (j, s)
        if self.seen.get(key, 1e9) <= c2:
            return
        self.seen[key] = c2
        heapq.heappush(self.heap, (c2, j, s, u, nxt))

    def finish(self, word: str, node: int, cost: float, used: int = 0) -> None:
        if word and word not in self.done:
            how = self.lex.word_source(node if node >= 0 else None, word)
            if how and not (used and how == "web"):
                # a form only the web word list knows (names, but also typos) is less trusted
                self.done[word] = cost + (WEB_ONLY_COST if how == "web" else 0.0)
                if how == "web":
                    self.web.add(word)

    def at_end(self, cost: float, cyr: str, used: int, node: int) -> None:
        """The whole slug word is read: `cyr` and the words it just misses."""
        lex = self.lex
        self.finish(cyr, node, cost, used)
        if cyr.endswith(("о", "е")) and len(cyr) > 4 and cyr not in self.done and any(
            (cyr[:-1] + end) in lex.words and any(p.tag.POS == "ADJF" for p in lex.parses(cyr[:-1] + end))
            for end in _ADJ_ENDS
        ):
            self.done[cyr] = cost + COMPOUND_FIRST_COST  # first part of a compound adjective: белорусско-
        # a final soft sign the slug dropped (belta drops them: `belarus`, `podnjat`)
        if cyr and cyr[-1] in CONSONANTS and node >= 0:
            soft = lex.step(node, "ь")
            if soft is not None:
                self.finish(cyr + "ь", soft, cost + FINAL_SOFT_COST, used)
        if used < self.edits and node >= 0:
            for x in _INSERTABLE:
                n2 = lex.step(node, x)
                if n2 is not None:
                    self.finish(cyr + x, n2, cost + INSERT_COST, 1)

    def advance(self, cost: float, i: int, cyr: str, used: int, node: int) -> None:
        """Every reading of the next letters, and a ь or ъ the slug left out."""
        for n, c, rc in self.expand[i]:
            self.push(cost + rc, i + n, cyr + c, used, node, c)
        if cyr and cyr[-1] in CONSONANTS:
            self.push(cost + SOFT_SIGN_COST, i, cyr + "ь", used, node, "ь")
            if self.latin[i] in "ejy":  # a dropped ъ before е, ё, ю, я (obedinennye -> объединенные)
                self.push(cost + HARD_SIGN_COST, i, cyr + "ъ", used, node, "ъ")

    def repair(self, cost: float, i: int, cyr: str, used: int, node: int) -> None:
        """One letter lost, doubled, stray or wrong (only letters the dictionary continues with)."""
        latin = self.latin
        kids = self.lex.children(node)
        for x in kids:
            if x in _INSERTABLE:
                self.push(cost + INSERT_COST, i, cyr + x, used + 1, node, x)
        doubled = (i > 0 and latin[i] == latin[i - 1]) or (i + 1 < len(latin) and latin[i] == latin[i + 1])
        # a doubled letter (`belorussskogo`, `sotrudnicchat`) or a stray one (`uzbekiskogo`)
        self.push(cost + (DROP_COST if doubled else SUBST_COST), i + 1, cyr, used + 1, node, "")
        for x in kids:  # a wrong letter (`bolce` -> более)
            if x in _SUBSTITUTES:
                self.push(cost + SUBST_COST, i + 1, cyr + x, used + 1, node, x)

    def run(self, limit: int, beam: int) -> list[Reading]:
        pops = 0
        budget = beam * max(1, min(len(self.latin), LONGEST_WORD))
        while self.heap and pops < budget:
            cost, i, cyr, used, node = heapq.heappop(self.heap)
            pops += 1
            if i == len(self.latin):
                self.at_end(cost, cyr, used, node)
                if len(self.done) >= limit * 3:
                    break
                continue
            self.advance(cost, i, cyr, used, node)
            if used < self.edits and node >= 0:  # (a repaired word is a dictionary word)
                self.repair(cost, i, cyr, used, node)
        out = [Reading(w, c, True, self.lex.zipf(w), w in self.web) for w, c in self.done.items()]
        out.sort(key=lambda r: -r.score)
        return out[:limit]


def search_word(latin: str, lex: Lexicon, limit: int = 6, edits: int = 0, beam: int = 150) -> list[Reading]:
    """Known Cyrillic readings of one slug word, best first. `edits` allows one
    inserted letter (a lost one) or one dropped doubled letter (for damaged slugs)."""
    return _WordSearch(lex, latin.lower(), edits).run(limit, beam)


@memoized(200_000)
def _readings(lex: Lexicon, latin: str, edits: int) -> tuple[Reading, ...]:
    return tuple(search_word(latin, lex, edits=edits))


def word_readings(latin: str, lex: Lexicon, edits: int = 0) -> list[Reading]:
    """`search_word`, remembered by the lexicon."""
    return list(_readings(lex, latin, edits))


@memoized(50_000)
def word_ends(lex: Lexicon, latin: str) -> dict[int, Reading]:
    """The best reading of every start of `latin` that is a word: {length: reading}
    (one walk of the dictionary instead of one search per cut)."""
    heap: list[tuple[float, int, str, int]] = [(0.0, 0, "", Lexicon.ROOT)]
    seen: dict[tuple[int, str], float] = {}
    found: dict[int, dict[str, float]] = {}
    expand = Expansions(latin)
    pops = 0
    while heap and pops < 40 * max(1, min(len(latin), LONGEST_WORD)):
        cost, i, cyr, node = heapq.heappop(heap)
        pops += 1
        if cyr and i > 0:
            _found_word(lex, found, cost, i, cyr, node)
        if i == len(latin):
            continue
        steps = list(expand[i])
        if cyr and cyr[-1] in CONSONANTS:
            steps.append((0, "ь", SOFT_SIGN_COST))
        for n, c, rc in steps:
            s2 = cyr + c
            nxt = lex.step(node, c) if node >= 0 else None
            if nxt is None:
                if not lex.off_dictionary_prefix(s2):
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


def _found_word(lex: Lexicon, found: dict[int, dict[str, float]], cost: float, i: int, cyr: str, node: int) -> None:
    """Record `cyr` (and `cyr` + ь) when it is a word, the first time at its cheapest."""
    how = lex.word_source(node if node >= 0 else None, cyr)
    if how:
        found.setdefault(i, {}).setdefault(cyr, cost + (WEB_ONLY_COST if how == "web" else 0.0))
    if cyr[-1] in CONSONANTS and node >= 0:
        soft = lex.step(node, "ь")
        if soft is not None and lex.word_source(soft, cyr + "ь"):
            found.setdefault(i, {}).setdefault(cyr + "ь", cost + FINAL_SOFT_COST)
