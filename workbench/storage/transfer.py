"""Moving a project's store whole: between backends (`copy_store`), to and from a file
(`dump_store`, `restore_store`), verified by per-table counts and checksums.

Both backends hold the same tables and columns (what a backend computes aside: PostgreSQL's
stored columns and word counts follow the rows loaded),
so rows move table by table with their ids: history keeps pointing at its units.
Reviewer QA calls (`glossary/dismissed.tsv`) and settings files are tracked project
files, not store rows: they travel with the project directory.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .base import StoreError
from .sqlite import SQLiteStore

# Parents before children (foreign keys); every column a backend does not compute.
TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("id", "name", "sha256", "n_lines", "title", "built_at"),
    "segments": ("id", "doc_id", "idx", "kind", "article", "text", "line_start", "line_end",
                 "lines_json", "sentences_json"),
    "units": ("id", "key", "doc_name", "queue", "source", "mt", "text", "status", "origin", "version",
              "line_start", "line_end", "segment_index", "article", "context_json", "orphaned",
              "created_at", "updated_at", "note"),
    "history": ("id", "unit_id", "unit_key", "at", "who", "action", "old_text", "new_text",
                "old_status", "new_status", "detail_json"),
    "entries": ("id", "doc_id", "kind", "number", "number_printed", "article", "title", "title_lang",
                "authors_json", "year", "url", "pages", "publisher", "line_start", "line_end",
                "lines_json", "raw", "marker_line"),
    "markers": ("id", "doc_id", "number", "line", "col", "text", "style", "segment_index",
                "footnote_line", "sentence"),
    "diagnostics": ("id", "doc_id", "message"),
    "sources": ("id", "url"),
    "source_members": ("source_id", "doc_name", "kind", "number", "line_start", "title"),
    "findings": ("id", "doc_name", "line", "col", "found", "term", "kind", "suggestion", "context"),
    "tm": ("id", "source", "target", "origin", "tuid", "imported_at", "source_lang", "target_lang",
           "source_codes", "target_codes"),
    "suggestions": ("id", "unit_id", "kind", "text", "model", "model_version", "detail_json",
                    "created_at"),
    "settings": ("key", "value_json", "updated_at"),
}
DUMP_FORMAT = "workbench-store-dump"
DUMP_VERSION = 1


@dataclass(frozen=True, slots=True)
class TableCheck:
    """A table's row count and a checksum of its rows in a canonical order."""

    table: str
    rows: int
    sha256: str


def _select(table: str) -> str:
    return f"SELECT {', '.join(TABLES[table])} FROM {table}"


def _canonical(row: Iterable[Any]) -> bytes:
    return json.dumps(list(row), ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def table_rows(store: SQLiteStore, table: str) -> list[tuple[Any, ...]]:
    """A table's rows, sorted here: a server's collation may order text otherwise."""
    return sorted((tuple(r) for r in store._read(_select(table))), key=_canonical)


def verify(store: SQLiteStore) -> list[TableCheck]:
    """Counts and checksums of every table (the same rows give the same figures on
    either backend)."""
    out = []
    for table in TABLES:
        h = hashlib.sha256()
        rows = table_rows(store, table)
        for r in rows:
            h.update(_canonical(r))
        out.append(TableCheck(table, len(rows), h.hexdigest()))
    return out


def _require_empty(store: SQLiteStore) -> None:
    busy = [t for t in ("units", "documents", "tm") if store._read(f"SELECT count(*) FROM {t}")[0][0]]
    if busy:
        raise StoreError(f"{store.path}: the target store already holds data ({', '.join(busy)});"
                         " copy into an empty store")


def _load(store: SQLiteStore, tables: Iterator[tuple[str, list[tuple[Any, ...]]]]) -> None:
    """Rows into an empty store in one transaction, then what each backend derives."""
    from .postgres import PostgresStore

    pg = isinstance(store, PostgresStore)
    with store._tx() as c:
        for table, rows in tables:
            cols = TABLES[table]
            if rows:
                c.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES"
                              f" ({', '.join('?' * len(cols))})", rows)
            if pg and cols[0] == "id" and table != "sources":
                # identity columns continue after the ids copied in
                c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                          f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")
        if not pg:
            c.execute("INSERT INTO tm_fts (tm_fts) VALUES ('rebuild')")


def copy_store(src: SQLiteStore, dst: SQLiteStore) -> list[TableCheck]:
    """Every row of `src` into the empty `dst`; the checks, equal on both sides, or a
    StoreError naming the first table that differs."""
    _require_empty(dst)
    _load(dst, ((t, table_rows(src, t)) for t in TABLES))
    return _compare(verify(src), verify(dst), str(dst.path))


def _compare(want: list[TableCheck], got: list[TableCheck], where: str) -> list[TableCheck]:
    for a, b in zip(want, got, strict=True):
        if a != b:
            raise StoreError(f"{where}: table {a.table} differs after the copy "
                             f"({a.rows} rows expected, {b.rows} found; checksums {a.sha256[:12]} vs {b.sha256[:12]})")
    return got


def _open_text(path: Path, mode: str) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8")


def dump_store(store: SQLiteStore, path: Path) -> list[TableCheck]:
    """Every table as JSON lines (gzip when the name ends in .gz): a header with the
    checks, then one line per table."""
    checks = verify(store)
    with _open_text(path, "w") as f:
        f.write(json.dumps({"format": DUMP_FORMAT, "version": DUMP_VERSION,
                            "checks": [[c.table, c.rows, c.sha256] for c in checks]}) + "\n")
        for table in TABLES:
            f.write(json.dumps({"table": table, "columns": list(TABLES[table]),
                                "rows": table_rows(store, table)}, ensure_ascii=False) + "\n")
    return checks


def restore_store(path: Path, store: SQLiteStore) -> list[TableCheck]:
    """A dump into the empty `store`, verified against the dump's own checks."""
    try:
        with _open_text(path, "r") as f:
            head = json.loads(f.readline())
            if not isinstance(head, dict) or head.get("format") != DUMP_FORMAT:
                raise StoreError(f"{path}: not a workbench store dump")
            if head.get("version") != DUMP_VERSION:
                raise StoreError(f"{path}: dump version {head.get('version')} (this workbench reads {DUMP_VERSION})")
            want = [TableCheck(t, n, h) for t, n, h in head["checks"]]
            parts = [json.loads(line) for line in f]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, gzip.BadGzipFile, KeyError, ValueError) as e:
        raise StoreError(f"{path}: not a readable workbench store dump ({e})") from e
    by_table = {p["table"]: p for p in parts}
    if set(by_table) != set(TABLES) or any(by_table[t]["columns"] != list(TABLES[t]) for t in TABLES):
        raise StoreError(f"{path}: the dump's tables or columns are not this workbench's")
    _require_empty(store)
    _load(store, ((t, [tuple(r) for r in by_table[t]["rows"]]) for t in TABLES))
    return _compare(want, verify(store), str(path))
