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
LOW_PRECISION_OPTIONS = ("gn", "ppas")


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
        self.signature = f"grammalecte {version} " + ",".join(sorted(k for k, v in self.options.items() if v))

    def check(self, text: str) -> list[GrammarError]:
        errors, _ = self._gc.getParagraphErrors(text, dOptions=self.options)
        out = []
        for e in errors:
            out.append(GrammarError(e["nStart"], e["nEnd"], e["sRuleId"], e["sType"],
                                    e["sMessage"].replace("\xa0", " "), tuple(e.get("aSuggestions") or ())))
        out.sort(key=lambda e: (e.start, e.end))
        return out


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
    """A checker that remembers its answers per paragraph (`AnswerCache`, keyed by
    the text, the engine's version and the profile): Grammalecte takes about a
    minute for the corpus, and a rebuild re-checks only the paragraphs that changed."""

    def __init__(self, checker: GrammarChecker, path: Path | None = None):
        from workbench.answer_cache import AnswerCache

        self.checker = checker
        self.cache = AnswerCache("grammar", checker.signature, path)

    def check(self, text: str) -> list[GrammarError]:
        key = hashlib.sha1(text.encode("utf-8")).hexdigest()
        hit = self.cache.get(key)
        if hit is None:
            hit = [asdict(e) for e in self.checker.check(text)]
            self.cache.put(key, hit)
        return [GrammarError(**{**e, "suggestions": tuple(e["suggestions"])}) for e in hit]

    def save(self) -> None:
        self.cache.save()
