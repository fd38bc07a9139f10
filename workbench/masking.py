"""Glossary protection around machine translation. Pure functions.

Terms of the glossary found in a source are replaced by placeholders (`ZZA`,
`ZZB`, ...: upper-case Latin letters that a Russian or French text never holds
and that NMT models copy through unchanged), the text is translated, and each
placeholder is replaced by the concept's canonical French form. A placeholder
the model dropped or mangled is reported as lost; the hypothesis is kept.

Place names are not masked by default: in French they take an article or a
preposition that depends on the name (`en Chine`, `au Belarus`), which a
placeholder would hide from the model, and models know them anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass

from workbench.terms import Concept, Glossary, ru_stem

MASK_TYPES = frozenset({"company", "zone", "organisation", "person", "acronym", "other"})
MAX_PLACEHOLDERS = 26
_RU_WORD = re.compile(r"[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    concept: Concept


@dataclass(frozen=True)
class Placeholder:
    token: str  # as put in the source: ZZA
    concept_id: str
    found: str  # the source text it stands for
    target: str  # canonical French form restored in the hypothesis

    def to_dict(self) -> dict[str, str]:
        return {"placeholder": self.token, "concept": self.concept_id, "found": self.found,
                "target": self.target}


def placeholder(i: int) -> str:
    return "ZZ" + chr(ord("A") + i)


def ru_term_spans(text: str, glossary: Glossary, types: Set[str] = MASK_TYPES) -> list[Span]:
    """Glossary terms in a Russian text, matched word by word on lemma or crude
    stem (titles are inflected: `гомсельмаша`), longest concept first."""
    lemma = glossary.morphology.lemma
    words = [(m.start(), m.end(), m.group().lower().replace("ё", "е")) for m in _RU_WORD.finditer(text)]
    keys = [{lemma(w), ru_stem(w), w} for _, _, w in words]
    taken = [False] * len(words)
    spans: list[Span] = []
    for i in range(len(words)):
        if taken[i]:
            continue
        found = None
        for concept, forms in _ru_index(glossary, types).get_candidates(keys[i]):
            n = len(forms)
            fits = i + n <= len(words) and not any(taken[i:i + n]) and all(
                forms[k] & keys[i + k] for k in range(n))
            if fits and (found is None or n > len(found[1])):
                found = (concept, forms)
        if found:
            n = len(found[1])
            spans.append(Span(words[i][0], words[i + n - 1][1], found[0]))
            taken[i:i + n] = [True] * n
    return spans


Forms = tuple[frozenset[str], ...]  # per word of a concept's Russian form: its accepted keys


class _RuIndex:
    """Concepts by the accepted keys (lemma, stem) of their first Russian word."""

    def __init__(self, glossary: Glossary, types: Set[str]) -> None:
        self.by_key: dict[str, list[tuple[Concept, Forms]]] = {}
        for cid, lem in glossary.ru_lemmas().items():
            concept = glossary.by_id[cid]
            if not lem or concept.type not in types:
                continue
            forms = tuple(frozenset({word, ru_stem(word)}) for word in lem)
            for k in forms[0]:
                self.by_key.setdefault(k, []).append((concept, forms))

    def get_candidates(self, keys: Set[str]) -> Iterator[tuple[Concept, Forms]]:
        seen = set()
        for k in keys:
            for c, forms in self.by_key.get(k, ()):
                if c.id not in seen:
                    seen.add(c.id)
                    yield c, forms


def _ru_index(glossary: Glossary, types: Set[str]) -> _RuIndex:
    """Built once per glossary and set of types, and kept by the glossary."""
    return glossary.derived((_RuIndex, frozenset(types)), lambda: _RuIndex(glossary, types))


def fr_term_spans(text: str, glossary: Glossary, types: Set[str] = MASK_TYPES) -> list[Span]:
    """Glossary forms (canonical, variant or forbidden) in a French text."""
    return [Span(h.start, h.end, h.concept) for h in glossary.find(text) if h.concept.type in types]


def term_spans(text: str, glossary: Glossary | None, lang: str, types: Set[str] = MASK_TYPES) -> list[Span]:
    if glossary is None or not len(glossary):
        return []
    if lang == "ru":
        return ru_term_spans(text, glossary, types)
    if lang == "fr":
        return fr_term_spans(text, glossary, types)
    return []  # no glossary side for this language


def mask(text: str, spans: list[Span]) -> tuple[str, list[Placeholder]]:
    """`text` with each span replaced by a placeholder (at most 26; later terms
    stay as they are). A placeholder already in the text is never reused."""
    out, pos, holders = [], 0, []
    i = 0
    for s in sorted(spans, key=lambda s: s.start):
        while i < MAX_PLACEHOLDERS and re.search(rf"\b{placeholder(i)}\b", text, re.IGNORECASE):
            i += 1
        if i >= MAX_PLACEHOLDERS or s.start < pos:
            break
        token = placeholder(i)
        i += 1
        out.append(text[pos:s.start])
        out.append(token)
        holders.append(Placeholder(token, s.concept.id, text[s.start:s.end], s.concept.fr))
        pos = s.end
    out.append(text[pos:])
    return "".join(out), holders


def restore(hypothesis: str, holders: list[Placeholder]) -> tuple[str, list[Placeholder]]:
    """Placeholders replaced by their canonical French form (case-insensitive,
    tolerating a space the model put inside: `ZZ A`). Returns the text and the
    placeholders the model lost."""
    lost = []
    for h in holders:
        rx = re.compile(rf"(?<![A-Za-z]){h.token[:2]}\s?{h.token[2]}(?![A-Za-z])", re.IGNORECASE)
        hypothesis, n = rx.subn(h.target.replace("\\", "\\\\"), hypothesis)  # the target taken literally
        if n == 0:
            lost.append(h)
    return hypothesis, lost
