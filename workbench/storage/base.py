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
from dataclasses import asdict, dataclass, field
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
    scores: dict[str, tuple[float, str]] = field(default_factory=dict)  # new key -> (match score, how)
    reasons: dict[str, str] = field(default_factory=dict)  # orphaned key -> why it found no home
    renamed_from: str | None = None  # the vanished document recognised as this one by content



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


@dataclass(frozen=True, slots=True)
class Change:
    """An action recorded in history (by any reviewer, process or machine): what a live
    review list refreshes. `cursor` orders changes; pass the last one seen back."""

    cursor: int
    unit_id: int
    key: str  # the unit's current key
    who: str
    action: str
    at: str


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    """A machine suggestion for a unit (`key` is the unit's current key)."""

    key: str
    kind: str
    text: str
    model: str
    model_version: str
    detail: dict[str, Any] | None
    created_at: str


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A QA finding on a book's line (pipeline output, replaced by every build)."""

    file: str
    line: int
    col: int
    found: str
    term: str
    kind: str
    suggestion: str
    context: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """A stored footnote or bibliography entry."""

    id: int
    file: str
    kind: str
    number: int | None
    number_printed: str
    article: int | None
    title: str
    title_lang: str
    authors: tuple[str, ...]
    year: int | None
    url: str | None
    pages: str | None
    publisher: str | None
    line_start: int
    line_end: int
    lines: tuple[int, ...]
    raw: str
    marker_line: int | None


@dataclass(frozen=True, slots=True)
class MarkerRow:
    """A stored footnote call in the body."""

    id: int
    file: str
    number: int
    line: int
    col: int
    text: str
    style: str
    segment_index: int
    footnote_line: int | None
    sentence: str


@dataclass(frozen=True, slots=True)
class SourceMemberRow:
    file: str
    kind: str
    number: int | None
    line_start: int
    title: str


@dataclass(frozen=True, slots=True)
class SourceRow:
    """Entries of several books citing one source."""

    id: int
    url: str | None
    members: tuple[SourceMemberRow, ...]


@dataclass(frozen=True, slots=True)
class ExportRow:
    """A unit as exporters write it (`workbench export jsonl`)."""

    key: str
    file: str
    queue: str
    source: str
    mt: str
    text: str
    status: str
    origin: str
    line_start: int | None
    line_end: int | None
    article: int | None
    history_count: int
    orphaned: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class UnitCounts:
    total: int
    orphaned: int
    by_status: dict[str, int]  # every status, zero included
    by_queue: dict[str, int]


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """How much a store holds (`workbench status`, the build summary)."""

    documents: int
    segments: dict[str, int]  # kind -> n
    units: UnitCounts
    entries: dict[str, int]  # kind -> n
    markers: int
    sources: int
    sources_in_several_books: int
    diagnostics: int
    findings: dict[str, int]  # kind -> n

    def as_dict(self) -> dict[str, Any]:
        """The nested form the reports print and `status --format json` writes."""
        return {
            "documents": self.documents, "segments": dict(self.segments),
            "units": asdict(self.units), "entries": dict(self.entries), "markers": self.markers,
            "sources": {"total": self.sources, "cited in several books": self.sources_in_several_books},
            "diagnostics": self.diagnostics, "findings": dict(self.findings),
        }


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
        renamed_from: str | None = None,
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

    readonly: bool

    @property
    def path(self) -> Path | str: ...  # the database file, or the server's URL without password

    def close(self) -> None: ...
    def set_busy_timeout(self, seconds: float) -> None: ...
    def role(self) -> str | None: ...  # the server role connected as; None for a file store

    def units(self, queue: str | None = None, status: str | None = None,
              doc: str | None = None, orphaned: bool | None = None) -> list[UnitRow]: ...
    def unit_index(self, queue: str) -> list[UnitIndexRow]: ...
    def unit(self, key: str) -> UnitRow | None: ...
    def unit_by_id(self, unit_id: int) -> UnitRow | None: ...
    def successor(self, gone: UnitRow) -> UnitRow | None: ...
    def history(self, key: str) -> list[HistoryRow]: ...
    def change_cursor(self) -> int: ...
    def changes_since(self, cursor: int, limit: int = 500) -> list[Change]: ...
    def wait_for_changes(self, cursor: int, timeout: float) -> list[Change]: ...
    def all_history(self) -> list[HistoryRow]: ...
    def keys_with_findings(self) -> set[str]: ...
    def documents(self) -> list[DocumentRow]: ...
    def segments(self, doc: str) -> list[Segment]: ...
    def iter_export(self, status: str = "all") -> Iterator[ExportRow]: ...
    def counts(self) -> StoreCounts: ...
    def findings(self, doc: str | None = None, kind: str | None = None,
                 lines: tuple[int, int] | None = None) -> list[FindingRow]: ...
    def entries(self, doc: str | None = None, kind: str | None = None) -> list[EntryRow]: ...
    def markers(self, doc: str | None = None) -> list[MarkerRow]: ...
    def diagnostics(self, doc: str | None = None) -> list[tuple[str, str]]: ...
    def sources(self) -> list[SourceRow]: ...

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
    def suggestions(self, key: str | None = None, kind: str | None = None) -> list[SuggestionRow]: ...
    def suggested_keys(self, model: str, model_version: str, kind: str = "mt") -> set[str]: ...


class ProjectStore(BuildSink, ReviewStore, TMStore, SuggestionStore, Protocol):
    """Everything one backend provides."""
