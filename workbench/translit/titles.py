"""Whole titles: a URL or a slug in, the Russian headline out, word by word.

A slug's words are read one by one (`candidates`), then the headline chooses
among the readings (`headline`). The French title, when the caller has it, is
evidence for names (read letter by letter).

A headline is at most about a hundred characters (sites cut slugs there), so
its choice looks at no more than `HEADLINE_WORDS` words at once: a longer input
is read as a run of such headlines, in time and memory linear in its length.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from workbench.lexicon import Lexicon
from workbench.slugs import Slug, extract_slug, fold
from workbench.translit.candidates import Option, candidates_for
from workbench.translit.casing import restore_headline
from workbench.translit.headline import (
    Options,
    add_inflections,
    completes,
    improve,
    own_scores,
    viterbi,
)
from workbench.translit.repairs import merge_split_words
from workbench.translit.rules import plain_reading
from workbench.translit.schemes import respell_j_as_zh, respell_y_as_u
from workbench.translit.search import Reading

HEADLINE_WORDS = 32  # slugs have at most about 16 words


@dataclass(slots=True)
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
    headline: str = ""  # the words as the site would publish them (`casing.restore_headline`)

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
            "headline": self.headline,
            "words": [w.to_dict() for w in self.words],
        }


def transliterate(inp: str, lex: Lexicon, title_fr: str = "") -> TitleResult:
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
    read = transliterate_words(list(slug.words), lex, title_fr)
    return TitleResult(inp, slug, read, restore_headline([w.ru for w in read], lex, title_fr))


def transliterate_words(words: list[str], lex: Lexicon, title_fr: str = "") -> list[WordResult]:
    """Cyrillic words for the slug's words. `title_fr`, the French title when
    known, is evidence that a slug word printed as a capitalised word of it is a
    name (read letter by letter rather than as a rare word)."""
    words = merge_split_words(respell_j_as_zh(respell_y_as_u(words, lex), lex), lex)
    fr_names = french_names(title_fr) if title_fr else set()
    out: list[WordResult] = []
    for start in range(0, len(words), HEADLINE_WORDS):
        out += _headline(words, start, min(len(words), start + HEADLINE_WORDS), fr_names, lex)
    return out


def _headline(words: list[str], lo: int, hi: int, fr_names: set[str], lex: Lexicon) -> list[WordResult]:
    """The readings chosen for words[lo:hi]."""
    options: Options = [_offered(words, i, fr_names, lex) for i in range(lo, hi)]
    final = hi == len(words)
    mine = words[lo:hi]
    owns = own_scores(options, lex)
    path = improve(options, owns, viterbi(options, owns, lex), lex)
    if add_inflections(options, path, mine, final, lex):
        owns = own_scores(options, lex)
        path = improve(options, owns, path, lex)
    out: list[WordResult] = []
    for i, k in enumerate(path):
        rs, _ = options[i][k]
        others = sorted((o for j, o in enumerate(options[i]) if j != k), key=lambda o: -sum(r.score for r in o[0]))
        runner = others[0][0][0] if others else None
        for r in rs:
            out.append(WordResult(mine[i], r.ru.replace("ё", "е"), r.known, _confidence(r, runner),
                                  [o[0][0].ru for o in others[:3]]))
    return out


def _offered(words: list[str], i: int, fr_names: set[str], lex: Lexicon) -> list[Option]:
    """The readings of words[i] the headline chooses from: the four best, and
    the plain reading of a name (a first name's surname: виктором орбаном)."""
    w = words[i]
    opts = candidates_for(w, words[i + 1].lower() if i + 1 < len(words) else "", lex)
    if w.isascii() and w.lower() in fr_names:
        # A name of the French title (Brylo) is read letter by letter rather than as a
        # rare dictionary word reached by an unusual spelling (брило). The French title
        # romanises Russian names too (BUTB, Karankevich), so it is no evidence that
        # the headline kept a name in Latin letters.
        top = opts[0][0][0]
        plain = plain_reading(w)
        if top.known and top.freq < 2.0 and top.cost > 0 and top.ru in lex.words and \
                plain.replace("ь", "") != top.ru.replace("ь", ""):
            opts = [*opts, ([Reading(plain, 0.3, True, 0.0)], 0.0)]
    if i == len(words) - 1:
        opts = [o for o in opts if not (len(o[0]) == 1 and completes(w, o[0][0], lex))] or opts
    opts.sort(key=lambda o: -(sum(r.score for r in o[0]) - o[1]))
    return opts[:4] + [o for o in opts[4:] if not o[0][0].known][:1]


def french_names(title_fr: str) -> set[str]:
    """Capitalised words inside a French title, accents folded, lower case: names."""
    from wordfreq import zipf_frequency

    toks = re.findall(r"[^\W\d_]+", title_fr)
    out = set()
    for k, t in enumerate(toks):
        # the first word is capitalised anyway: a name only if it is no common French word
        if t[0].isupper() and (k > 0 or zipf_frequency(t.lower(), "fr") < 3.0):
            out.add(fold(t))
    return out


def _confidence(r: Reading, runner_up: Reading | None) -> float:
    """0..1: low cost, and a clear margin over the next reading."""
    base = math.exp(-0.6 * max(r.cost, 0.0))
    margin = 1.0 if runner_up is None else 1 - math.exp(-(r.score - runner_up.score) - 0.3)
    return max(0.0, min(1.0, 0.5 * base + 0.5 * margin))
