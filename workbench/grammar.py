"""French grammar and agreement with Grammalecte, when it is installed.

Grammalecte (the checker behind LibreOffice's French grammar extension) is a
pure Python package that works offline; it is not on PyPI but Debian ships it
(`apt-get install python3-grammalecte`, which `.ci/run` does). It is found
either on the Python path or in Debian's `dist-packages`, where it is loaded
alone (nothing else from the system's packages comes along).

The profile leaves out Grammalecte's typographic options (spaces, apostrophes,
quotes, capitals, numbers, units, hyphens): the typography check and the
spelling check cover those, and one problem reported twice is noise. It also
leaves out the agreement options whose precision on these books was measured
far below 0.9 (`LOW_PRECISION_OPTIONS`).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import re
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

DEBIAN_PATHS = ("/usr/lib/python3/dist-packages", "/usr/share/grammalecte")

# Grammalecte's options that are about typography or spelling, not grammar
TYPOGRAPHY_OPTIONS = ("typo", "apos", "eepi", "esp", "tab", "nbsp", "tu", "maj", "minis", "num", "virg",
                      "poncfin", "unit", "nf", "liga", "mapos", "chim", "ocr", "html", "latex", "md", "idrule")
# Agreement in the noun phrase (gn) and of past participles (ppas): on these machine
# translations, with their acronyms (la FEZ), codes (moteurs Euro 6) and long
# enumerations, 2 of 22 judged findings were right; confusions, pleonasms and
# doubled words were 7 of 7 (a sample of 30 findings over the bundled books).
# A re-judged sample with them on (tests/gold/grammar_agreement.tsv): 5 of 62 findings
# right; the rest were acronyms taken for nouns (la FEZ), footnote numbers glued to a
# word, fixed phrases (haute pression, à moteur) and adjectives agreeing with the
# noun before the last one.
LOW_PRECISION_OPTIONS = ("gn", "ppas")
# Rule families (the middle of Grammalecte's rule id, `g3__infi_de_verbe__b6_a1_1`)
# left out of the options that stay on, each for a class of false alarms:
LEFT_OUT_RULES = {
    # a noun, de, a past participle: in technical text the participle is mostly a noun
    # (laminés, surgelés, dérivés), which Grammalecte's dictionary does not list
    "infi_de_verbe": "a substantivised participle after de is taken for a verb",
    # `beaucoup` + singular: Russian "многое зависит" gives "beaucoup dépendra de", where
    # beaucoup is a pronoun (much) and the singular is right
    "conj_beaucoup": "beaucoup as a pronoun (much) takes the singular",
    # dots in acronyms (S.A.) and initials (R.T. Erdoğan): typography, and initials
    # before a name are no acronym
    "p_sigle1": "typography of acronyms", "p_sigle2": "typography of acronyms",
    "p_sigle3": "typography of acronyms",
}


@dataclass(frozen=True)
class GrammarError:
    start: int
    end: int
    rule: str  # Grammalecte's rule id
    kind: str  # Grammalecte's option (gn: agreement, conj: conjugation, ppas: past participle...)
    message: str
    suggestions: tuple[str, ...]


class GrammarUnavailable(RuntimeError):
    """Grammalecte is not installed; the message says how to install it."""


def _import_grammalecte():
    try:
        return importlib.import_module("grammalecte")
    except ImportError:
        pass
    for base in DEBIAN_PATHS:
        spec = importlib.machinery.PathFinder.find_spec("grammalecte", [base])
        if spec is None or spec.loader is None:
            continue
        mod = importlib.util.module_from_spec(spec)
        sys.modules["grammalecte"] = mod
        try:
            spec.loader.exec_module(mod)
        except Exception as e:  # an incompatible copy: say so, never crash the build
            del sys.modules["grammalecte"]
            raise GrammarUnavailable(f"Grammalecte at {base} could not be loaded ({e})") from None
        return mod
    raise GrammarUnavailable(
        "Grammalecte is not installed (Debian/Ubuntu: apt-get install python3-grammalecte)"
    )


class GrammarChecker:
    def __init__(self):
        mod = _import_grammalecte()
        self._gc = mod.GrammarChecker("fr")
        engine = self._gc.getGCEngine()
        options = engine.getOptions()
        off = TYPOGRAPHY_OPTIONS + LOW_PRECISION_OPTIONS
        self.options = {k: (False if k in off else v) for k, v in options.items()}
        engine.setOptions(self.options)
        version = getattr(sys.modules.get("grammalecte.fr.gc_engine"), "version", "?")
        # what a cached answer depends on: the engine's version and the profile
        self.signature = (f"grammalecte {version} " + ",".join(sorted(k for k, v in self.options.items() if v))
                          + " without " + ",".join(sorted(LEFT_OUT_RULES)))

    def check(self, text: str) -> list[GrammarError]:
        errors, _ = self._gc.getParagraphErrors(text, dOptions=self.options)
        out = []
        for e in errors:
            if rule_family(e["sRuleId"]) in LEFT_OUT_RULES:
                continue
            out.append(GrammarError(e["nStart"], e["nEnd"], e["sRuleId"], e["sType"],
                                    e["sMessage"].replace("\xa0", " "), tuple(e.get("aSuggestions") or ())))
        out.sort(key=lambda e: (e.start, e.end))
        return out


def rule_family(rule_id: str) -> str:
    """`g3__infi_de_verbe__b6_a1_1` -> `infi_de_verbe` (the rule, whatever its action)."""
    parts = rule_id.split("__")
    return parts[1] if len(parts) >= 3 else rule_id


@lru_cache(maxsize=1)
def grammar_checker() -> GrammarChecker:
    """The one checker (loading Grammalecte takes about a second)."""
    return GrammarChecker()


def availability() -> str | None:
    """None when grammar checking works, else why it is off (one line)."""
    try:
        grammar_checker()
    except GrammarUnavailable as e:
        return str(e)
    return None


class CachedGrammar:
    """A checker that remembers its answers per sentence (`AnswerCache`, keyed by a
    hash of the sentence, the engine's version and the profile): Grammalecte takes
    about half a minute of CPU for the corpus, and a rebuild re-checks only the
    sentences that changed (an edit to one sentence leaves its paragraph's others
    cached). Sentences are cut where Grammalecte cuts them for its sentence rules; the
    rules of the profile that see a whole paragraph (dates, one confusion) see each
    sentence alone, which on the bundled books finds the same errors
    (`benchmarks/bench_grammar.py` compares them)."""

    def __init__(self, checker: GrammarChecker, path: Path | None = None):
        from workbench.answer_cache import AnswerCache

        self.checker = checker
        self.cache = AnswerCache("grammar", checker.signature + " per sentence", path)
        self.checked = 0  # sentences Grammalecte was asked about (not in the cache)

    def check(self, text: str) -> list[GrammarError]:
        out: list[GrammarError] = []
        for a, b in sentence_bounds(text):
            sentence = text[a:b]
            if not sentence.strip():
                continue
            key = hashlib.sha1(sentence.encode("utf-8")).hexdigest()
            hit = self.cache.get(key)
            if hit is None:
                hit = [asdict(e) for e in self.checker.check(sentence)]
                self.cache.put(key, hit)
                self.checked += 1
            out += [GrammarError(**{**e, "start": e["start"] + a, "end": e["end"] + a,
                                    "suggestions": tuple(e["suggestions"])}) for e in hit]
        return out

    def save(self) -> None:
        self.cache.save()


_INITIAL = re.compile(r"(?:^|[\s(«\"])(?:[A-ZÀ-Ý]\.\s?)+$")  # P.M. or R. T. before a name: no sentence end


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a paragraph, as Grammalecte cuts them, except
    after initials (P.M. Masherov), where it cuts a name in two."""
    boundaries = importlib.import_module("grammalecte.text").getSentenceBoundaries  # loaded by grammar_checker()
    out: list[tuple[int, int]] = []
    for a, b in boundaries(text):
        if out and _INITIAL.search(text[out[-1][0]:out[-1][1]].rstrip()):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
