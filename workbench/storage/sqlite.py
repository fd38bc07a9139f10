"""SQLite backend of the store: the only module that holds state.

A project is a directory with `corpus/`, `glossary/`, `alignments/` and
`.workbench/workbench.db`. Every public write is one `BEGIN IMMEDIATE` transaction, so
concurrent processes serialise instead of interleaving, and every reviewer action
appends a `history` row (the table refuses UPDATE and DELETE). A reviewer action names
the unit version it was based on (`expected_version`, ConflictError when stale) or asks
for `blind_write=True` by name: a stale read never overwrites work by default.

Unit identity: a unit row's `id` is permanent; its `key` is a label that a rebuild may
move (re-attachment re-keys the reviewer's row instead of copying its work), so
`history.unit_id` never needs rewriting.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import SEGMENT_KINDS, UNIT_STATUSES, Document, Segment, Sentence, UnitSeed
from ..reattach import pair_up, plan_reattachment
from . import schema
from .base import (
    REVIEWER_FIELDS,
    Change,
    ConflictError,
    DocumentRow,
    EntryIn,
    EntryRow,
    ExportRow,
    FindingIn,
    FindingRow,
    HistoryRow,
    MarkerIn,
    MarkerRow,
    RebuildReport,
    SourceIn,
    SourceMemberRow,
    SourceRow,
    StoreBusy,
    StoreCounts,
    StoreError,
    StoreFull,
    StoreUnavailable,
    SuggestionRow,
    TMEntry,
    TMRow,
    UnitCounts,
    UnitIndexRow,
    UnitNotFound,
    UnitRow,
)

if TYPE_CHECKING:
    from .base import ProjectStore

DB_DIR = ".workbench"
DB_NAME = "workbench.db"
PROJECT_SUBDIRS = ("glossary", "alignments")
BUSY_TIMEOUT_MS = 5000

# sqlite3 result codes (the primary code is the low byte of an extended one).
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_FULL_CODES = {13}  # SQLITE_FULL
_UNAVAILABLE_CODES = {8, 10, 11, 14, 26}  # READONLY, IOERR, CORRUPT, CANTOPEN, NOTADB


def _store_error(path: Path, e: sqlite3.Error, prefix: str = "") -> StoreError:
    """The StoreError subclass a caller can act on: retry (busy), free space (full),
    or keep the work elsewhere (unavailable). Test doubles raise bare messages, so the
    message is looked at when the error carries no result code."""
    code = getattr(e, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    msg = str(e).lower()
    if primary in _BUSY_CODES or (primary is None and ("locked" in msg or "busy" in msg)):
        cls: type[StoreError] = StoreBusy
    elif primary in _FULL_CODES or (primary is None and "full" in msg):
        cls = StoreFull
    elif primary in _UNAVAILABLE_CODES or (primary is None and any(
            w in msg for w in ("i/o error", "readonly", "unable to open", "malformed", "not a database"))):
        cls = StoreUnavailable
    else:
        cls = StoreError
    return cls(f"{path}: {prefix}{e}")


POLL_S = 0.1  # live updates: a change shows within this (and the reader's refresh)
RARE_POSTINGS = 5000  # a ranked concordance query reads at most about this many index entries



_UNIT_SELECT = (
    "SELECT u.*, (SELECT count(*) FROM history h WHERE h.unit_id = u.id) AS history_count "
    "FROM units u"
)
_UNIT_ORDER = " ORDER BY u.doc_name, u.segment_index, u.line_start, u.id"


def _unit(r: sqlite3.Row) -> UnitRow:
    return UnitRow(
        id=r["id"], key=r["key"], file=r["doc_name"], queue=r["queue"], source=r["source"],
        mt=r["mt"], text=r["text"], status=r["status"], origin=r["origin"],
        version=r["version"], line_start=r["line_start"], line_end=r["line_end"],
        segment_index=r["segment_index"], article=r["article"],
        context=json.loads(r["context_json"]), orphaned=bool(r["orphaned"]), note=r["note"],
        history_count=r["history_count"], created_at=r["created_at"],
        updated_at=r["updated_at"],
    )


def _conditions(*pairs: tuple[str, Any]) -> tuple[str, list[Any]]:
    """` WHERE col = ? AND ...` for the filters given (None: no filter), spelled out so
    both backends use their indexes and know every parameter's type."""
    given = [(col, val) for col, val in pairs if val is not None]
    if not given:
        return "", []
    return " WHERE " + " AND ".join(f"{col} = ?" for col, _ in given), [val for _, val in given]


def _bad_status(status: str) -> str:
    return f"unknown status {status!r} (expected one of {', '.join(UNIT_STATUSES)})"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _seed_fields(seed: UnitSeed) -> dict[str, Any]:
    return {
        "source": seed.source, "mt": seed.mt, "line_start": seed.line_start,
        "line_end": seed.line_end, "segment_index": seed.segment_index,
        "article": seed.article,
        "context_json": json.dumps(seed.context, ensure_ascii=False, sort_keys=True),
    }


# --- opening ----------------------------------------------------------------------

SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_database_file(db: Path) -> None:
    """Refuse what SQLite would silently take for a new, empty database (a truncated
    file) and what is no SQLite database at all, before connecting."""
    try:
        with db.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise StoreError(f"{db}: cannot read ({e.strerror})") from e
    if not head:
        raise StoreError(f"{db}: empty file where the workbench database should be (truncated?);"
                         " move it away, then `workbench build` starts a new store")
    if head != SQLITE_MAGIC:
        raise StoreError(f"{db}: not a database (no SQLite header: a foreign file where the"
                         " workbench database should be)")


def _history_row(r: sqlite3.Row) -> HistoryRow:
    return HistoryRow(
        id=r["id"], unit_id=r["unit_id"], unit_key=r["unit_key"], at=r["at"],
        who=r["who"], action=r["action"], old_text=r["old_text"],
        new_text=r["new_text"], old_status=r["old_status"], new_status=r["new_status"],
        detail=json.loads(r["detail_json"]) if r["detail_json"] else None,
    )


