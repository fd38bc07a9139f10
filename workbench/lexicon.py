"""The Russian lexicon: pymorphy3's dictionary (word forms in a DAWG, their
parses and lemmas), wordfreq's frequencies and web word list, and a project's
extra words (its glossary's Russian names, with their case forms).

A `Lexicon` is created once by whoever runs a workflow (the build, a command)
and passed to the stages that read Russian. Its extra words are fixed when it
is made, so nothing it caches ever goes stale and no result depends on what the
process did before. Every cache belongs to an instance: `Morphology` keeps the
parses and lemmas (it loads in a tenth of a second, and a glossary matching
Russian forms needs nothing more), `Lexicon` its look-ups and, through
`memoized`, the per-word results of the stages that use it.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import pickle
import re
import sys
import tempfile
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

_CYR_WORD = re.compile(r"^[а-яё]+$")
_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_CONSONANT_END = frozenset("бвгджзклмнпрстфхцчшщ")
WEB_MIN_ZIPF = 1.3  # a form only wordfreq's web list has counts from this frequency on
NEAR_MIN_ZIPF = 3.3  # the words `near_words` offers as repairs are at least this frequent

T = TypeVar("T")


class Morphology:
    """pymorphy3's analyser, loaded on first use, with its parses and lemmas cached."""

    def __init__(self) -> None:
        self._analyzer: Any = None
        self._lock = threading.Lock()  # the review screen loads it in a worker thread
        self._parses: dict[str, list] = {}
        self._lemmas: dict[str, str] = {}

    def load(self) -> Any:
        """The analyser, loaded now if it is not yet (the first use loads it anyway)."""
        if self._analyzer is None:
            with self._lock:
                if self._analyzer is None:
                    import pymorphy3

                    self._analyzer = pymorphy3.MorphAnalyzer(lang="ru")
        return self._analyzer

    @property
    def analyzer(self) -> Any:
        return self.load()

    @property
    def words(self) -> Any:
        """Every word form of the dictionary (a DAWG: `in`, prefixes, walks)."""
        return self.analyzer.dictionary.words

    def parses(self, w: str) -> list:
        """The dictionary's parses of `w`, likeliest first (at most 6); none for a
        word outside the dictionary (pymorphy's guesser is slow and guesses)."""
        v = self._parses.get(w)
        if v is None:
            v = [p for p in self.analyzer.parse(w) if p.is_known][:6] if w in self.words else []
            self._parses[w] = v
        return v

    def lemma(self, w: str) -> str:
        """The normal form of the likeliest parse, ё written е (guessed for unknown words)."""
        v = self._lemmas.get(w)
        if v is None:
            p = self.analyzer.parse(w)
            v = p[0].normal_form.replace("ё", "е") if p else w
            self._lemmas[w] = v
        return v


CACHE_FORMAT = 1  # raise when what `_frequencies` stores changes


