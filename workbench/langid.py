"""Language of a segment: is a French target really French, a Russian source Russian?

lingua (its models install with pip, nothing is downloaded at run time), restricted
to the languages these books and their cited sites mix: French and Russian, English
left untranslated, and the neighbours a short title is most easily mistaken for.
A restricted detector is fast and, on short titles, more precise than one that
weighs seventy languages. A segment is called foreign only when the detector is
confident and the expected language is well behind: a check wrong more than once
in ten would drop good units from the memory.

Loading lingua's models takes seconds (they load on the first text of each
script), far more than judging a title, so verdicts are kept between runs
(`AnswerCache`, keyed by lingua's version and this module's settings): a build
whose titles were all judged before loads no model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# ISO 639-1 codes of the detector's languages
LANGUAGES = ("fr", "ru", "en", "de", "es", "it", "uk", "be")
MIN_CONFIDENCE = 0.5    # the winner's share of the probability
MAX_EXPECTED = 0.15     # the expected language's share, at most, to call a segment foreign
MIN_LETTERS = 12        # shorter segments (acronyms, names, numbers) are not judged


@dataclass(frozen=True)
class Verdict:
    lang: str            # detected ISO 639-1 code, or the expected one when not judged
    confidence: float    # the detected language's share (0 when not judged)
    foreign: bool        # True: confidently another language than the expected one


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


@lru_cache(maxsize=1 << 16)  # a build exports the same titles in corpus.tmx and per book
def judge(text: str, expected: str) -> Verdict:
    """Whether `text` is in the `expected` language (an ISO 639-1 code or a tag like fr-FR)."""
    expected = expected.split("-")[0].lower()
    if _letters(text) < MIN_LETTERS:
        return Verdict(expected, 0.0, False)
    values = _detector().compute_language_confidence_values(text)
    shares = {v.language.iso_code_639_1.name.lower(): v.value for v in values}
    best = max(shares, key=shares.__getitem__)
    conf = shares[best]
    foreign = (best != expected and conf >= MIN_CONFIDENCE
               and shares.get(expected, 0.0) <= MAX_EXPECTED)
    return Verdict(best if foreign else expected, round(conf, 4), foreign)


@lru_cache(maxsize=1)
def _answers():
    """The verdicts of earlier runs, under a signature of everything a verdict depends on."""
    from importlib.metadata import version

    from workbench.answer_cache import AnswerCache

    signature = (f"lingua {version('lingua-language-detector')} {','.join(LANGUAGES)} "
                 f"{MIN_CONFIDENCE} {MAX_EXPECTED} {MIN_LETTERS}")
    return AnswerCache("langid", signature)


def judge_many(texts: list[str], expected: str) -> list[Verdict]:
    """`judge` for many segments, each distinct text judged once, verdicts of
    earlier runs taken from the on-disk cache (and new ones added to it)."""
    answers = _answers()
    seen: dict[str, Verdict] = {}
    for t in texts:
        if t in seen:
            continue
        key = f"{expected}\t{t}"
        hit = answers.get(key)
        if isinstance(hit, list) and len(hit) == 3:
            seen[t] = Verdict(str(hit[0]), float(hit[1]), bool(hit[2]))
        else:
            v = seen[t] = judge(t, expected)
            answers.put(key, [v.lang, v.confidence, v.foreign])
    answers.save()
    return [seen[t] for t in texts]
