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
from .location import check_url, configured_url, is_server
from .sqlite import SQLiteStore

__all__ = [
    "REVIEWER_FIELDS", "BuildSink", "ConflictError", "DocumentRow", "EntryRow", "ExportRow",
    "FindingRow", "HistoryRow", "MarkerRow", "ProjectStore", "RebuildReport", "ReviewStore",
    "SQLiteStore", "SourceMemberRow", "SourceRow", "StoreBusy", "StoreCounts", "StoreError",
    "StoreFull", "StoreUnavailable", "SuggestionRow", "SuggestionStore", "TMEntry", "TMRow",
    "TMStore", "UnitCounts", "UnitIndexRow", "UnitNotFound", "UnitRow", "check_url", "open_store",
]

def open_store(project_or_url: Path | str, create: bool = True, readonly: bool = False,
               url: str | None = None) -> SQLiteStore:
    """The store of a project directory: the one `url` names, else the project's chosen
    store (`location.configured_url`: `--store`, WORKBENCH_STORE, workbench.toml), else
    its own SQLite file. A bare URL (`sqlite:///path/to/project`, `postgresql://...`)
    opens that store for the current directory's project."""
    target = str(project_or_url)
    project: Path | str = project_or_url
    if "://" in target and not Path(target).exists():
        url, project = check_url(target), Path.cwd()
    if url is None:
        url = configured_url(project)
    if url is None:
        return SQLiteStore.open(project, create=create, readonly=readonly)
    if is_server(url):
        from .postgres import (
            PostgresStore,  # psycopg (the [server] extra) only when used
        )

        return PostgresStore.open(project, create=create, readonly=readonly, url=url)
    return SQLiteStore.open(url.partition("://")[2], create=create, readonly=readonly)
