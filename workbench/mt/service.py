"""MT suggestions for the review units, whatever the engine.

Queues and languages: a titles unit's source is the Russian title (ru), a
sentences unit's source is the French MT sentence itself (fr); suggestions are
always French. So the titles queue takes a ru -> fr translator (direct, or
through English), and the sentences queue only a fr -> fr one (automatic
post-editing); any other pair is refused with a message saying why.

`translate_units` stores one suggestion per unit, batched across units and
committed chunk by chunk: `progress(done, total)` after each committed chunk,
`should_stop()` checked before each one; Ctrl-C too ends the run, keeping what
was committed. Units already suggested by the same translator name and version
are skipped, so a rerun resumes. Glossary terms are masked before translation
and restored after (`workbench.masking`); a placeholder the engine lost is kept
in the suggestion's detail and becomes a QA finding `mt_term_lost`, derived
again from the stored suggestions by `refresh_findings` (after every run and
every build).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from workbench.masking import Placeholder, mask, restore, term_spans
from workbench.model import (
    QUEUE_LANGS as QUEUE_LANGS,  # queue -> (source, target); callers import it here
)
from workbench.mt.backend import Hypothesis, MTError, Translator
from workbench.mt.chain import checked, stage_names
from workbench.qa import Finding
from workbench.terms import Glossary

if TYPE_CHECKING:
    from workbench.storage.base import SuggestionRow as StoredSuggestion

FINDING_KIND = "mt_term_lost"
CHUNK_UNITS = 64  # units per committed chunk: what a stop or Ctrl-C can lose at most


class Unit(Protocol):
    """What the service reads of a review unit."""

    @property
    def key(self) -> str: ...

    @property
    def file(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def line_start(self) -> int | None: ...

    @property
    def orphaned(self) -> bool: ...


SuggestionRow = tuple[str, str, str, str, "dict[str, Any] | None"]  # key, text, model, version, detail


class SuggestionStore(Protocol):
    """The store calls the service makes (suggestions are not reviewer edits:
    a rerun of the same model version replaces its own earlier suggestion)."""

    def units(self, queue: str | None = None) -> Sequence[Unit]: ...

    def suggested_keys(self, model: str, model_version: str) -> set[str]: ...

    def add_suggestions(self, rows: Iterable[SuggestionRow], kind: str = "mt") -> int: ...

    def suggestions(self, key: str | None = None, kind: str | None = None) -> list[StoredSuggestion]: ...

    def replace_findings_of_kind(self, kind: str, findings: Iterable[Finding]) -> int: ...


@dataclass
class TranslateReport:
    model: str
    model_version: str
    chain: list[str] = field(default_factory=list)
    total: int = 0  # units of the queue considered
    skipped: int = 0  # already suggested by this model version
    translated: int = 0  # stored this run
    lost_terms: int = 0  # placeholders the model dropped (QA findings)
    stopped: bool = False  # should_stop() said so
    interrupted: bool = False  # Ctrl-C
    seconds: float = 0.0


def check_pair(queue: str, from_code: str, to_code: str) -> None:
    if queue not in QUEUE_LANGS:
        raise MTError(f"unknown queue {queue!r} (titles or sentences)")
    src, tgt = QUEUE_LANGS[queue]
    what = "the Russian title" if queue == "titles" else "the French MT sentence itself"
    if from_code != src:
        raise MTError(f"the {queue} queue's source is {what} ({src}): --from {from_code} does not fit"
                      f" (use --from {src})")
    if to_code != tgt:
        raise MTError(f"suggestions must be in the units' language ({tgt}): --to {to_code} does not fit")


def _holders(detail: dict[str, Any] | None) -> list[Placeholder]:
    return [Placeholder(d["placeholder"], d["concept"], d["found"], d["target"])
            for d in (detail or {}).get("lost", [])]


def refresh_findings(store: SuggestionStore) -> int:
    """QA findings for every placeholder an MT model lost, from the stored
    suggestions (so they are whole again after any run, even an interrupted one,
    and on the units' lines as the last build placed them)."""
    lossy = [s for s in store.suggestions(kind="mt") if (s.detail or {}).get("lost")]
    units = {u.key: u for u in store.units()} if lossy else {}
    rows = []
    for s in lossy:
        u = units.get(s.key)
        if u is None:
            continue
        for h in _holders(s.detail):
            rows.append(Finding(u.file, u.line_start or 0, 0, h.found, h.concept_id, FINDING_KIND, h.target,
                                f"{u.key} [{s.model} {s.model_version}]: {s.text}"))
    return store.replace_findings_of_kind(FINDING_KIND, rows)


def suggestion_row(key: str, translator: Translator, masked: str, holders: list[Placeholder],
                   hyps: list[Hypothesis], base: dict[str, Any]) -> tuple[SuggestionRow, int]:
    """The stored row for one unit: the best hypothesis with the terms restored,
    the others as alternatives; and how many placeholders the best one lost."""
    text, lost = restore(hyps[0].text, holders)
    detail = {**base, "score": round(hyps[0].score, 4)}
    if holders:
        detail["masked"] = masked
        detail["terms"] = [h.to_dict() for h in holders]
    if lost:
        detail["lost"] = [h.to_dict() for h in lost]
    if len(hyps) > 1:
        detail["alternatives"] = [[restore(h.text, holders)[0], round(h.score, 4)] for h in hyps[1:]]
    return (key, text, translator.name, translator.version, detail), len(lost)


def translate_units(store: SuggestionStore, translator: Translator, queue: str, from_code: str,
                    to_code: str, limit: int | None = None, glossary: Glossary | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    should_stop: Callable[[], bool] | None = None, hypotheses: int = 1,
                    chunk_units: int = CHUNK_UNITS) -> TranslateReport:
    """MT suggestions for a queue's units by `translator` (which translates
    `from_code` into `to_code`), batched across units, stored chunk by chunk
    (each chunk one transaction). See the module docstring."""
    check_pair(queue, from_code, to_code)
    if hypotheses < 1:
        raise MTError("--hypotheses must be at least 1")
    if limit is not None and limit < 0:
        raise MTError("--limit must not be negative")
    model, version = translator.name, translator.version
    report = TranslateReport(model, version, stage_names(translator))
    start = time.perf_counter()
    units = [u for u in store.units(queue=queue) if not u.orphaned and u.source.strip()]
    done = store.suggested_keys(model, version)
    todo = [u for u in units if u.key not in done]
    report.total, report.skipped = len(units), len(units) - len(todo)
    if limit is not None:
        todo = todo[:limit]
    base = {"from": from_code, "to": to_code, "chain": report.chain}
    try:
        for n in range(0, len(todo), chunk_units):
            if should_stop and should_stop():
                report.stopped = True
                break
            chunk = todo[n:n + chunk_units]
            masked = [mask(u.source, term_spans(u.source, glossary, from_code)) for u in chunk]
            hyps = checked(translator, [m for m, _ in masked], hypotheses)  # one call per chunk
            rows = []
            for u, (m, holders), hs in zip(chunk, masked, hyps, strict=True):
                row, lost = suggestion_row(u.key, translator, m, holders, hs, base)
                rows.append(row)
                report.lost_terms += lost
            store.add_suggestions(rows, kind="mt")
            report.translated += len(rows)
            if progress:
                progress(report.translated, len(todo))
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        refresh_findings(store)
        report.seconds = time.perf_counter() - start
    return report
