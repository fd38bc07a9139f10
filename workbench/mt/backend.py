"""The seam between the workbench and a machine translation engine.

A `Translator` turns texts of one language pair into ranked hypotheses; a
`Backend` finds the translator for a pair (or says in one line why it cannot).
The service (`workbench.mt.service`) and the review TUI only see these two
protocols, so an engine is swapped without touching them: Argos Translate
(`workbench.mt.argos`) in use, a word table (`workbench.mt.fake`) in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from workbench.text import InputError


class MTError(InputError):
    """A bad package, a missing pair, a missing extra: one line for the user."""


class Hypothesis(NamedTuple):
    text: str
    score: float  # the engine's log-probability: higher is better; comparable within one translator


class Translator(Protocol):
    """One language pair's engine (or a chain of them)."""

    @property
    def name(self) -> str:
        """Stored with every suggestion; with `version`, what a rerun skips by."""
        ...

    @property
    def version(self) -> str: ...

    def translate(self, texts: Sequence[str], hypotheses: int = 1) -> list[list[Hypothesis]]:
        """Per text, in order, at least one and at most `hypotheses` hypotheses,
        best first. Raises MTError when the engine cannot run (a damaged model)."""
        ...


class Backend(Protocol):
    """Where translators come from."""

    @property
    def name(self) -> str: ...

    def why_unavailable(self) -> str | None:
        """None when `translator` may be asked; else one line saying what to
        install. Cheap: loads no model and imports no engine."""
        ...

    def translator(self, from_code: str, to_code: str) -> Translator:
        """The translator for a pair, direct or through a pivot language; no
        model is loaded before its first `translate`. Raises MTError."""
        ...
