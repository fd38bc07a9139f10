"""A French <-> Russian word lexicon learnt from the corpus's own title pairs.

The footnotes pair a French title (the machine translation) with the Russian
headline recovered from the URL: several hundred parallel titles. IBM Model 1
(expectation-maximisation of word translation probabilities, in both
directions) over French stems (Snowball) and Russian lemmas (pymorphy3) learns
from them the ordinary vocabulary the alignment scorer otherwise lacks (*zones
franches* / свободных экономических зонах, *approuvé* / одобрил), as hunalign
builds its dictionary from the data. A word pair is kept only when the two words
meet in at least two distinct titles and each direction gives it weight, so one
pair cannot vouch for itself. Pure: pairs in, a `TitleLexicon` out; its TSV form
is a tracked project file (`glossary/title_lexicon.tsv`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from workbench.lexicon import Morphology
from workbench.project import TITLE_LEXICON_FILE as LEXICON_FILE

HEADER = "fr\tru\tp_ru_fr\tp_fr_ru\ttitles"

_STOP_FR = frozenset(
    "le la les de des du d l et en pour à au aux sur un une dans par avec est sont a ont été se sa son ses "
    "leur leurs qui que ce cette ces plus entre vers lors ne pas y il elle ils elles on nous vous".split()
)
_STOP_RU = frozenset("и в во на с со к ко по о об от до за из у для при не а же что как".split())


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=100_000)
def fr_key(word: str) -> str:
    w = re.sub(r"^(?:[ldjmnst]|qu)['’]", "", word.lower())
    if w in _STOP_FR or len(w) < 2 or w.isdigit():
        return ""
    return _fold(_stemmer().stemWord(w))


def ru_key(word: str, morphology: Morphology) -> str:
    """A Russian word's lemma (its lemmas are cached by `morphology`), "" for a stop word."""
    w = word.lower()
    if w in _STOP_RU or len(w) < 2 or w.isdigit():
        return ""
    return morphology.lemma(w)


def fr_keys(title: str) -> list[str]:
    return [k for k in (fr_key(t) for t in re.findall(r"[\w'’]+", title)) if k]


def ru_keys(title: str, morphology: Morphology) -> list[str]:
    return [k for k in (ru_key(t, morphology) for t in re.findall(r"[а-яё]+", title.lower())) if k]


def _model1(src: list[list[str]], tgt: list[list[str]], iterations: int) -> dict[tuple[str, str], float]:
    """t(target word | source word), IBM Model 1 with a NULL source word."""
    t: dict[tuple[str | None, str], float] = {}
    vocab = {w for sent in tgt for w in sent}
    uniform = 1.0 / max(1, len(vocab))
    for s, g in zip(src, tgt, strict=False):
        for f in [*s, None]:
            for e in g:
                t[(f, e)] = uniform
    for _ in range(iterations):
        count: dict[tuple, float] = defaultdict(float)
        total: dict = defaultdict(float)
        for s, g in zip(src, tgt, strict=False):
            s_ = [*s, None]
            for e in g:
                z = sum(t[(f, e)] for f in s_)
                for f in s_:
                    c = t[(f, e)] / z
                    count[(f, e)] += c
                    total[f] += c
        t = {k: v / total[k[0]] for k, v in count.items()}
    return {(f, e): v for (f, e), v in t.items() if f is not None}


@dataclass
class TitleLexicon:
    """French stem -> {Russian lemma: weight} (and the reverse), weights in 0..1.
    `morphology` lemmatises the Russian titles it is asked about (pass the
    workflow's, usually `Lexicon.morphology`, to share its loaded dictionary)."""

    fr_ru: dict[str, dict[str, float]] = field(default_factory=dict)
    ru_fr: dict[str, dict[str, float]] = field(default_factory=dict)
    rows: list[tuple[str, str, float, float, int]] = field(default_factory=list)
    morphology: Morphology = field(default_factory=Morphology, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.rows)

    def ru_key(self, word: str) -> str:
        return ru_key(word, self.morphology)

    def coverage(self, title_fr: str, title_ru: str, threshold: float = 0.1) -> tuple[float, float, int, int]:
        """(share of Russian content words with a translation in the French title,
        the same for French words, Russian words, French words)."""
        fk, rk = fr_keys(title_fr), ru_keys(title_ru, self.morphology)
        fset, rset = set(fk), set(rk)
        ru_hit = sum(1 for r in rk if any(self.ru_fr.get(r, {}).get(f, 0.0) >= threshold for f in fset))
        fr_hit = sum(1 for f in fk if any(self.fr_ru.get(f, {}).get(r, 0.0) >= threshold for r in rset))
        return (ru_hit / len(rk) if rk else 0.0, fr_hit / len(fk) if fk else 0.0, len(rk), len(fk))

    def to_tsv(self) -> str:
        lines = [HEADER] + [f"{f}\t{r}\t{a:.3f}\t{b:.3f}\t{n}" for f, r, a, b, n in self.rows]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, float, float, int]],
                  morphology: Morphology | None = None) -> TitleLexicon:
        lex = cls(rows=sorted(rows), morphology=morphology or Morphology())
        for f, r, a, b, _ in lex.rows:
            w = min(a, b) ** 0.5  # both directions must agree
            lex.fr_ru.setdefault(f, {})[r] = w
            lex.ru_fr.setdefault(r, {})[f] = w
        return lex

    @classmethod
    def from_tsv(cls, text: str, name: str = LEXICON_FILE, morphology: Morphology | None = None) -> TitleLexicon:
        from workbench.text import InputError

        rows = []
        lines = text.splitlines()
        if not lines or lines[0].strip() != HEADER:
            raise InputError(f"{name}:1: header must be {HEADER.replace(chr(9), ' TAB ')}")
        for no, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            cells = line.split("\t")
            try:
                rows.append((cells[0], cells[1], float(cells[2]), float(cells[3]), int(cells[4])))
            except (IndexError, ValueError):
                raise InputError(f"{name}:{no}: expected fr TAB ru TAB p TAB p TAB count") from None
        return cls.from_rows(rows, morphology)


def learn_lexicon(pairs: list[tuple[str, str]], iterations: int = 8, min_titles: int = 2,
                  min_p: float = 0.05, morphology: Morphology | None = None) -> TitleLexicon:
    """Learn from (French title, Russian title) pairs; repeated pairs count once."""
    morphology = morphology or Morphology()
    seen = set()
    fr_sents, ru_sents = [], []
    for fr, ru in pairs:
        fk, rk = fr_keys(fr), ru_keys(ru, morphology)
        key = (tuple(fk), tuple(rk))
        if not fk or not rk or key in seen:
            continue
        seen.add(key)
        fr_sents.append(fk)
        ru_sents.append(rk)
    co: Counter = Counter()
    for fk, rk in zip(fr_sents, ru_sents, strict=False):
        for f in set(fk):
            for r in set(rk):
                co[(f, r)] += 1
    t_ru_fr = _model1(fr_sents, ru_sents, iterations)  # t(ru | fr)
    t_fr_ru = _model1(ru_sents, fr_sents, iterations)  # t(fr | ru)
    rows = []
    for (f, r), n in co.items():
        if n < min_titles:
            continue
        a, b = t_ru_fr.get((f, r), 0.0), t_fr_ru.get((r, f), 0.0)
        if a >= min_p and b >= min_p:
            rows.append((f, r, a, b, n))
    return TitleLexicon.from_rows(rows, morphology)
