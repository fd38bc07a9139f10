"""The storage seam: typed rows, errors and the interfaces callers use.

Callers (pipeline, CLI, review TUI, TM and MT services) depend on these Protocols, not
on a backend: `BuildSink` receives a build, `ReviewStore` serves reviewers, `TMStore`
holds the translation memory, `SuggestionStore` the machine suggestions. Every row a
store returns is one of the frozen classes below.

Unit identity: a unit row's `id` is permanent; its `key` is a label that a rebuild may
move (re-attachment re-keys the reviewer's row instead of copying its work), so
`history.unit_id` never needs rewriting.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..model import Document, Segment, UnitSeed

# What a reviewer edits; a unit's `version` changes exactly when one of these does, so
# optimistic concurrency compares what the reviewer saw, not line numbers or context.
REVIEWER_FIELDS = ("text", "status", "origin", "note")


class StoreError(Exception):
    """Bad input or unusable database; the message is one line and names the path."""


class ConflictError(StoreError):
    """The unit changed since the caller read it (optimistic concurrency)."""

    def __init__(self, current: UnitRow) -> None:
        super().__init__(
            f"unit {current.key} was changed by someone else "
            f"(now version {current.version}, status {current.status}); reload and retry"
        )
        self.current = current


class UnitNotFound(StoreError):
    """No unit has this key (any more): a rebuild re-keyed or removed it."""

    def __init__(self, path: Path, key: str) -> None:
        super().__init__(f"{path}: no unit with key {key}")
        self.key = key


class StoreBusy(StoreError):
    """Another connection held the write lock past the busy timeout: worth retrying."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full."""


class StoreUnavailable(StoreError):
    """The database file cannot be written: removed, replaced, read-only or failing I/O."""


# --- rows -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    key: str
    file: str
    queue: str
    source: str
    mt: str
    text: str
    status: str
    origin: str
    version: int
    line_start: int | None
    line_end: int | None
    segment_index: int | None
    article: int | None
    context: dict[str, Any]
    orphaned: bool
    note: str
    history_count: int
    created_at: str
    updated_at: str

    @property
    def has_reviewer_work(self) -> bool:
        return self.status != "new" or self.text != self.mt or self.history_count > 0


@dataclass(frozen=True, slots=True)
class HistoryRow:
    id: int
    unit_id: int
    unit_key: str  # the unit's key when the action happened
    at: str
    who: str
    action: str  # edit | status | revert | note | reattach | orphan
    old_text: str | None
    new_text: str | None
    old_status: str | None
    new_status: str | None
    detail: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class DocumentRow:
    name: str
    sha256: str
    n_lines: int
    title: str
    built_at: str


@dataclass(slots=True)
class RebuildReport:
    doc: str
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    reattached: list[tuple[str, str]] = field(default_factory=list)  # (old_key, new_key)
    orphaned: list[str] = field(default_factory=list)  # keys with reviewer work and no home



@dataclass(frozen=True, slots=True)
class UnitIndexRow:
    """A light unit row for a review list, without history count or full context."""

    key: str
    file: str
    status: str
    score: float | None  # a title's alignment score (context "score")
    number: int | None  # a title's footnote or entry number (context "number")
    source: str
    text: str
    version: int


@dataclass(frozen=True, slots=True)
class TMRow:
    """A translation-memory entry; inline codes as JSON text (see formats/inline.py)."""

    id: int
    source: str
    target: str
    origin: str
    tuid: str | None
    source_lang: str
    target_lang: str
    source_codes: str
    target_codes: str


# --- what the store reads of pipeline output (structural: storage imports no stage) ---