def _connect(db: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(
            db, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as e:
        raise StoreError(f"{db}: cannot open database ({e})") from e


def _connect_readonly(db: Path) -> sqlite3.Connection:
    """A connection to a database the user may not write. In WAL mode even a reader
    needs the `-shm` file; where it cannot be created (a read-only project) the database
    is opened as immutable, which is only right when no `-wal` file holds changes it
    would miss."""
    uri = db.resolve().as_uri()

    def connect(query: str) -> sqlite3.Connection:
        conn = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None, check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    try:
        return connect("mode=ro")
    except sqlite3.DatabaseError as e:
        first = e
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(f"{db}: cannot open read-only ({first}); its -wal file holds changes,"
                         " open the project once with write access")
    try:
        return connect("mode=ro&immutable=1")
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{db}: cannot open database ({e})") from e


# --- store ------------------------------------------------------------------------

class SQLiteStore:
    """Handle on one project's database. Thread-safe (one lock, one connection), so a
    TUI can call it from worker threads; other processes are serialised by SQLite."""

    def __init__(self, project_dir: Path, conn: sqlite3.Connection) -> None:
        self.project_dir = project_dir
        self.path = project_dir / DB_DIR / DB_NAME
        self._conn = conn
        self._lock = threading.RLock()
        self.readonly = False
        try:  # which file the connection writes to (see _check_file)
            st = os.stat(self.path)
            self._file_id: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except OSError:
            self._file_id = None

    @classmethod
    def open(cls, project_dir: Path | str, create: bool = True, readonly: bool = False) -> SQLiteStore:
        """The project's store. `create`: make it when there is none (only `build` does).
        `readonly`: write nothing, not even a migration (read commands; works on a project
        the user may not write). A zero-byte or foreign file where the database should
        be is refused, never taken for a new store."""
        project = Path(project_dir)
        if not project.is_dir():
            what = "not a directory" if project.exists() else "project directory does not exist"
            raise StoreError(f"{project}: {what}")
        db = project / DB_DIR / DB_NAME
        create = create and not readonly
        if create:
            for d in (DB_DIR, *PROJECT_SUBDIRS):
                try:
                    (project / d).mkdir(exist_ok=True)
                except OSError as e:  # e.g. a plain file named "glossary"
                    raise StoreError(
                        f"{project / d}: cannot create directory ({e.strerror})"
                    ) from e
        if db.exists() and not db.is_file():
            raise StoreError(f"{db}: not a file")
        if db.exists():
            _check_database_file(db)
        elif not create:
            raise StoreError(f"{db}: no workbench database here (run `workbench build` first)")
        if readonly and not (os.access(db, os.W_OK) and os.access(db.parent, os.W_OK)):
            conn = _connect_readonly(db)
        else:
            conn = _connect(db)
            if readonly:  # a read-write handle, so SQLite tidies its -wal and -shm on close
                conn.execute("PRAGMA query_only = ON")
        store = cls(project, conn)
        store.readonly = readonly
        try:
            store._setup(create)
        except BaseException:
            conn.close()
            raise
        return store

    def _setup(self, create: bool) -> None:
        c = self._conn
        c.row_factory = sqlite3.Row
        try:
            c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            c.execute("PRAGMA foreign_keys = ON")  # a no-op inside a transaction: set first
            version = c.execute("PRAGMA user_version").fetchone()[0]  # reads the header
            self._refuse_newer(version)
            tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable workbench database ({e})") from e
        if (version == 0 and (tables or not create)) or (version > 0 and "units" not in tables):
            # an SQLite file of some other program, or an empty one a read must not turn into a store
            raise StoreError(f"{self.path}: an SQLite database, but not a workbench store")
        if self.readonly:
            if version < schema.SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema v{version} is older than this workbench's"
                                 f" v{schema.SCHEMA_VERSION}; run `workbench build` once to upgrade it")
            return
        try:
            c.execute("PRAGMA journal_mode = WAL")  # persistent; readers never block writers
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable workbench database ({e})") from e
        # One transaction per migration, re-reading the version under the write lock in
        # case another process migrated meanwhile.
        while True:
            with self._tx() as c:
                version = c.execute("PRAGMA user_version").fetchone()[0]
                self._refuse_newer(version)
                if version == schema.SCHEMA_VERSION:
                    return
                try:
                    schema.MIGRATIONS[version](c)
                except sqlite3.Error as e:
                    raise StoreError(
                        f"{self.path}: migration to schema v{version + 1} failed ({e})"
                    ) from e
                c.execute(f"PRAGMA user_version = {version + 1}")

    def _refuse_newer(self, version: int) -> None:
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: created by a newer workbench "
                f"(schema v{version}, this version knows v{schema.SCHEMA_VERSION})"
            )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    # --- plumbing -----------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so a conflicting writer waits (up to
        the busy timeout) instead of failing halfway."""
        with self._lock:
            c = self._conn
            self._check_file()
            try:
                c.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise _store_error(self.path, e, "cannot start a write: ") from e
            try:
                yield c
                c.execute("COMMIT")
            except BaseException as e:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise _store_error(self.path, e) from e
                raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as e:
                raise _store_error(self.path, e) from e

    def _check_file(self) -> None:
        """A write into a database file that was deleted or replaced under the open
        connection would "succeed" into a file nobody will read again: refuse it."""
        if self._file_id is None:
            return
        try:
            st = os.stat(self.path)
        except OSError:
            raise StoreUnavailable(f"{self.path}: the database file is gone") from None
        if (st.st_dev, st.st_ino) != self._file_id:
            raise StoreUnavailable(f"{self.path}: the database file was replaced by another one")

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another connection's lock before StoreBusy (an
        interactive caller prefers failing fast and retrying to freezing)."""
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    @staticmethod
    def _get(c: sqlite3.Connection, key: str) -> UnitRow | None:
        r = c.execute(_UNIT_SELECT + " WHERE u.key = ?", (key,)).fetchone()
        return _unit(r) if r else None

    @staticmethod
    def _log(
        c: sqlite3.Connection, unit: UnitRow, who: str, action: str, *, key: str | None = None,
        new_text: str | None = None, new_status: str | None = None, detail: dict[str, Any] | None = None,
    ) -> None:
        c.execute(
            "INSERT INTO history (unit_id, unit_key, at, who, action, old_text, new_text,"
            " old_status, new_status, detail_json) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                unit.id, key or unit.key, _now(), who, action, unit.text,
                unit.text if new_text is None else new_text, unit.status,
                new_status or unit.status,
                None if detail is None else json.dumps(detail, ensure_ascii=False),
            ),
        )

    def _orphan(self, c: sqlite3.Connection, unit: UnitRow, reason: str) -> None:
        if unit.orphaned:
            return  # already reported and logged by an earlier build
        c.execute(  # not a reviewer field: the version stays (an open editor may still save)
            "UPDATE units SET orphaned = 1, updated_at = ? WHERE id = ?",
            (_now(), unit.id),
        )
        self._log(c, unit, "build", "orphan", detail={"reason": reason})

    # --- build --------------------------------------------------------------------

    def ingest(
        self, doc: Document, segments: list[Segment], units: list[UnitSeed],
        entries: Iterable[EntryIn] = (), markers: Iterable[MarkerIn] = (), diagnostics: Iterable[str] = (),
        renamed_from: str | None = None,
    ) -> RebuildReport:
        """Replace one document's segments and reconcile its units, in one transaction.

        Reviewer fields (text, status, origin, note) of a unit with reviewer work are
        never overwritten; a unit whose key vanished is re-attached by content (see
        `reattach.py`), or kept and flagged orphaned with the reason. `renamed_from`
        names a vanished document recognised as this one: its units are reconciled
        with this document's."""
        self._check_ingest(doc, segments, units)
        now = _now()
        report = RebuildReport(doc=doc.name, renamed_from=renamed_from)
        with self._tx() as c:
            doc_id = c.execute(
                "INSERT INTO documents (name, sha256, n_lines, title, built_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256,"
                " n_lines = excluded.n_lines, title = excluded.title, built_at = excluded.built_at"
                " RETURNING id",
                (doc.name, doc.sha256, doc.n_lines, doc.title, now),
            ).fetchone()[0]
            c.execute("DELETE FROM segments WHERE doc_id = ?", (doc_id,))
            c.executemany(
                "INSERT INTO segments (doc_id, idx, kind, article, text, line_start, line_end,"
                " lines_json, sentences_json) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (
                        doc_id, s.index, s.kind, s.article, s.text, s.line_start, s.line_end,
                        json.dumps(list(s.lines)),
                        json.dumps(s.to_dict().get("sentences", []), ensure_ascii=False),
                    )
                    for s in segments
                ],
            )
            self._replace_notes(c, doc_id, entries, markers, diagnostics)

            stored = {
                r["key"]: r
                for r in c.execute(_UNIT_SELECT + " WHERE u.doc_name IN (?, ?)",
                                   (doc.name, renamed_from or doc.name))
            }
            existing = {k: _unit(r) for k, r in stored.items()}
            plan = plan_reattachment(list(existing.values()), units)
            new_rows = []
            for seed in units:
                fields = _seed_fields(seed)
                old = existing.get(seed.key)
                if old is None:
                    new_rows.append((seed.key, doc.name, seed.queue, seed.mt, "new", "mt", 1, now, now,
                                     *fields.values()))
                    continue
                if not old.has_reviewer_work:
                    fields["text"] = seed.mt  # pristine text follows the MT
                fields["queue"] = seed.queue
                fields["orphaned"] = 0  # its key came back
                current = {k: stored[seed.key][k] for k in fields}  # as read in this transaction
                if current != fields:
                    # The version guards what a reviewer edits: moved lines or a new
                    # context must not turn an open editor's next save into a conflict.
                    bump = int(any(current[k] != fields[k] for k in REVIEWER_FIELDS if k in fields))
                    c.execute(
                        f"UPDATE units SET {', '.join(f'{k} = ?' for k in fields)},"
                        " version = version + ?, updated_at = ? WHERE id = ?",
                        (*fields.values(), bump, now, old.id),
                    )
                    report.updated += 1
            if new_rows:  # one statement for every new unit (a bulk load on a server)
                cols = ("key", "doc_name", "queue", "text", "status", "origin", "version", "created_at",
                        "updated_at", *_seed_fields(units[0]))
                c.executemany(f"INSERT INTO units ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                              new_rows)

            for unit_id in plan.drop:
                c.execute("DELETE FROM units WHERE id = ?", (unit_id,))
                report.deleted += 1
            seeds = {s.key: s for s in units}
            by_id = {u.id: u for u in existing.values()}
            for move in plan.move:
                # Re-key the reviewer's row onto the new unit's place: its id, and so its
                # history, stay intact.
                old = by_id[move.old_id]
                seed = seeds[move.new_key]
                c.execute("DELETE FROM units WHERE key = ?", (move.new_key,))
                fields = _seed_fields(seed)
                c.execute(  # reviewer fields unchanged: same version (REVIEWER_FIELDS)
                    f"UPDATE units SET key = ?, doc_name = ?, {', '.join(f'{k} = ?' for k in fields)},"
                    " orphaned = 0, updated_at = ? WHERE id = ?",
                    (move.new_key, doc.name, *fields.values(), now, old.id),
                )
                self._log(c, old, "build", "reattach", key=move.new_key, detail={
                    "old_key": old.key, "new_key": move.new_key, "ratio": move.ratio,
                    "how": move.how, "old_mt": old.mt, "new_mt": seed.mt,
                })
                report.reattached.append((old.key, move.new_key))
                report.scores[move.new_key] = (move.ratio, move.how)
            for split in plan.split:
                # The reviewer's row takes the first part (re-keyed, as a move), the
                # later parts (new pristine units) their share of its text and status.
                old = by_id[split.old_id]
                (first, first_text, first_status), *rest = split.parts
                c.execute("DELETE FROM units WHERE key = ?", (first,))
                fields = _seed_fields(seeds[first])
                changed = int((first_text, first_status) != (old.text, old.status))
                c.execute(
                    f"UPDATE units SET key = ?, doc_name = ?, text = ?, status = ?,"
                    f" {', '.join(f'{k} = ?' for k in fields)}, orphaned = 0,"
                    " version = version + ?, updated_at = ? WHERE id = ?",
                    (first, doc.name, first_text, first_status, *fields.values(), changed, now, old.id),
                )
                detail = {"old_key": old.key, "parts": [p[0] for p in split.parts], "ratio": split.ratio,
                          "how": split.how, "old_mt": old.mt}
                self._log(c, old, "build", "reattach", key=first, new_text=first_text,
                          new_status=first_status, detail=detail)
                for key, text, status in rest:
                    part = self._get(c, key)
                    assert part is not None  # a pristine unit of this build
                    c.execute(
                        "UPDATE units SET text = ?, status = ?, origin = ?, version = version + 1,"
                        " updated_at = ? WHERE id = ?", (text, status, old.origin, now, part.id),
                    )
                    self._log(c, part, "build", "reattach", new_text=text, new_status=status,
                              detail=detail)
                for key, _, _ in split.parts:
                    report.reattached.append((old.key, key))
                    report.scores[key] = (split.ratio, split.how)
            for unit_id in plan.orphan:
                reason = plan.why.get(unit_id, "sentence not found in rebuild")
                if by_id[unit_id].file != doc.name:  # the renamed book's orphan is listed with it
                    c.execute("UPDATE units SET doc_name = ? WHERE id = ?", (doc.name, unit_id))
                self._orphan(c, by_id[unit_id], reason)
                report.orphaned.append(by_id[unit_id].key)
                report.reasons[by_id[unit_id].key] = reason
            report.inserted = len(plan.insert)
        return report

    @staticmethod
    def _replace_notes(c: sqlite3.Connection, doc_id: int, entries: Iterable[EntryIn],
                       markers: Iterable[MarkerIn], diagnostics: Iterable[str]) -> None:
        """Footnotes, markers and diagnostics are pipeline output: replaced whole."""
        for table in ("entries", "markers", "diagnostics"):
            c.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        c.executemany(
            "INSERT INTO entries (doc_id, kind, number, number_printed, article, title, title_lang,"
            " authors_json, year, url, pages, publisher, line_start, line_end, lines_json, raw,"
            " marker_line) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (doc_id, e.kind, e.number, e.number_printed, e.article, e.title, e.title_lang,
                 json.dumps(e.authors, ensure_ascii=False), e.year, e.url, e.pages, e.publisher,
                 e.line_start, e.line_end, json.dumps(list(e.lines)), e.raw, e.marker_line)
                for e in entries
            ],
        )
        c.executemany(
            "INSERT INTO markers (doc_id, number, line, col, text, style, segment_index,"
            " footnote_line, sentence) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (doc_id, m.number, m.line, m.col, m.text, m.style, m.segment_index,
                 m.footnote_line, m.sentence)
                for m in markers
            ],
        )
        c.executemany(
            "INSERT INTO diagnostics (doc_id, message) VALUES (?, ?)",
            [(doc_id, d) for d in diagnostics],
        )

    def replace_sources(self, sources: Iterable[SourceIn]) -> int:
        """Store the clusters of entries citing one source (all books at once)."""
        n = 0
        with self._tx() as c:
            c.execute("DELETE FROM source_members")
            c.execute("DELETE FROM sources")
            for src in sources:
                c.execute("INSERT INTO sources (id, url) VALUES (?, ?)", (src.id, src.url))
                c.executemany(
                    "INSERT INTO source_members (source_id, doc_name, kind, number, line_start, title)"
                    " VALUES (?,?,?,?,?,?)",
                    [(src.id, m.file, m.kind, m.number, m.line_start, m.title) for m in src.members],
                )
                n += 1
        return n

    def replace_findings(self, doc: str, findings: Iterable[FindingIn]) -> int:
        """A book's QA findings, replaced whole (they are pipeline output)."""
        rows = [(doc, f.line, f.col, f.found, f.term, f.kind, f.suggestion, f.context) for f in findings]
        with self._tx() as c:
            c.execute("DELETE FROM findings WHERE doc_name = ?", (doc,))
            c.executemany(
                "INSERT INTO findings (doc_name, line, col, found, term, kind, suggestion, context)"
                " VALUES (?,?,?,?,?,?,?,?)", rows)
        return len(rows)

    def replace_findings_of_kind(self, kind: str, findings: Iterable[FindingIn]) -> int:
        """Every finding of one kind, across books, replaced whole (one transaction)."""
        rows = [(f.file, f.line, f.col, f.found, f.term, kind, f.suggestion, f.context) for f in findings]
        with self._tx() as c:
            c.execute("DELETE FROM findings WHERE kind = ?", (kind,))
            c.executemany(
                "INSERT INTO findings (doc_name, line, col, found, term, kind, suggestion, context)"
                " VALUES (?,?,?,?,?,?,?,?)", rows)
        return len(rows)

    def findings(self, doc: str | None = None, kind: str | None = None,
                 lines: tuple[int, int] | None = None) -> list[FindingRow]:
        # Conditions spelled out (not `? IS NULL OR ...`) so SQLite can use the indexes.
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        for cond, val in (("doc_name = ?", doc), ("kind = ?", kind)):
            if val is not None:
                where.append(cond)
                params.append(val)
        if lines:
            where.append("line BETWEEN ? AND ?")
            params += list(lines)
        sql = ("SELECT doc_name AS file, line, col, found, term, kind, suggestion, context FROM findings"
               " WHERE " + " AND ".join(where))
        return [FindingRow(*r) for r in self._read(sql + " ORDER BY doc_name, line, col", params)]

    def add_tm(self, pairs: Iterable[tuple[str, str, str | None]], origin: str) -> int:
        """Imported translation units (source, target, tuid), one transaction; duplicates skipped."""
        return self.add_tm_entries(((s, t, tuid, "", "", "", "") for s, t, tuid in pairs), origin)

    def add_tm_entries(self, entries: Iterable[TMEntry], origin: str) -> int:
        """Imported entries (source, target, tuid, source_lang, target_lang, source_codes,
        target_codes: codes as JSON text), streamed into one transaction; duplicates
        skipped. Returns the number of new rows."""
        now = _now()
        with self._tx() as c:
            before = c.execute("SELECT count(*) FROM tm").fetchone()[0]
            last = c.execute("SELECT coalesce(max(id), 0) FROM tm").fetchone()[0]
            c.executemany(
                "INSERT OR IGNORE INTO tm (source, target, origin, tuid, imported_at, source_lang,"
                " target_lang, source_codes, target_codes) VALUES (?,?,?,?,?,?,?,?,?)",
                ((s, t, origin, tuid, now, sl, tl, sc, tc) for s, t, tuid, sl, tl, sc, tc in entries),
            )
            c.execute("INSERT INTO tm_fts (rowid, source) SELECT id, source FROM tm WHERE id > ?", (last,))
            return int(c.execute("SELECT count(*) FROM tm").fetchone()[0]) - int(before)

    def tm_rows(self, ids: Iterable[int] | None = None) -> list[TMRow]:
        """Translation-memory rows with their languages and codes (all, or these ids), by id."""
        sql = ("SELECT id, source, target, origin, tuid, source_lang, target_lang, source_codes,"
               " target_codes FROM tm")
        if ids is None:
            return [TMRow(*r) for r in self._read(sql + " ORDER BY id")]
        ids = list(ids)
        out = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out += [TMRow(*r) for r in self._read(
                sql + f" WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)]
        return out

    def tm_candidates(self, text: str, limit: int = 200) -> list[int]:
        """Ids of the memory rows most likely to match `text`: its exact source; rows holding
        all its words, or all but one; then the best (bm25) on its rarest words. Words no
        source holds are left out; common words never make every row a candidate."""
        ids = [r[0] for r in self._read("SELECT id FROM tm WHERE source = ? ORDER BY id LIMIT ?",
                                        (text, limit))]
        freq = self._tm_word_counts(text)
        words = sorted((w for w in freq if freq[w]), key=lambda w: (freq[w], w))[:12]
        if not words:
            return ids
        q = ['"' + w.replace('"', '""') + '"' for w in words]
        queries = [(" AND ".join(q), False)]
        if len(q) >= 3:  # all words but one, whichever it is
            queries.append((" OR ".join("(" + " AND ".join(q[:i] + q[i + 1:]) + ")" for i in range(len(q))), False))
        rare: list[str] = []
        postings = 0
        for w, term in zip(words, q, strict=False):  # the rarest words while they stay selective
            if rare and postings + freq[w] > RARE_POSTINGS:
                break
            rare.append(term)
            postings += freq[w]
        queries.append((" OR ".join(rare), True))
        seen = set(ids)
        for query, ranked in queries:
            if len(ids) >= limit:
                break
            sql = "SELECT rowid FROM tm_fts WHERE tm_fts MATCH ?" + (" ORDER BY bm25(tm_fts)" if ranked else "")
            for (rowid,) in self._read(sql + " LIMIT ?", (f"source : ({query})", limit)):
                if rowid not in seen:
                    seen.add(rowid)
                    ids.append(rowid)
        return ids[:limit]

    def tm_target_candidates(self, words: Sequence[str], limit: int = 200) -> list[int]:
        """Ids of memory rows whose target holds every one of `words` (case-insensitive
        for ASCII letters), for a concordance typed in the target language: the index
        covers sources only, so this one scans (stopping at `limit`)."""
        words = [w for w in dict.fromkeys(words) if len(w) > 1][:8]
        if not words:
            return []
        where = " AND ".join("target LIKE ? ESCAPE '\\'" for _ in words)
        pattern = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words]
        return [r[0] for r in self._read(f"SELECT id FROM tm WHERE {where} ORDER BY id LIMIT ?", (*pattern, limit))]

    def _tm_word_counts(self, text: str) -> dict[str, int]:
        """Words of `text` (lower case) -> how many memory sources hold them. One lookup per
        word (fts5vocab answers `term = ?` from its index), as written or without accents
        (the index's tokenizer folds some)."""

        out: dict[str, int] = {}
        for w in sorted({w.lower() for w in re.findall(r"\w+", text) if len(w) > 1})[:64]:
            bare = "".join(ch for ch in unicodedata.normalize("NFD", w) if not unicodedata.combining(ch))
            n = 0
            for form in dict.fromkeys((w, bare)):
                row = self._read("SELECT doc FROM tm_vocab WHERE term = ?", (form,))
                if row:
                    n = row[0][0]
                    break
            out[w] = n
        return out

    def add_suggestions(self, rows: Iterable[tuple[str, str, str, str, dict[str, Any] | None]],
                        kind: str = "mt") -> int:
        """(unit key, text, model, model version, detail) rows in one transaction; a rerun
        of the same model version replaces its earlier suggestion for the unit."""
        now = _now()
        n = 0
        with self._tx() as c:
            for key, text, model, version, detail in rows:
                r = c.execute("SELECT id FROM units WHERE key = ?", (key,)).fetchone()
                if r is None:
                    raise StoreError(f"{self.path}: no unit with key {key}")
                c.execute(
                    "INSERT OR REPLACE INTO suggestions"
                    " (unit_id, kind, text, model, model_version, detail_json, created_at)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (r[0], kind, text, model, version,
                     json.dumps(detail, ensure_ascii=False) if detail else None, now))
                n += 1
        return n

    def suggestions(self, key: str | None = None, kind: str | None = None) -> list[SuggestionRow]:
        """Suggestions of one unit (or all), newest first: key, kind, text, model,
        model_version, detail, created_at."""
        where, params = ["1 = 1"], []
        for cond, val in (("u.key = ?", key), ("s.kind = ?", kind)):
            if val is not None:  # spelled out so SQLite uses the key index
                where.append(cond)
                params.append(val)
        rows = self._read(
            "SELECT u.key, s.kind, s.text, s.model, s.model_version, s.detail_json, s.created_at"
            " FROM suggestions s JOIN units u ON u.id = s.unit_id WHERE " + " AND ".join(where) +
            " ORDER BY u.key, s.created_at DESC, s.id DESC", params)
        return [SuggestionRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]) if r[5] else None, r[6])
                for r in rows]

    def suggested_keys(self, model: str, model_version: str, kind: str = "mt") -> set[str]:
        """Keys of units that already have a suggestion from this model version."""
        return {r[0] for r in self._read(
            "SELECT u.key FROM suggestions s JOIN units u ON u.id = s.unit_id"
            " WHERE s.kind = ? AND s.model = ? AND s.model_version = ?", (kind, model, model_version))}

    def setting(self, key: str, default: Any = None) -> Any:
        rows = self._read("SELECT value_json FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        with self._tx() as c:
            c.execute("INSERT INTO settings (key, value_json, updated_at) VALUES (?,?,?)"
                      " ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json,"
                      " updated_at = excluded.updated_at",
                      (key, json.dumps(value, ensure_ascii=False), _now()))

    def tm_entries(self, srclang: str | None = None, tgtlang: str | None = None) -> list[tuple[str, str, str]]:
        """(source, target, origin) of the memory; with languages (primary subtags), only
        the entries in them (and those imported before languages were recorded)."""
        where, params = [], []
        for col, lang in (("source_lang", srclang), ("target_lang", tgtlang)):
            if lang:
                where.append(f"({col} = '' OR lower({col}) = ? OR lower({col}) LIKE ?)")
                params += [lang.lower(), lang.lower() + "-%"]
        sql = "SELECT source, target, origin FROM tm" + (" WHERE " + " AND ".join(where) if where else "")
        return [(r[0], r[1], r[2]) for r in self._read(sql + " ORDER BY id", params)]

    def entries(self, doc: str | None = None, kind: str | None = None) -> list[EntryRow]:
        sql = ("SELECT e.id, d.name, e.kind, e.number, e.number_printed, e.article, e.title,"
               " e.title_lang, e.authors_json, e.year, e.url, e.pages, e.publisher, e.line_start,"
               " e.line_end, e.lines_json, e.raw, e.marker_line"
               " FROM entries e JOIN documents d ON d.id = e.doc_id")
        where, params = _conditions(("d.name", doc), ("e.kind", kind))
        return [EntryRow(
            id=r[0], file=r[1], kind=r[2], number=r[3], number_printed=r[4], article=r[5],
            title=r[6], title_lang=r[7], authors=tuple(json.loads(r[8])), year=r[9], url=r[10],
            pages=r[11], publisher=r[12], line_start=r[13], line_end=r[14],
            lines=tuple(json.loads(r[15])), raw=r[16], marker_line=r[17],
        ) for r in self._read(sql + where + " ORDER BY d.name, e.line_start", params)]

    def markers(self, doc: str | None = None) -> list[MarkerRow]:
        sql = ("SELECT m.id, d.name, m.number, m.line, m.col, m.text, m.style, m.segment_index,"
               " m.footnote_line, m.sentence FROM markers m JOIN documents d ON d.id = m.doc_id")
        where, params = _conditions(("d.name", doc))
        return [MarkerRow(*r) for r in self._read(sql + where + " ORDER BY d.name, m.line, m.col", params)]

    def diagnostics(self, doc: str | None = None) -> list[tuple[str, str]]:
        sql = "SELECT d.name, g.message FROM diagnostics g JOIN documents d ON d.id = g.doc_id"
        where, params = _conditions(("d.name", doc))
        return [(r[0], r[1]) for r in self._read(sql + where + " ORDER BY d.name, g.id", params)]

    def sources(self) -> list[SourceRow]:
        rows = self._read("SELECT s.id, s.url, m.doc_name, m.kind, m.number, m.line_start, m.title"
                          " FROM sources s JOIN source_members m ON m.source_id = s.id"
                          " ORDER BY s.id, m.doc_name, m.line_start")
        members: dict[tuple[int, str | None], list[SourceMemberRow]] = {}
        for r in rows:
            members.setdefault((r[0], r[1]), []).append(SourceMemberRow(*r[2:]))
        return [SourceRow(i, url, tuple(m)) for (i, url), m in members.items()]

    @staticmethod
    def _check_ingest(doc: Document, segments: list[Segment], units: list[UnitSeed]) -> None:
        for s in segments:
            if s.file != doc.name:
                raise StoreError(f"segment {s.index} belongs to {s.file}, not {doc.name}")
            if s.kind not in SEGMENT_KINDS:
                raise StoreError(f"{doc.name}: segment {s.index} has unknown kind {s.kind!r}")
        keys: set[str] = set()
        for u in units:
            if u.file != doc.name:
                raise StoreError(f"unit {u.key} belongs to {u.file}, not {doc.name}")
            if u.key in keys:
                raise StoreError(f"{doc.name}: duplicate unit key {u.key}")
            keys.add(u.key)

    def remove_missing_documents(self, names_present: Iterable[str]) -> list[RebuildReport]:
        """Forget documents no longer in the corpus. Units with reviewer work are
        orphaned, never deleted."""
        present = set(names_present)
        reports = []
        with self._tx() as c:
            names = {r[0] for r in c.execute("SELECT name FROM documents")}
            names |= {r[0] for r in c.execute("SELECT DISTINCT doc_name FROM units")}
            for name in sorted(names - present):
                report = RebuildReport(doc=name)
                c.execute("DELETE FROM documents WHERE name = ?", (name,))  # cascades segments
                rows = c.execute(_UNIT_SELECT + " WHERE u.doc_name = ?", (name,)).fetchall()
                for u in map(_unit, rows):
                    if u.has_reviewer_work:
                        self._orphan(c, u, "document removed from corpus")
                        report.orphaned.append(u.key)
                    else:
                        c.execute("DELETE FROM units WHERE id = ?", (u.id,))
                        report.deleted += 1
                reports.append(report)
        return reports

    def build(
        self, docs: Iterable[tuple[Document, list[Segment], list[UnitSeed]]],
        remove_missing: bool = True,
    ) -> list[RebuildReport]:
        """Ingest every document (one transaction each), then drop the ones not seen."""
        reports, names = [], []
        for doc, segments, units in docs:
            reports.append(self.ingest(doc, segments, units))
            names.append(doc.name)
        if remove_missing:
            reports += self.remove_missing_documents(names)
        return reports

    # --- reviewer actions ---------------------------------------------------------

    def _act(
        self, key: str, who: str, expected_version: int | None, blind_write: bool, action: str,
        change: Callable[[UnitRow], dict[str, Any]],
    ) -> UnitRow:
        # Optimistic concurrency is the default: a write names the version it was based
        # on, and a stale one is refused. A blind write must be asked for by name.
        if blind_write == (expected_version is not None):
            raise TypeError(
                f"Store.{action}: give expected_version (the version the change is based on)"
                if not blind_write else
                f"Store.{action}: expected_version and blind_write=True exclude each other")
        if not who or not isinstance(who, str):
            raise StoreError("an action needs a non-empty `who`")
        with self._tx() as c:
            row = self._get(c, key)
            if row is None:
                raise UnitNotFound(self.path, key)
            if not blind_write and row.version != expected_version:
                raise ConflictError(row)
            fields = {k: v for k, v in change(row).items() if getattr(row, k) != v}
            if not fields:
                return row  # nothing changed, nothing recorded
            c.execute(
                f"UPDATE units SET {', '.join(f'{k} = ?' for k in fields)},"
                " version = version + 1, updated_at = ? WHERE id = ?",
                (*fields.values(), _now(), row.id),
            )
            detail = None
            if "note" in fields:
                detail = {"old_note": row.note, "new_note": fields["note"]}
            self._log(c, row, who, action, new_text=fields.get("text"),
                      new_status=fields.get("status"), detail=detail)
            return self._get(c, key)  # type: ignore[return-value]

    # Every reviewer action takes `expected_version`, the version of the row the change
    # was based on (ConflictError if the unit moved on since), or `blind_write=True`
    # where overwriting whatever is stored is the intent. Leaving both out is an error.

    def edit(self, key: str, new_text: str, who: str = "reviewer", *,
             expected_version: int | None = None, blind_write: bool = False) -> UnitRow:
        """Replace the unit's text; any edit makes it a 'draft' of reviewer origin."""
        if not isinstance(new_text, str) or not new_text.strip():
            raise StoreError(f"unit {key}: empty text (reject the unit or revert it instead)")
        return self._act(key, who, expected_version, blind_write, "edit",
                         lambda r: {"text": new_text, "status": "draft", "origin": "reviewer"}
                         if new_text != r.text else {})

    def set_status(self, key: str, status: str, who: str = "reviewer", *,
                   expected_version: int | None = None, blind_write: bool = False) -> UnitRow:
        if status not in UNIT_STATUSES:
            raise StoreError(_bad_status(status))
        return self._act(key, who, expected_version, blind_write, "status",
                         lambda r: {"status": status})

    def revert(self, key: str, who: str = "reviewer", *,
               expected_version: int | None = None, blind_write: bool = False) -> UnitRow:
        """Back to the machine translation, status 'new' (history keeps what was undone)."""
        return self._act(key, who, expected_version, blind_write, "revert",
                         lambda r: {"text": r.mt, "status": "new", "origin": "mt"})

    def set_note(self, key: str, note: str, who: str = "reviewer", *,
                 expected_version: int | None = None, blind_write: bool = False) -> UnitRow:
        return self._act(key, who, expected_version, blind_write, "note", lambda r: {"note": note})

    def set_aside(self, key: str, text: str, who: str, reason: str) -> UnitRow:
        """Keep a text the reviewer did not make the unit's (e.g. theirs lost a conflict)
        as a history row (action 'aside', `new_text` the kept text), without changing
        the unit or its version: history holds every text a reviewer wrote."""
        if not who or not isinstance(who, str):
            raise StoreError("an action needs a non-empty `who`")
        with self._tx() as c:
            row = self._get(c, key)
            if row is None:
                raise UnitNotFound(self.path, key)
            c.execute(
                "INSERT INTO history (unit_id, unit_key, at, who, action, old_text, new_text,"
                " old_status, new_status, detail_json) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (row.id, row.key, _now(), who, "aside", row.text, text, row.status, row.status,
                 json.dumps({"reason": reason}, ensure_ascii=False)))
            return self._get(c, key)  # type: ignore[return-value]

    # --- queries ------------------------------------------------------------------

    def units(self, queue: str | None = None, status: str | None = None,
              doc: str | None = None, orphaned: bool | None = None) -> list[UnitRow]:
        if status is not None and status not in UNIT_STATUSES:
            raise StoreError(_bad_status(status))
        where, params = [], []
        for col, val in (("queue", queue), ("status", status), ("doc_name", doc),
                         ("orphaned", None if orphaned is None else int(orphaned))):
            if val is not None:
                where.append(f"u.{col} = ?")
                params.append(val)
        sql = _UNIT_SELECT + (" WHERE " + " AND ".join(where) if where else "") + _UNIT_ORDER
        return [_unit(r) for r in self._read(sql, params)]

    def role(self) -> str | None:
        """A file store has no roles: whoever may write the file."""
        return None

    def unit_index(self, queue: str) -> list[UnitIndexRow]:
        """Light rows for a review list, in unit order."""
        return [UnitIndexRow(key=r[0], file=r[1], status=r[2], score=r[3], number=r[4],
                             source=r[5], text=r[6], version=r[7]) for r in self._read(
            "SELECT key, doc_name, status, json_extract(context_json, '$.score'),"
            " json_extract(context_json, '$.number'), source, text, version"
            " FROM units u WHERE queue = ?" + _UNIT_ORDER, (queue,))]

    def keys_with_findings(self) -> set[str]:
        """Units whose lines carry at least one QA finding."""
        return {r[0] for r in self._read(
            "SELECT u.key FROM units u WHERE EXISTS (SELECT 1 FROM findings f"
            " WHERE f.doc_name = u.doc_name AND f.line BETWEEN u.line_start AND u.line_end)")}

    def unit(self, key: str) -> UnitRow | None:
        rows = self._read(_UNIT_SELECT + " WHERE u.key = ?", (key,))
        return _unit(rows[0]) if rows else None

    def unit_by_id(self, unit_id: int) -> UnitRow | None:
        """The unit under its current key (ids are permanent, keys move on rebuild)."""
        rows = self._read(_UNIT_SELECT + " WHERE u.id = ?", (unit_id,))
        return _unit(rows[0]) if rows else None

    def successor(self, gone: UnitRow) -> UnitRow | None:
        """Where a rebuild put a unit that is no longer in the store: the same row under
        a new key (re-attached), or else the new unit a rebuild would have re-attached
        its work to (same book and queue, text at least REATTACH_MIN_RATIO similar,
        nearest line first). None when the unit is gone for good."""
        moved = self.unit_by_id(gone.id)
        if moved is not None:
            return moved
        candidates = [u for u in self.units(queue=gone.queue, doc=gone.file) if u.key != gone.key]
        pairs = pair_up([gone], candidates)
        return pairs[0][1] if pairs else None

    def history(self, key: str) -> list[HistoryRow]:
        """The unit's whole history, including actions taken under earlier keys."""
        rows = self._read(
            "SELECT h.* FROM history h JOIN units u ON u.id = h.unit_id"
            " WHERE u.key = ? ORDER BY h.id", (key,),
        )
        return [_history_row(r) for r in rows]

    # --- live updates -------------------------------------------------------------

    def change_cursor(self) -> int:
        """Where `changes_since` starts to report only what comes after now."""
        return self._count("SELECT coalesce(max(id), 0) FROM history")

    def changes_since(self, cursor: int, limit: int = 500) -> list[Change]:
        """Actions recorded after `cursor` (history ids: writers are serialised, so they
        grow in commit order), oldest first, with each unit's current key."""
        return [Change(r[0], r[1], r[2], r[3], r[4], r[5]) for r in self._read(
            "SELECT h.id, h.unit_id, u.key, h.who, h.action, h.at FROM history h"
            " JOIN units u ON u.id = h.unit_id WHERE h.id > ? ORDER BY h.id LIMIT ?", (cursor, limit))]

    def wait_for_changes(self, cursor: int, timeout: float) -> list[Change]:
        """The changes after `cursor`, waiting up to `timeout` seconds for one. SQLite has
        no notifications: `PRAGMA data_version` (changed by other connections' commits,
        a read of the file header) is polled, and the history read only when it moves."""
        deadline = time.monotonic() + timeout
        seen = None
        while True:
            version = self._count("PRAGMA data_version")
            if version != seen:
                seen = version
                got = self.changes_since(cursor)
                if got:
                    return got
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            time.sleep(min(POLL_S, left))

    def all_history(self) -> list[HistoryRow]:
        """Every unit's history, by unit then in order (for project-wide summaries)."""
        return [_history_row(r) for r in self._read("SELECT * FROM history ORDER BY unit_id, id")]

    def documents(self) -> list[DocumentRow]:
        return [
            DocumentRow(r["name"], r["sha256"], r["n_lines"], r["title"], r["built_at"])
            for r in self._read("SELECT * FROM documents ORDER BY name")
        ]

    def segments(self, doc: str) -> list[Segment]:
        rows = self._read(
            "SELECT s.* FROM segments s JOIN documents d ON d.id = s.doc_id"
            " WHERE d.name = ? ORDER BY s.idx", (doc,),
        )
        return [
            Segment(
                file=doc, index=r["idx"], kind=r["kind"], article=r["article"], text=r["text"],
                line_start=r["line_start"], line_end=r["line_end"],
                lines=tuple(json.loads(r["lines_json"])),
                sentences=tuple(Sentence(**s) for s in json.loads(r["sentences_json"])),
            )
            for r in rows
        ]

    def counts(self) -> StoreCounts:
        by_status = dict.fromkeys(UNIT_STATUSES, 0)
        by_status.update(self._counted("SELECT status, count(*) FROM units GROUP BY status"))
        return StoreCounts(
            documents=self._count("SELECT count(*) FROM documents"),
            segments=self._counted("SELECT kind, count(*) FROM segments GROUP BY kind ORDER BY kind"),
            units=UnitCounts(
                total=sum(by_status.values()),
                orphaned=self._count("SELECT count(*) FROM units WHERE orphaned = 1"),
                by_status=by_status,
                by_queue=self._counted("SELECT queue, count(*) FROM units GROUP BY queue ORDER BY queue"),
            ),
            entries=self._counted("SELECT kind, count(*) FROM entries GROUP BY kind ORDER BY kind"),
            markers=self._count("SELECT count(*) FROM markers"),
            sources=self._count("SELECT count(*) FROM sources"),
            sources_in_several_books=self._count(
                "SELECT count(*) FROM (SELECT source_id FROM source_members GROUP BY source_id"
                " HAVING count(DISTINCT doc_name) > 1) AS several"),
            diagnostics=self._count("SELECT count(*) FROM diagnostics"),
            findings=self._counted("SELECT kind, count(*) FROM findings GROUP BY kind ORDER BY kind"),
        )

    def _count(self, sql: str) -> int:
        return int(self._read(sql)[0][0])

    def _counted(self, sql: str) -> dict[str, int]:
        """{name: count} from a `SELECT name, count(*) ... GROUP BY name`."""
        return {r[0]: int(r[1]) for r in self._read(sql)}

    def iter_export(self, status: str = "all") -> Iterator[ExportRow]:
        """Units as exporters write them. `status`: 'all' or e.g. 'confirmed,approved'."""
        wanted = None
        if status.strip() != "all":
            wanted = [s.strip() for s in status.split(",") if s.strip()]
            bad = [s for s in wanted if s not in UNIT_STATUSES]
            if bad or not wanted:
                raise StoreError(
                    f"unknown status {', '.join(bad) or status!r}"
                    f" (expected 'all' or a comma list of {', '.join(UNIT_STATUSES)})"
                )
        sql = _UNIT_SELECT
        if wanted:
            sql += f" WHERE u.status IN ({', '.join('?' * len(wanted))})"
        # Fetched up front: a generator must not hold the lock between yields.
        for u in map(_unit, self._read(sql + _UNIT_ORDER, wanted or ())):
            yield ExportRow(
                key=u.key, file=u.file, queue=u.queue, source=u.source, mt=u.mt, text=u.text,
                status=u.status, origin=u.origin, line_start=u.line_start, line_end=u.line_end,
                article=u.article, history_count=u.history_count, orphaned=u.orphaned)


if TYPE_CHECKING:
    def _implements(s: SQLiteStore) -> ProjectStore:  # mypy checks the backend against the seam
        return s
