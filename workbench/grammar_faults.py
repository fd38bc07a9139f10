"""Seeded grammar faults in French sentences: the grammar check's recall is measured on them.

Pure: `inject(sentences, n, seed)` puts one fault in each of `n` sentences, of the
classes the grammar profile is for (the typography and spelling checks cover the
rest; agreement is off, see `grammar.LOW_PRECISION_OPTIONS`), and says where:

- `a_à`: the verb `a` before a past participle written `à` (il à signé);
- `à_a`: the preposition of a locution written `a` (a la fin, a cet égard);
- `ont_on`: `ont` before a past participle written `on` (elles on signé);
- `et_est`: `est` after a subject pronoun written `et` (il et important);
- `doubled`: a word printed twice (le projet est est important);
- `infinitive`: an infinitive after a modal verb written as a participle (peut signé).

Only places where the fault is unambiguous are taken: a pattern that only fits the
right text (`a` followed by a word ending like a participle, and so on).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

_PP = r"[a-zàâçéèêëîïôûùüÿœ]{3,}(?:é|ée|és|ées)"
PATTERNS: dict[str, tuple[re.Pattern, str]] = {  # the group `x` is what the fault replaces
    "a_à": (re.compile(rf"\b(?:[Ii]l|[Ee]lle|[Oo]n|qui) (?P<x>a) {_PP}\b"), "à"),
    "à_a": (re.compile(r"(?<!\w)(?P<x>[Àà]) (?:la fin|cet égard|titre d|l'heure actuelle|l'avenir|long terme"
                       r"|court terme)\b"), "a"),
    "ont_on": (re.compile(rf"\b(?:ils|elles|qui) (?P<x>ont) {_PP}\b"), "on"),
    "et_est": (re.compile(r"\b(?:[Ii]l|[Ee]lle|qui|[Cc]e) (?P<x>est) (?:très |également |aussi |plus )?[a-zéè]{4,}\b"),
               "et"),
    "infinitive": (re.compile(r"\b(?:peut|peuvent|doit|doivent|faut|va|vont|pourrait|pourraient) "
                              r"(?P<x>[a-zàâçéèêîôû]{3,}er)\b"), ""),
}
CLASSES = (*PATTERNS, "doubled")
_DOUBLE = re.compile(r"(?<= )(?:est|sont|les|des|une|pour|dans|avec|entre|cette|leur)(?= [a-zàâçéèêîôû])")


@dataclass(frozen=True)
class Fault:
    index: int  # which sentence
    start: int  # where the fault is, in the changed sentence
    end: int
    kind: str
    text: str  # the sentence with the fault


def _places(sentence: str, kind: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) where a fault of this kind can go."""
    if kind == "doubled":
        return [(m.start(), m.end(), m.group() + " " + m.group()) for m in _DOUBLE.finditer(sentence)]
    pat, repl = PATTERNS[kind]
    out = []
    for m in pat.finditer(sentence):
        x = m.group("x")
        new = x[:-2] + "é" if kind == "infinitive" else (repl.upper() if x[0].isupper() else repl)
        out.append((m.start("x"), m.end("x"), new))
    return out


def inject(sentences: list[str], n: int, seed: int, kinds: tuple[str, ...] = CLASSES) -> list[Fault]:
    """Up to `n` faults, spread evenly over the kinds, one per sentence, seeded."""
    rng = random.Random(seed)
    order = list(range(len(sentences)))
    rng.shuffle(order)
    per = {k: n // len(kinds) + (1 if i < n % len(kinds) else 0) for i, k in enumerate(kinds)}
    used: set[int] = set()
    out: list[Fault] = []
    for kind in kinds:
        for i in order:
            if per[kind] <= 0:
                break
            if i in used:
                continue
            places = _places(sentences[i], kind)
            if not places:
                continue
            a, b, repl = rng.choice(places)
            s = sentences[i]
            out.append(Fault(i, a, a + len(repl), kind, s[:a] + repl + s[b:]))
            used.add(i)
            per[kind] -= 1
    return out
