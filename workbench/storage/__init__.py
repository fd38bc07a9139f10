"""Persistence behind typed interfaces (`base`), one module per backend.

`open_store(project)` opens the project's store; callers type their parameter with the
narrowest interface they need (`BuildSink`, `ReviewStore`, `TMStore`, `SuggestionStore`).
"""

from __future__ import annotations

from pathlib import Path

from .base import (
    REVIEWER_FIELDS,
    BuildSink,
    ConflictError,
    DocumentRow,
    EntryRow,
    ExportRow,
    FindingRow,
    HistoryRow,
    MarkerRow,
    ProjectStore,
    RebuildReport,
    ReviewStore,
    SourceMemberRow,
    SourceRow,
    StoreBusy,
    StoreCounts,
    StoreError,
    StoreFull,
    StoreUnavailable,
    SuggestionRow,
    SuggestionStore,
    TMEntry,
    TMRow,
    TMStore,
    UnitCounts,
    UnitIndexRow,
    UnitNotFound,
    UnitRow,
)
from .sqlite import SQLiteStore

__all__ = [
    "REVIEWER_FIELDS", "BuildSink", "ConflictError", "DocumentRow", "EntryRow", "ExportRow",
    "FindingRow", "HistoryRow", "MarkerRow", "ProjectStore", "RebuildReport", "ReviewStore",
    "SQLiteStore", "SourceMemberRow", "SourceRow", "StoreBusy", "StoreCounts", "StoreError",
    "StoreFull", "StoreUnavailable", "SuggestionRow", "SuggestionStore", "TMEntry", "TMRow",
    "TMStore", "UnitCounts", "UnitIndexRow", "UnitNotFound", "UnitRow", "open_store",
]

_SCHEMES = ("sqlite",)


def open_store(project_or_url: Path | str, create: bool = True, readonly: bool = False) -> SQLiteStore:
    """The store of a project directory, or of a URL `sqlite:///path/to/project`.

    Other schemes (a team server) raise StoreError until their backend exists."""
    target = str(project_or_url)
    scheme, sep, rest = target.partition("://")
    if sep and not Path(target).exists():
        if scheme not in _SCHEMES:
            raise StoreError(f"{target}: no storage backend for {scheme}:// (known: "
                             + ", ".join(s + "://" for s in _SCHEMES) + ")")
        target = rest
    return SQLiteStore.open(target, create=create, readonly=readonly)
