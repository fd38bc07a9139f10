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
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from workbench.footnotes import Entry
from workbench.markers import Marker
from workbench.lexicon import Lexicon
from workbench.slugs import extract_slug, fold, skeleton, slug_numbers
from workbench.terms import Glossary, ru_title_concepts
from workbench.translit import TitleResult, transliterate_words

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
    status: str  # aligned | suspect | no_url | no_slug
    evidence: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    words: list[dict] = field(default_factory=list)
    sentence: str = ""  # the body sentence citing the footnote

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "number": self.number,
            "kind": self.kind,
            "line_start": self.line_start,
            "title_fr": self.title_fr,
            "title_ru": self.title_ru,
            "url": self.url,
            "slug": self.slug,
            "score": round(self.score, 3),
            "status": self.status,
            "evidence": self.evidence,
            "flags": self.flags,
            "words": self.words,
            "sentence": self.sentence,
        }


def evidence(title_fr: str, slug_words: list[str], title_ru: str, truncated: bool) -> tuple[float, list[str]]:
    """(log-odds that the two titles are one article, what matched)."""
    ev: list[str] = []
    fr_tokens = _tokens(title_fr)
    ru_tokens = title_ru.split()
    slug_sk = [skeleton(w) for w in slug_words if not w.isdigit()]
    ru_sk = [skeleton(w) for w in ru_tokens if not w.isdigit()]
    ru_tokens_nd = [w for w in ru_tokens if not w.isdigit()]
    # the Russian word each slug word stands for, when the counts agree
    slug_words_ru = ru_tokens_nd if len(ru_tokens_nd) == len(slug_sk) else [""] * len(slug_sk)
    # numbers
    n_fr, n_ru = slug_numbers(title_fr), slug_numbers(" ".join(slug_words))
    shared = n_fr & n_ru
    z = 0.0
    for n in sorted(shared):
        ev.append(f"number {n}")
    z += 1.5 * len(shared)
    z -= 0.8 * len(n_ru - n_fr)
    if not truncated:
        z -= 0.4 * len(n_fr - n_ru)
    # names (capitalised French words) and cognates (long words)
    used: set[int] = set()
    content = [t for t in fr_tokens if fold(t) not in _STOP_FR and not t.isdigit()]
    names = cognates = 0
    missing_names = 0
    for i, t in enumerate(content):
        sk = skeleton(t)
        if len(sk) < 4:
            continue
        # a capitalised word is a name, at the start too unless French knows it as a word
        is_name = t[:1].isupper() and (i > 0 or _french_zipf(t.lower()) < 3.5)
        best, best_j = 0.0, -1
        for j, s in enumerate(slug_sk + ru_sk):
            if j in used or len(s) < 3:
                continue
            n = min(len(sk), len(s), 7)
            if n < 4:
                continue
            r = fuzz.ratio(sk[:n], s[:n])
            if r > best:
                best, best_j = r, j
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
    z += 1.6 * names + 0.8 * cognates - 0.5 * missing_names
    # length: a Russian headline has about 0.8 of the French content words
    if content:
        ratio = len([w for w in ru_tokens]) / max(1, len(content))
        if truncated:
            ev.append("slug truncated")
            if ratio > 1.6:
                z -= 1.0
        elif 0.45 <= ratio <= 1.6:
            z += 0.5
            ev.append(f"length ratio {ratio:.2f}")
        else:
            z -= 1.0
    return z, ev


MT_CHRF_FLOOR = 40.0  # below: a weak model, or a loose translation; no weight either way


def mt_evidence(title_fr: str, mt_title: str) -> tuple[float, list[str]]:
    """(log-odds, what matched) from chrF between the machine translation of the
    Russian title and the French title. Only a high chrF counts: a low one says
    as much about the model as about the pair."""
    from sacrebleu.metrics import CHRF

    c = CHRF().sentence_score(mt_title, [title_fr]).score
    return min(2.0, max(0.0, (c - MT_CHRF_FLOOR) / 10)), [f"mt chrF {c:.0f}"]


def score_pair(title_fr: str, slug_words: list[str], title_ru: str, truncated: bool,
               glossary=None, slug: str = "", mt_title: str | None = None) -> tuple[float, list[str]]:
    z, ev = evidence(title_fr, slug_words, title_ru, truncated)
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


def align_entry(e: Entry, lex: Lexicon, tr: TitleResult | None = None, sentence: str = "",
                glossary: Glossary | None = None, mt_title: str | None = None) -> Alignment:
    base = dict(file=e.file, kind=e.kind, number=e.number, line_start=e.line_start, title_fr=e.title,
                url=e.url, sentence=sentence)
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
    score, ev = score_pair(e.title, list(slug.words), title_ru, slug.truncated, glossary, slug.slug, mt_title)
    flags = []
    if e.title_lang == "en":
        flags.append("title left in English")
    if slug.truncated:
        flags.append("slug truncated")
    if e.fragments:
        if max(e.lines) - min(e.lines) > 12:
            flags.append(f"assembled from pieces {max(e.lines) - min(e.lines)} lines apart")
    status = "aligned" if score >= 0.5 and not any(f.startswith("assembled") for f in flags) else "suspect"
    return Alignment(**base, title_ru=title_ru, slug=slug.slug, score=score, status=status, evidence=ev,
                     flags=flags, words=wdicts)


def align_entries(entries: list[Entry], markers: list[Marker] = (), glossary: Glossary | None = None,
                  mt_titles: dict[str, str] | None = None, *, lex: Lexicon) -> list[Alignment]:
    """Every footnote and bibliography entry of a book, aligned (a glossary adds
    its terms as evidence, and MT suggestions for the Russian titles, by URL, theirs)."""
    cited = {m.number: m.sentence for m in markers}
    out = []
    for e in entries:
        sentence = cited.get(e.number, "") if e.kind == "footnote" else ""
        mt_title = (mt_titles or {}).get(e.url) if e.url else None
        out.append(align_entry(e, lex, sentence=sentence, glossary=glossary, mt_title=mt_title))
    return out