class EntryIn(Protocol):
    """A footnote or bibliography entry (footnotes.Entry)."""

    @property
    def file(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def number_printed(self) -> str: ...
    @property
    def article(self) -> int | None: ...
    @property
    def title(self) -> str: ...
    @property
    def title_lang(self) -> str: ...
    @property
    def authors(self) -> list[str]: ...
    @property
    def year(self) -> int | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def pages(self) -> str | None: ...
    @property
    def publisher(self) -> str | None: ...
    @property
    def line_start(self) -> int: ...
    @property
    def line_end(self) -> int: ...
    @property
    def lines(self) -> tuple[int, ...]: ...
    @property
    def raw(self) -> str: ...
    @property
    def marker_line(self) -> int | None: ...


class MarkerIn(Protocol):
    """A footnote call in the body (markers.Marker)."""

    @property
    def number(self) -> int: ...
    @property
    def line(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def style(self) -> str: ...
    @property
    def segment_index(self) -> int: ...
    @property
    def footnote_line(self) -> int | None: ...
    @property
    def sentence(self) -> str: ...


class SourceMemberIn(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def line_start(self) -> int: ...
    @property
    def title(self) -> str: ...


class SourceIn(Protocol):
    """Entries of several books citing one source (biblio.Source)."""

    @property
    def id(self) -> int: ...
    @property
    def url(self) -> str | None: ...
    @property
    def members(self) -> Sequence[SourceMemberIn]: ...


class FindingIn(Protocol):
    """A QA finding (qa.Finding)."""

    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def found(self) -> str: ...
    @property
    def term(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def suggestion(self) -> str: ...
    @property
    def context(self) -> str: ...


# --- interfaces -------------------------------------------------------------------

class BuildSink(Protocol):
    """Where a build puts its output: one document at a time, then the cross-book parts."""

    def ingest(
        self, doc: Document, segments: list[Segment], units: list[UnitSeed],
        entries: Iterable[EntryIn] = (), markers: Iterable[MarkerIn] = (), diagnostics: Iterable[str] = (),
    ) -> RebuildReport: ...

    def build(
        self, docs: Iterable[tuple[Document, list[Segment], list[UnitSeed]]],
        remove_missing: bool = True,
    ) -> list[RebuildReport]: ...

    def remove_missing_documents(self, names_present: Iterable[str]) -> list[RebuildReport]: ...
    def replace_sources(self, sources: Iterable[SourceIn]) -> int: ...
    def replace_findings(self, doc: str, findings: Iterable[FindingIn]) -> int: ...
    def replace_findings_of_kind(self, kind: str, findings: Iterable[FindingIn]) -> int: ...


class ReviewStore(Protocol):
    """What reviewers read and write. Every action takes `expected_version` (the version
    the change is based on: ConflictError when stale) or `blind_write=True` by name."""

    path: Path
    readonly: bool

    def close(self) -> None: ...
    def set_busy_timeout(self, seconds: float) -> None: ...

    def units(self, queue: str | None = None, status: str | None = None,
              doc: str | None = None, orphaned: bool | None = None) -> list[UnitRow]: ...
    def unit_index(self, queue: str) -> list[UnitIndexRow]: ...
    def unit(self, key: str) -> UnitRow | None: ...
    def unit_by_id(self, unit_id: int) -> UnitRow | None: ...
    def successor(self, gone: UnitRow) -> UnitRow | None: ...
    def history(self, key: str) -> list[HistoryRow]: ...
    def all_history(self) -> list[HistoryRow]: ...
    def keys_with_findings(self) -> set[str]: ...
    def documents(self) -> list[DocumentRow]: ...
    def segments(self, doc: str) -> list[Segment]: ...
    def iter_export(self, status: str = "all") -> Iterator[dict[str, Any]]: ...

    def edit(self, key: str, new_text: str, who: str = "reviewer", *,
             expected_version: int | None = None, blind_write: bool = False) -> UnitRow: ...
    def set_status(self, key: str, status: str, who: str = "reviewer", *,
                   expected_version: int | None = None, blind_write: bool = False) -> UnitRow: ...
    def revert(self, key: str, who: str = "reviewer", *,
               expected_version: int | None = None, blind_write: bool = False) -> UnitRow: ...
    def set_note(self, key: str, note: str, who: str = "reviewer", *,
                 expected_version: int | None = None, blind_write: bool = False) -> UnitRow: ...
    def set_aside(self, key: str, text: str, who: str, reason: str) -> UnitRow: ...

    def setting(self, key: str, default: Any = None) -> Any: ...
    def set_setting(self, key: str, value: Any) -> None: ...


class TMStore(Protocol):
    """The translation memory: imported pairs with languages and inline codes."""

    def add_tm(self, pairs: Iterable[tuple[str, str, str | None]], origin: str) -> int: ...
    def add_tm_entries(self, entries: Iterable[TMEntry], origin: str) -> int: ...
    def tm_rows(self, ids: Iterable[int] | None = None) -> list[TMRow]: ...
    def tm_candidates(self, text: str, limit: int = 200) -> list[int]: ...
    def tm_target_candidates(self, words: Sequence[str], limit: int = 200) -> list[int]: ...
    def tm_entries(self, srclang: str | None = None,
                   tgtlang: str | None = None) -> list[tuple[str, str, str]]: ...


# (source, target, tuid, source_lang, target_lang, source_codes, target_codes): codes as JSON text
TMEntry = tuple[str, str, "str | None", str, str, str, str]


class SuggestionStore(Protocol):
    """Machine-translation suggestions per unit, one per (unit, model, model version)."""

    def add_suggestions(self, rows: Iterable[tuple[str, str, str, str, dict[str, Any] | None]],
                        kind: str = "mt") -> int: ...
    def suggestions(self, key: str | None = None, kind: str | None = None) -> list[dict[str, Any]]: ...
    def suggested_keys(self, model: str, model_version: str, kind: str = "mt") -> set[str]: ...


class ProjectStore(BuildSink, ReviewStore, TMStore, SuggestionStore, Protocol):
    """Everything one backend provides."""
