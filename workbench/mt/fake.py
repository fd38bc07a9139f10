"""A word-table translator: deterministic, instant, pure Python (no model, no torch).

It stands in for an engine wherever what is tested is the workbench around the
engine (masking, hypotheses, pivots, batching, resuming, the review screen's
MT paths), so those tests run on a core install. It behaves as a real engine
does in the ways that matter there: words it does not know, and so the
glossary placeholders `ZZA`, `ZZB`, ..., pass through unchanged unless the
table says otherwise (mapping a placeholder to another word, or to nothing,
is how a test makes it lose one); a word with several renderings gives
several hypotheses, ranked by a score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from workbench.mt.backend import Hypothesis, MTError
from workbench.mt.chain import PIVOT, Chain, choose_chain

_WORD = re.compile(r"\w+(?:[-’']\w+)*")
ALTERNATIVE_COST = 1.0  # score lost per step down a word's list of renderings


class WordTable:
    """Translates word by word. `table` maps a word (matched case-insensitively)
    to its renderings, best first; a capitalised source word (not one in
    capitals) gives a capitalised rendering. Hypothesis 1 takes every word's first rendering;
    the next ones each take one later rendering of one word (the cheapest
    first, then from left to right)."""

    def __init__(self, from_code: str, to_code: str, table: Mapping[str, str | Sequence[str]],
                 version: str = "1.0", name: str | None = None) -> None:
        self.from_code = from_code
        self.to_code = to_code
        self.version = version
        self.name = name or f"table-{from_code}_{to_code}"
        self.table = {k.lower(): [v] if isinstance(v, str) else list(v) for k, v in table.items()}
        self.calls: list[int] = []  # texts per call: what a test of batching looks at
        for k, v in self.table.items():
            if not v:
                raise ValueError(f"{k!r}: no rendering")

    def _render(self, word: str, choice: int) -> str:
        out = self.table[word.lower()][choice]
        capitalised = word[:1].isupper() and not word[1:].isupper()  # Минская, not ZZB
        return out[:1].upper() + out[1:] if capitalised and out[:1].islower() else out

    def _one(self, text: str, hypotheses: int) -> list[Hypothesis]:
        words = list(_WORD.finditer(text))
        known = [i for i, m in enumerate(words) if m.group().lower() in self.table]
        # (cost, word index, rendering index) of every single departure from the best reading
        departures = sorted((float(j) * ALTERNATIVE_COST, i, j) for i in known
                            for j in range(1, len(self.table[words[i].group().lower()])))
        out = []
        for cost, at, choice in [(0.0, -1, 0), *departures[:hypotheses - 1]]:
            pieces, pos = [], 0
            for i, m in enumerate(words):
                pieces.append(text[pos:m.start()])
                if m.group().lower() in self.table:
                    pieces.append(self._render(m.group(), choice if i == at else 0))
                else:
                    pieces.append(m.group())
                pos = m.end()
            pieces.append(text[pos:])
            out.append(Hypothesis(" ".join("".join(pieces).split()), -cost))
        return out

    def translate(self, texts: Sequence[str], hypotheses: int = 1) -> list[list[Hypothesis]]:
        if hypotheses < 1:
            raise MTError("hypotheses must be at least 1")
        self.calls.append(len(texts))
        return [self._one(t, hypotheses) for t in texts]


class FakeBackend:
    """Word tables as installed models: a pair without a direct table goes
    through the pivot, as with Argos packages. `unavailable` makes it play a
    backend whose extra is missing."""

    name = "fake"

    def __init__(self, tables: Iterable[WordTable] = (), pivot: str = PIVOT,
                 unavailable: str | None = None) -> None:
        self.tables = list(tables)
        self.pivot = pivot
        self.unavailable = unavailable

    def why_unavailable(self) -> str | None:
        return self.unavailable

    def translator(self, from_code: str, to_code: str) -> Chain:
        if self.unavailable:
            raise MTError(self.unavailable)
        return Chain(choose_chain(self.tables, from_code, to_code, self.pivot))
