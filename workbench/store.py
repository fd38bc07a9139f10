"""The project store, as earlier imports name it: see `workbench.storage`.

`Store` is the SQLite backend; new code types against the interfaces in
`workbench.storage.base` and opens a store with `workbench.storage.open_store`.
"""

from __future__ import annotations

from pathlib import Path

from .reattach import REATTACH_MIN_RATIO
from .storage.base import (
    REVIEWER_FIELDS,
    ConflictError,
    DocumentRow,
    HistoryRow,
    RebuildReport,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreUnavailable,
    UnitIndexRow,
    UnitNotFound,
    UnitRow,
)
from .storage.schema import MIGRATIONS, SCHEMA_VERSION
from .storage.sqlite import (
    BUSY_TIMEOUT_MS,
    DB_DIR,
    DB_NAME,
    PROJECT_SUBDIRS,
    SQLITE_MAGIC,
    SQLiteStore,
)


class Store(SQLiteStore):
    """`Store.open(project)` opens the project's chosen store (see storage.location)."""

    @classmethod
    def open(cls, project_dir: Path | str, create: bool = True, readonly: bool = False) -> SQLiteStore:
        from .storage import open_store

        return open_store(project_dir, create=create, readonly=readonly)

__all__ = [
    "BUSY_TIMEOUT_MS", "DB_DIR", "DB_NAME", "MIGRATIONS", "PROJECT_SUBDIRS", "REATTACH_MIN_RATIO",
    "REVIEWER_FIELDS", "SCHEMA_VERSION", "SQLITE_MAGIC", "ConflictError", "DocumentRow",
    "HistoryRow", "RebuildReport", "SQLiteStore", "Store", "StoreBusy", "StoreError", "StoreFull",
    "StoreUnavailable", "UnitIndexRow", "UnitNotFound", "UnitRow",
]
