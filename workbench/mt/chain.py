"""Language pairs: which installed models make a pair (direct, else through a
pivot), and a chain of translators that is itself a translator."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from workbench.mt.backend import Hypothesis, MTError, Translator

PIVOT = "en"


class Pair(Protocol):
    @property
    def from_code(self) -> str: ...

    @property
    def to_code(self) -> str: ...

    @property
    def version(self) -> str: ...


P = TypeVar("P", bound=Pair)


def version_key(v: str) -> tuple[int, ...]:
    """'1.10' after '1.9'; a part that is not a number counts as 0."""
    return tuple(int(x) if x.isdigit() else 0 for x in re.split(r"[.\-_]", v))


def choose_chain(models: Sequence[P], from_code: str, to_code: str, pivot: str = PIVOT,
                 install_hint: str = "") -> list[P]:
    """The direct model, or two through `pivot` when there is none; the newest
    version of each pair. No round trip (fr -> en -> fr is not a fr -> fr model)."""
    best: dict[tuple[str, str], P] = {}
    for m in models:
        k = (m.from_code, m.to_code)
        if k not in best or version_key(m.version) > version_key(best[k].version):
            best[k] = m
    if (from_code, to_code) in best:
        return [best[from_code, to_code]]
    if from_code != to_code and (from_code, pivot) in best and (pivot, to_code) in best:
        return [best[from_code, pivot], best[pivot, to_code]]
    have = ", ".join(f"{f}->{t}" for f, t in sorted(best)) or "none"
    raise MTError(f"no {from_code} -> {to_code} model installed, direct or through {pivot}"
                  f" (installed: {have})" + (f"; {install_hint}" if install_hint else ""))


class Chain:
    """Translators applied one after the other (a pivot). Stored under the
    joined names and versions, so a new version of either stage is a new model.
    With several hypotheses, each hypothesis of a stage is translated by the
    next and the best `hypotheses` by summed score are kept per text."""

    def __init__(self, stages: Sequence[Translator]) -> None:
        if not stages:
            raise ValueError("a chain needs at least one translator")
        self.stages = list(stages)

    @property
    def name(self) -> str:
        return "+".join(s.name for s in self.stages)

    @property
    def version(self) -> str:
        return "+".join(s.version for s in self.stages)

    def translate(self, texts: Sequence[str], hypotheses: int = 1) -> list[list[Hypothesis]]:
        beams = [[Hypothesis(t, 0.0)] for t in texts]
        for stage in self.stages:  # every text of a stage in one call: the engine batches
            flat = [(i, h) for i, hs in enumerate(beams) for h in hs]
            out = checked(stage, [h.text for _, h in flat], hypotheses)
            nxt: list[list[Hypothesis]] = [[] for _ in texts]
            for (i, before), hyps in zip(flat, out, strict=True):
                nxt[i].extend(Hypothesis(h.text, before.score + h.score) for h in hyps)
            beams = [sorted(hs, key=lambda h: -h.score)[:hypotheses] for hs in nxt]
        return beams


def stage_names(translator: Translator) -> list[str]:
    return [s.name for s in translator.stages] if isinstance(translator, Chain) else [translator.name]


def checked(translator: Translator, texts: Sequence[str], hypotheses: int) -> list[list[Hypothesis]]:
    """`translator.translate`, holding it to the protocol: one non-empty list per text."""
    out = translator.translate(texts, hypotheses)
    if len(out) != len(texts) or not all(out):
        raise MTError(f"{translator.name} {translator.version}: returned {len(out)} results"
                      f" for {len(texts)} texts, or a text without a hypothesis")
    return out