def cache_dir() -> Path:
    """Where compiled lexicon data is kept between runs ($WORKBENCH_CACHE, else the user's cache)."""
    env = os.environ.get("WORKBENCH_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "workbench"


@functools.cache  # wordfreq's own data, the same for every project: no project's words in it
def _frequencies() -> tuple[dict[str, float], list[str]]:
    """wordfreq's Russian frequencies and its Cyrillic words sorted. Reading the
    one and sorting the other take seconds, so both are kept compiled on disk,
    under a name that holds wordfreq's and Python's versions (a new version
    builds a new file); a cache that cannot be read or written is rebuilt or skipped."""
    from importlib.metadata import version

    name = f"ru-freq-{CACHE_FORMAT}-wordfreq{version('wordfreq')}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"
    path = cache_dir() / name
    try:
        with open(path, "rb") as f:
            freq, sorted_words = pickle.load(f)
        if isinstance(freq, dict) and isinstance(sorted_words, list):
            return freq, sorted_words
    except Exception:  # absent, truncated or from elsewhere: built again below
        pass
    from wordfreq import get_frequency_dict

    freq = get_frequency_dict("ru", "best")
    sorted_words = sorted(w for w in freq if _CYR_WORD.match(w))
    tmp = None
    try:  # written whole then renamed: a reader never sees half a file
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ru-freq-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((freq, sorted_words), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only or full disk: the next run builds it again
        if tmp:
            Path(tmp).unlink(missing_ok=True)
    return freq, sorted_words


def name_forms(w: str) -> set[str]:
    """A name and its case forms (glossaries give the nominative only):
    беллесбумпром -> беллесбумпрома, беллесбумпрому, беллесбумпромом, беллесбумпроме."""
    if not w or " " in w:
        return {w} if w else set()
    if w[-1] in _CONSONANT_END:
        ends = ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах")
        return {w + e for e in ends}
    if w.endswith("ь"):
        return {w[:-1] + e for e in ("ь", "я", "ю", "ем", "е", "и", "ью")}
    if w.endswith(("а", "я")):
        return {w[:-1] + e for e in ("а", "ы", "и", "е", "у", "ю", "ой", "ей", "ою")} | {w}
    return {w}


def cased_form(name: str, form: str) -> str:
    """`form`, a case form of `name`, spelt with the name's capitals (МАЗ, мазе -> МАЗе)."""
    return "".join(c.upper() if i < len(name) and name[i].isupper() else c for i, c in enumerate(form))


class Lexicon:
    """pymorphy3's Russian dictionary, wordfreq's frequencies and `extra_words`
    (with their case forms). Loading takes a few seconds: make one per workflow."""

    ROOT = 0  # the dictionary's root node, where every walk starts

    def __init__(self, extra_words: Iterable[str] = (), morphology: Morphology | None = None) -> None:
        self.morphology = morphology or Morphology()
        self.words = self.morphology.words
        self.freq: dict[str, float]
        self.freq, self.sorted_words = _frequencies()
        extra_words = list(extra_words)
        self.extra = frozenset(f for w in extra_words for f in name_forms(w.lower()))
        # the extra words' own spelling, for every case form (БелАЗ -> белаза: БелАЗа)
        self.cased: dict[str, str] = {f: cased_form(w, f) for w in extra_words if w != w.lower()
                                      for f in name_forms(w.lower())}
        self._extra_prefix = frozenset(w[:i] for w in self.extra for i in range(1, len(w) + 1))
        # wordfreq's list knows names pymorphy does not (шаньдун, гомсельмаш, цзиньпином):
        # self.sorted_words, its Cyrillic words sorted
        self._prefix: dict[str, bool] = {}
        self._known: dict[str, bool] = {}
        self._wf_prefix: dict[str, bool] = {}
        self._step: dict[tuple[int, str], int | None] = {}
        self._children: dict[int, str] = {}
        # frequent words, and the same spelt backwards, sorted (built on demand)
        self._near: list[str] = []
        self._reversed: list[str] | None = None
        self._memos: dict[Callable, Callable] = {}

    def memo(self, fn: Callable[..., T], maxsize: int) -> Callable[..., T]:
        """`fn(self, ...)` remembered for this lexicon (its results depend on its words)."""
        cached = self._memos.get(fn)
        if cached is None:
            cached = self._memos[fn] = functools.lru_cache(maxsize)(functools.partial(fn, self))
        return cached

    # ---------------------------------------------------------------- the dictionary, walked

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

    def word_source(self, node: int | None, cyr: str) -> str | None:
        """"dict" (pymorphy3 or an extra word), "web" (wordfreq only, frequent enough) or None."""
        if node is not None and node >= 0 and self.words.dct.follow_bytes(b"\x01", node):
            return "dict"
        if cyr in self.extra:
            return "dict"
        f = self.freq.get(cyr)
        if f and math.log10(f) + 9 >= WEB_MIN_ZIPF:
            return "web"
        return None

    def off_dictionary_prefix(self, p: str) -> bool:
        """Is `p` the start of an extra word or of a word in wordfreq's list?"""
        return p in self._extra_prefix or self.wf_prefix(p)

    def wf_prefix(self, p: str) -> bool:
        """Is `p` the start of a word in wordfreq's list (binary search, cached)?"""
        v = self._wf_prefix.get(p)
        if v is None:
            k = bisect_left(self.sorted_words, p)
            v = k < len(self.sorted_words) and self.sorted_words[k].startswith(p)
            self._wf_prefix[p] = v
        return v

    # ---------------------------------------------------------------- words

    def has_prefix(self, p: str) -> bool:
        v = self._prefix.get(p)
        if v is None:
            v = next(self.words.iterkeys(p), None) is not None
            self._prefix[p] = v
        return v

    def known(self, w: str) -> bool:
        v = self._known.get(w)
        if v is None:
            v = w in self.words or w in self.extra or w in self.freq
            self._known[w] = v
        return v

    def zipf(self, w: str) -> float:
        f = self.freq.get(w.replace("ё", "е")) or self.freq.get(w)
        return math.log10(f) + 9 if f else 0.0

    def parses(self, w: str) -> list:
        return self.morphology.parses(w)

    def near_words(self, p: str, maxd: int) -> list[tuple[str, int]]:
        """Known words within `maxd` edits of `p` that share its first or its last
        three letters (a damaged slug word keeps one end): (word, distance)."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._reversed is None:
            least = 10 ** (NEAR_MIN_ZIPF - 9)  # wordfreq's dictionary runs from the most frequent word down
            top = itertools.takewhile(lambda kv: kv[1] >= least, self.freq.items())
            self._near = sorted(w for w, _ in top if _CYR_WORD.match(w))
            self._reversed = sorted(w[::-1] for w in self._near)
        k = 2 if len(p) < 8 else 3  # a short word has fewer letters to spare
        found = set(_starting(self._near, p[:k]))
        found.update(w[::-1] for w in _starting(self._reversed, p[::-1][:k]))
        found.update(w for w in self.extra if w[:k] == p[:k] or w[-k:] == p[-k:])
        cands = [w for w in found if abs(len(w) - len(p)) <= maxd]
        got = process.extract(p, cands, scorer=Levenshtein.distance, score_cutoff=maxd, limit=40)
        return [(w, int(d)) for w, d, _ in got if d > 0]


def _starting(words: list[str], p: str) -> list[str]:
    """The words of a sorted list that start with `p`."""
    lo = bisect_left(words, p)
    hi = bisect_left(words, p + "\uffff", lo)
    return words[lo:hi]


def memoized(maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate `fn(lex, *args)`: its results are kept in `lex`, up to `maxsize` of them."""

    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def cached(lex: Lexicon, *args: Any) -> T:
            f = lex._memos.get(fn) or lex.memo(fn, maxsize)  # (a hot path: one look-up when cached)
            return f(*args)

        return cached

    return decorate
