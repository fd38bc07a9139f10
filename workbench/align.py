"""French title <-> Russian title of each cited article.

The Russian title comes from the URL slug (`translit`); the French one is the
machine translation printed in the footnote. Their correspondence is scored
from evidence that survives translation: names and numbers present on both
sides, cognates (`technologies` / технологий), and how much of the French title
the Russian one can cover (slugs are cut at about 100 characters). A footnote
whose pieces do not belong together (a title and a URL from two fragments, far
apart) or whose title was left in English is flagged. Pure: the Russian
lexicon is passed in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from workbench.footnotes import Entry
from workbench.lexicon import Lexicon
from workbench.markers import Marker
from workbench.slugs import extract_slug, fold, skeleton, slug_numbers
from workbench.terms import Glossary, ru_title_concepts
from workbench.translit import TitleResult, transliterate_words
from workbench.translit.casing import restore_headline

_STOP_FR = frozenset(
    "le la les de des du d l et en pour à au aux sur un une dans par avec est sont a ont été se sa son ses "
    "leur leurs qui que ce cette ces plus entre vers lors".split()
)


@lru_cache(maxsize=20_000)
def _french_zipf(w: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(w, "fr")


@lru_cache(maxsize=20_000)
def _russian_zipf(w: str) -> float:
    if not w:
        return 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(w, "ru")


def _tokens(s: str) -> list[str]:
    """Words, with French elisions split off (`l'Iran` -> `Iran`)."""
    return [re.sub(r"^(?:[ldjmnst]|qu|jusqu|lorsqu)['’]", "", t, flags=re.I) for t in re.findall(r"[\w'’]+", s)]


# numbers French spells out, and the factors it says with a verb (a doublé = в 2 раза)
_FR_NUMBER_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000,
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "centaine": 100,
    "doublé": 2, "doubler": 2, "double": 2, "doublent": 2, "doublera": 2, "triplé": 3, "tripler": 3, "triple": 3,
    "quadruplé": 4, "quadrupler": 4, "quintuplé": 5,
}
_FR_NUMBER_RX = re.compile(r"(?<![\w])(" + "|".join(sorted(_FR_NUMBER_WORDS, key=len, reverse=True)) + r")s?(?![\w])",
                           re.I)
# Russian multipliers after a number: 55 тыс = 55 000 (a slug keeps the number and the word)
_RU_SCALE = re.compile(r"(\d+)[\s-]+(тыс|тысяч\w*|tys|tysjach\w*)(?![а-яa-z])")
_YEAR = re.compile(r"(?:19|20)\d\d")


def number_mismatch(title_ru: str, title_fr: str, truncated: bool) -> tuple[set[str], set[str]]:
    """(numbers of the Russian title absent from the French, and the reverse).

    A number counts as present when the French writes it in digits, in words
    (`quatre`, `une vingtaine`) or as a factor (`a doublé` for в 2 раза), and
    `55 тыс` is `55 000`. French-only years are not reported: URLs drop the digits
    of `в 2020 году` far more often than a translation invents a year; nor are
    French-only numbers when the slug has no number at all or is cut."""
    n_ru, n_fr = slug_numbers(title_ru), slug_numbers(title_fr)
    fr_words = {str(_FR_NUMBER_WORDS[m.group(1).lower()]) for m in _FR_NUMBER_RX.finditer(title_fr)}
    scaled = {m.group(1): str(int(m.group(1)) * 1000) for m in _RU_SCALE.finditer(title_ru)}
    present = n_fr | fr_words
    missing = {n for n in n_ru if n not in present and scaled.get(n) not in present}
    if truncated or not n_ru:
        return missing, set()
    ru_forms = n_ru | set(scaled.values())
    extra = {n for n in n_fr if n not in ru_forms and not _YEAR.fullmatch(n)}
    return missing, extra


@dataclass
class Alignment:
    file: str
    kind: str
    number: int | None
    line_start: int
    title_fr: str
    title_ru: str
    url: str | None
    slug: str
    score: float
    status: str  # aligned | suspect | title_missing | no_url | no_slug
    evidence: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    words: list[dict] = field(default_factory=list)
    sentence: str = ""  # the body sentence citing the footnote
    headline: str = ""  # title_ru as the site would publish it (case, hyphens, the French title's quotes)
    look_at: tuple[int, int] | None = None  # title_missing: the lines where the lost title may be

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "number": self.number,
            "kind": self.kind,
            "line_start": self.line_start,
            "title_fr": self.title_fr,
            "title_ru": self.title_ru,
            "headline": self.headline,
            "url": self.url,
            "slug": self.slug,
            "score": round(self.score, 3),
            "status": self.status,
            "evidence": self.evidence,
            "flags": self.flags,
            "words": self.words,
            "sentence": self.sentence,
            "look_at": list(self.look_at) if self.look_at else None,
        }


LEXICON_WEIGHT, LEXICON_PRIOR = 2.5, 0.25  # log-odds per unit of word coverage, and the coverage that is neutral


def evidence(title_fr: str, slug_words: list[str], title_ru: str, truncated: bool,
             lexicon=None) -> tuple[float, list[str]]:
    """(log-odds that the two titles are one article, what matched): the sum of
    what numbers, names and cognates, length and the word lexicon say."""
    ev: list[str] = []
    fr_tokens = _tokens(title_fr)
    ru_tokens = title_ru.split()
    z = 0.0
    z += _number_evidence(title_fr, slug_words, truncated, ev)
    content = [t for t in fr_tokens if fold(t) not in _STOP_FR and not t.isdigit()]
    z += _word_evidence(content, slug_words, ru_tokens, truncated, ev)
    if content:
        z += _length_evidence(len(content), len(ru_tokens), truncated, ev)
    # ordinary vocabulary, from the word lexicon learnt on the corpus's title pairs
    if lexicon is not None and fr_tokens and title_ru:
        ru_cov, fr_cov, n_ru_words, n_fr_words = lexicon.coverage(title_fr, title_ru)
        if n_ru_words and n_fr_words:
            cov = (ru_cov + fr_cov) / 2
            z += LEXICON_WEIGHT * (cov - LEXICON_PRIOR)
            ev.append(f"lexicon {cov:.2f}")
    return z, ev


def _number_evidence(title_fr: str, slug_words: list[str], truncated: bool, ev: list[str]) -> float:
    """Numbers both titles print count for the pair, numbers one of them lacks against it."""
    n_ru = slug_numbers(" ".join(slug_words))
    missing, extra = number_mismatch(" ".join(slug_words), title_fr, truncated)
    shared = n_ru - missing
    for n in sorted(shared):
        ev.append(f"number {n}")
    return 1.5 * len(shared) - 0.8 * len(missing) - 0.4 * len(extra)


def _word_evidence(content: list[str], slug_words: list[str], ru_tokens: list[str], truncated: bool,
                   ev: list[str]) -> float:
    """Names (capitalised French words) and cognates (long words) the slug or the
    Russian title spells alike, each slug or Russian word matched once."""
    slug_sk = [skeleton(w) for w in slug_words if not w.isdigit()]
    ru_sk = [skeleton(w) for w in ru_tokens if not w.isdigit()]
    ru_tokens_nd = [w for w in ru_tokens if not w.isdigit()]
    # the Russian word each slug word stands for, when the counts agree
    slug_words_ru = ru_tokens_nd if len(ru_tokens_nd) == len(slug_sk) else [""] * len(slug_sk)
    used: set[int] = set()
    names = cognates = 0.0
    missing_names = 0
    for i, t in enumerate(content):
        sk = skeleton(t)
        if len(sk) < 4:
            continue
        # a capitalised word is a name, at the start too unless French knows it as a word
        is_name = t[:1].isupper() and (i > 0 or _french_zipf(t.lower()) < 3.5)
        best, best_j = _closest_skeleton(sk, slug_sk + ru_sk, used)
        if best >= (80 if is_name else 84):
            used.add(best_j)
            # a frequent word (Belarus / беларусь, coopération) tells little about which article it is
            matched = (slug_words_ru + ru_tokens_nd)[best_j] if best_j < len(slug_words_ru) + len(ru_tokens_nd) else ""
            common = max(_french_zipf(t.lower()), _russian_zipf(matched))
            weight = min(1.0, max(0.2, (5.3 - common) / 2.0))
            if is_name:
                names += weight
                ev.append(f"name {t}")
            else:
                cognates += weight
                ev.append(f"cognate {t}")
        elif is_name and not truncated:
            missing_names += 1
    return 1.6 * names + 0.8 * cognates - 0.5 * missing_names


def _closest_skeleton(sk: str, skeletons: list[str], used: set[int]) -> tuple[float, int]:
    """(similarity, index) of the unused skeleton closest to `sk` over their first
    letters (at most 7: endings differ between the languages); (0, -1) for none."""
    best, best_j = 0.0, -1
    for j, s in enumerate(skeletons):
        if j in used or len(s) < 3:
            continue
        k = min(len(sk), len(s), 7)
        if k < 4:
            continue
        r = fuzz.ratio(sk[:k], s[:k])
        if r > best:
            best, best_j = r, j
    return best, best_j


def _length_evidence(n_content: int, n_ru: int, truncated: bool, ev: list[str]) -> float:
    """A Russian headline has about 0.8 of the French content words."""
    ratio = n_ru / max(1, n_content)
    if truncated:
        ev.append("slug truncated")
        return -1.0 if ratio > 1.6 else 0.0
    if 0.45 <= ratio <= 1.6:
        ev.append(f"length ratio {ratio:.2f}")
        return 0.5
    return -1.0


MT_CHRF_FLOOR = 40.0  # below: a weak model, or a loose translation; no weight either way


def mt_evidence(title_fr: str, mt_title: str) -> tuple[float, list[str]]:
    """(log-odds, what matched) from chrF between the machine translation of the
    Russian title and the French title. Only a high chrF counts: a low one says
    as much about the model as about the pair."""
    from sacrebleu.metrics import CHRF

    c = CHRF().sentence_score(mt_title, [title_fr]).score
    return min(2.0, max(0.0, (c - MT_CHRF_FLOOR) / 10)), [f"mt chrF {c:.0f}"]


def score_pair(title_fr: str, slug_words: list[str], title_ru: str, truncated: bool,
               glossary=None, slug: str = "", mt_title: str | None = None, lexicon=None) -> tuple[float, list[str]]:
    z, ev = evidence(title_fr, slug_words, title_ru, truncated, lexicon)
    if mt_title:  # an MT suggestion for this title, when a model is installed and was run
        dz, mev = mt_evidence(title_fr, mt_title)
        z += dz
        ev += mev
    if glossary is not None:
        fr_ids = {h.concept.id for h in glossary.find(title_fr)}
        for cid in sorted(fr_ids & ru_title_concepts(glossary, title_ru, slug)):
            c = glossary.by_id[cid]
            if f"name {c.fr}" in ev:
                continue  # already counted as a name
            weight = min(1.0, max(0.2, (5.3 - _french_zipf(c.fr.lower())) / 2.0))
            z += 1.6 * weight
            ev.append(f"term {c.fr}")
    return 1 / (1 + math.exp(-(z - 1.0))), ev


def title_lost(title_fr: str, title_ru: str) -> bool:
    """The French title was lost or cut to a fragment (`mois`, `Tashkent`, empty)
    while the headline has a whole sentence."""
    n_fr = len(re.findall(r"\w+", title_fr))
    n_ru = len(title_ru.split())
    return n_fr <= 2 and n_ru >= 2 * max(1, n_fr) + 2


REJOIN_SPAN = 3  # lines before a lost title where its start may sit


def align_entry(e: Entry, lex: Lexicon, tr: TitleResult | None = None, sentence: str = "",
                glossary: Glossary | None = None, mt_title: str | None = None, lexicon=None,
                lines: list[str] | None = None) -> Alignment:
    base: dict[str, Any] = {"file": e.file, "kind": e.kind, "number": e.number, "line_start": e.line_start, "title_fr": e.title,
                "url": e.url, "sentence": sentence}
    if not e.url:
        return Alignment(**base, title_ru="", slug="", score=0.0, status="no_url")
    slug = tr.slug if tr else extract_slug(e.url)
    if slug.status != "ok":
        return Alignment(**base, title_ru="", slug="", score=0.0, status="no_slug")
    if tr is None:
        words = transliterate_words(list(slug.words), lex, title_fr=e.title)
        title_ru = " ".join(w.ru for w in words)
        wdicts = [w.to_dict() for w in words]
    else:
        title_ru, wdicts = tr.title_ru, [w.to_dict() for w in tr.words]

    def score(title: str) -> tuple[float, list[str]]:
        return score_pair(title, list(slug.words), title_ru, slug.truncated, glossary, slug.slug, mt_title, lexicon)

    sc, ev = score(e.title)
    flags = []
    if e.title_lang == "en":
        flags.append("title left in English")
    if slug.truncated:
        flags.append("slug truncated")
    if e.fragments and max(e.lines) - min(e.lines) > 12:
        flags.append(f"assembled from pieces {max(e.lines) - min(e.lines)} lines apart")
    title_fr, look_at = e.title, None
    if title_lost(e.title, title_ru):
        # the start of the title may sit just above, printed as text with no URL of its own
        joined = _rejoin(e, lines, score, lambda t: lexicon.coverage(t, title_ru)) if lines and lexicon else None
        if joined is not None:
            title_fr, sc, ev, n = joined
            flags.append(f"title re-joined from line {n}")
            status = "aligned"
        else:
            status = "title_missing"
            look_at = (max(1, min(e.lines) - REJOIN_SPAN - 2), max(e.lines))
    else:
        # a headline of one or two words cut by the site says too little to doubt a title
        too_short = slug.truncated and len(title_ru.split()) <= 2
        status = "aligned" if sc >= 0.5 or too_short else "suspect"
    base["title_fr"] = title_fr
    headline = restore_headline(title_ru.split(), lex, title_fr)
    return Alignment(**base, title_ru=title_ru, slug=slug.slug, score=sc, status=status, evidence=ev,
                     flags=flags, words=wdicts, look_at=look_at, headline=headline)


REJOIN_COVERAGE = 0.4  # share of the words each side the lexicon must pair for a re-joined title


def _rejoin(e: Entry, lines: list[str], score, coverage) -> tuple[str, float, list[str], int] | None:
    """The title re-joined with the text just above the entry, when that makes a
    title the headline clearly translates: a score of at least 0.8 and most words
    of both sides paired by the word lexicon (names and numbers alone would let
    any neighbouring sentence in)."""
    first = min(e.lines)
    parts: list[str] = []
    for n in range(first - 1, max(0, first - 1 - REJOIN_SPAN), -1):
        raw = lines[n - 1].strip()
        if not raw:
            continue
        if re.search(r"https?://|www\.|\[(?:Ressource|Electronic)", raw):
            return None  # another entry's end: nothing of this title above
        parts.insert(0, raw)
        title = re.sub(r"\s+", " ", " ".join([*parts, e.title])).strip()
        title = re.sub(r"^\d{1,3}(?=\D)\s*", "", title)  # a footnote number glued in front
        sc, ev = score(title)
        ru_cov, fr_cov, _, _ = coverage(title)
        if sc >= 0.8 and ru_cov >= REJOIN_COVERAGE and fr_cov >= REJOIN_COVERAGE:
            return title, sc, ev, n
    return None


def align_entries(entries: list[Entry], markers: Sequence[Marker] = (), glossary: Glossary | None = None,
                  mt_titles: dict[str, str] | None = None, lexicon=None,
                  lines: list[str] | None = None, *, lex: Lexicon) -> list[Alignment]:
    """Every footnote and bibliography entry of a book, aligned (a glossary adds
    its terms as evidence, MT suggestions for the Russian titles, by URL, theirs,
    and the title word lexicon its vocabulary; with the book's lines, a title
    cut to a fragment is re-joined with its start when the evidence is clear)."""
    cited = {m.number: m.sentence for m in markers}
    out = []
    for e in entries:
        sentence = cited.get(e.number, "") if e.kind == "footnote" and e.number is not None else ""
        mt_title = (mt_titles or {}).get(e.url) if e.url else None
        out.append(align_entry(e, lex, sentence=sentence, glossary=glossary, mt_title=mt_title, lexicon=lexicon,
                               lines=lines))
    return out
