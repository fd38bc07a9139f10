"""PostgreSQL backend of the store, for a review team on several machines.

The tables are the SQLite schema's (`schema_pg`), so this backend runs the SQLite
backend's queries and build logic through a connection adapter (`?` placeholders,
rows readable by name and position, plain multi-row inserts loaded with COPY) and
overrides only what the dialects do differently: the translation-memory search
(PostgreSQL full text, on the rarest words first), upserts, the JSON accessors, locks and errors.

Concurrency: every write transaction first takes the project's transaction-level
advisory lock, so writers are serialised exactly as SQLite's `BEGIN IMMEDIATE` does
(readers never wait), and a reviewer action compares the unit version it was based on
inside that transaction: a stale write is a ConflictError, never a lost update.

Connections follow libpq's conventions: any `postgresql://` URL or conninfo string,
`PGPASSWORD`/`.pgpass`, service files (`service=`), `sslmode`, `options=-csearch_path=...`
(a project per schema). psycopg 3 is the `[server]` extra and imported only here.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import schema_pg
from .base import (
    Change,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreUnavailable,
    TMEntry,
    UnitIndexRow,
)
from .sqlite import _UNIT_ORDER, PROJECT_SUBDIRS, RARE_POSTINGS, SQLiteStore, _now

if TYPE_CHECKING:
    import psycopg

    from .base import ProjectStore

CONNECT_TIMEOUT_S = 10
LOCK_TIMEOUT_MS = 5000
SCHEMES = ("postgresql", "postgres")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as e:
        raise StoreError("a PostgreSQL store needs psycopg 3: pip install -e '.[server]'") from e
    return psycopg


def display_url(url: str) -> str:
    """The URL or conninfo without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", re.sub(r"password\s*=\s*\S+", "password=***", url))


@lru_cache(maxsize=512)
def _placeholders(sql: str) -> str:
    """SQLite's `?` placeholders as psycopg's `%s` (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


_PLAIN_INSERT = re.compile(r"INSERT INTO (\w+) \(([\w, ]+)\) VALUES \((?:\?,?\s*)+\)$")


class _Row(tuple[Any, ...]):
    """A result row readable by position and by column name, as sqlite3.Row is."""

    names: dict[str, int]

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, str):
            return super().__getitem__(self.names[i])
        return super().__getitem__(i)

    def keys(self) -> list[str]:
        return list(self.names)


@lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[_Row]:
    """A row class per result shape: rows are made by tuple's own constructor (a long
    review list is thousands of rows), the names held once by the class."""
    return type("_Row", (_Row,), {"names": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor: Any) -> Any:
    return _row_class(tuple(d.name for d in cursor.description or ()))


class _Connection:
    """The part of a sqlite3.Connection the shared queries use, over psycopg."""

    def __init__(self, pg: psycopg.Connection[Any]) -> None:
        self.pg = pg

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if params:
            return self.pg.execute(_placeholders(sql), tuple(params))
        return self.pg.execute(sql)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        # A plain multi-row insert (a build's segments, entries, markers, findings) is a
        # bulk load: COPY sends every row in one stream instead of a round trip each.
        m = _PLAIN_INSERT.match(" ".join(sql.split()))
        with self.pg.cursor() as cur:
            if m:
                with cur.copy(f"COPY {m[1]} ({m[2]}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
            else:
                cur.executemany(_placeholders(sql), [tuple(r) for r in rows])

    def close(self) -> None:
        self.pg.close()


def _store_error(where: str, e: Exception, prefix: str = "") -> StoreError:
    psycopg = _psycopg()
    state = getattr(e, "sqlstate", None) or ""
    first = (str(e).strip().splitlines() or [type(e).__name__])[0]
    if state in ("55P03", "40P01", "40001"):  # lock timeout, deadlock, serialization
        cls: type[StoreError] = StoreBusy
    elif state.startswith("53"):  # insufficient resources: disk full, out of memory
        cls = StoreFull
    elif isinstance(e, psycopg.OperationalError) or state.startswith("08") or state == "25006":
        cls = StoreUnavailable  # connection lost, server gone, read-only transaction
    else:
        cls = StoreError
    return cls(f"{where}: {prefix}{first}")


def connect(url: str) -> psycopg.Connection[Any]:
    """A psycopg connection (autocommit: transactions are explicit), or StoreUnavailable
    in one line: refused, unknown host, bad password, no such database."""
    psycopg = _psycopg()
    try:
        return psycopg.connect(url, autocommit=True, row_factory=_row_factory,  # type: ignore[no-any-return]
                               connect_timeout=CONNECT_TIMEOUT_S, application_name="workbench")
    except psycopg.ProgrammingError as e:  # a malformed URL or conninfo
        raise StoreError(f"{display_url(url)}: not a PostgreSQL URL ({str(e).strip()})") from e
    except psycopg.Error as e:
        msg = " ".join(str(e).split())
        raise StoreUnavailable(f"{display_url(url)}: cannot connect ({msg})") from e


class PostgresStore(SQLiteStore):
    """Handle on one project's store in a PostgreSQL schema. Thread-safe (one lock, one
    connection), like the SQLite backend; other clients are serialised by the lock."""

    def __init__(self, project_dir: Path, url: str, pg: psycopg.Connection[Any]) -> None:
        self.project_dir = project_dir
        self.url = url
        self._where = display_url(url)
        self._pg = pg
        self._conn = _Connection(pg)  # type: ignore[assignment]
        self._lock = threading.RLock()
        self.readonly = False
        self._file_id = None
        self._listener: psycopg.Connection[Any] | None = None

    @property
    def path(self) -> str:  # type: ignore[override]
        return self._where

    @classmethod
    def open(cls, project_dir: Path | str, create: bool = True, readonly: bool = False,
             url: str = "") -> PostgresStore:
        """The project's store at `url`. `create`: make the tables when the schema has none
        (only `build` does); `readonly`: every transaction read-only, no migration."""
        project = Path(project_dir)
        if not project.is_dir():
            what = "not a directory" if project.exists() else "project directory does not exist"
            raise StoreError(f"{project}: {what}")
        create = create and not readonly
        if create:
            for d in (".workbench", *PROJECT_SUBDIRS):
                try:
                    (project / d).mkdir(exist_ok=True)
                except OSError as e:
                    raise StoreError(f"{project / d}: cannot create directory ({e.strerror})") from e
        pg = connect(url)
        store = cls(project, url, pg)
        store.readonly = readonly
        try:
            store._setup_pg(create)
        except BaseException:
            pg.close()
            raise
        return store

    def _setup_pg(self, create: bool) -> None:
        psycopg = _psycopg()
        c = self._conn
        try:
            c.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
            has = c.execute("SELECT to_regclass('schema_version') IS NOT NULL,"
                            " to_regclass('units') IS NOT NULL").fetchone()
        except psycopg.Error as e:
            raise _store_error(self._where, e) from e
        if not has[0] and has[1]:
            raise StoreError(f"{self._where}: a units table, but not a workbench store")
        if not has[0] and not create:
            raise StoreError(f"{self._where}: no workbench database in this schema"
                             " (run `workbench build` first)")
        if self.readonly:
            version = self.schema_version
            self._refuse_newer(version)
            if version < schema_pg.SCHEMA_VERSION:
                raise StoreError(f"{self._where}: schema v{version} is older than this workbench's"
                                 f" v{schema_pg.SCHEMA_VERSION}; run `workbench build` once to upgrade it")
            c.execute("SET default_transaction_read_only = on")
            return
        if has[0] and self.schema_version == schema_pg.SCHEMA_VERSION:
            return  # up to date: a reviewer role needs no right to create tables
        while True:  # one transaction per migration, under the write lock
            with self._tx() as c:
                c.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
                row = c.execute("SELECT max(version) FROM schema_version").fetchone()
                version = row[0] or 0
                self._refuse_newer(version)
                if version == schema_pg.SCHEMA_VERSION:
                    return
                for sql in schema_pg.MIGRATIONS[version]:
                    c.execute(sql)
                c.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))

    def _refuse_newer(self, version: int) -> None:
        if version > schema_pg.SCHEMA_VERSION:
            raise StoreError(f"{self._where}: created by a newer workbench "
                             f"(schema v{version}, this version knows v{schema_pg.SCHEMA_VERSION})")

    def close(self) -> None:
        with self._lock:
            self._pg.close()
            if self._listener is not None:
                self._listener.close()

    def __enter__(self) -> PostgresStore:
        return self

    @property
    def schema_version(self) -> int:
        rows = self._read("SELECT coalesce(max(version), 0) FROM schema_version")
        return int(rows[0][0])

    # --- plumbing -----------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        """One write transaction holding the project's lock (its schema's advisory lock)."""
        psycopg = _psycopg()
        with self._lock:
            try:
                with self._pg.transaction():
                    self._conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
                    yield self._conn
            except psycopg.Error as e:
                raise _store_error(self._where, e) from e

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        psycopg = _psycopg()
        with self._lock:
            try:
                return list(self._conn.execute(sql, params).fetchall())
            except psycopg.Error as e:
                raise _store_error(self._where, e) from e

    def _check_file(self) -> None:
        return None

    def role(self) -> str | None:
        """The database role this connection acts as (each reviewer may have their own)."""
        return str(self._read("SELECT current_user")[0][0])

    def set_busy_timeout(self, seconds: float) -> None:
        with self._lock:
            self._conn.execute(f"SET lock_timeout = {max(1, int(seconds * 1000))}")

    # --- live updates -------------------------------------------------------------

    def wait_for_changes(self, cursor: int, timeout: float) -> list[Change]:
        """The changes after `cursor`, waiting up to `timeout` seconds for one: a second
        connection LISTENs to the schema's channel (history's trigger NOTIFYs on commit)."""
        psycopg = _psycopg()
        try:
            if self._listener is None:
                self._listener = connect(self.url)
                row = self._listener.execute("SELECT current_schema()").fetchone()
                schema = row[0] if row else "public"
                self._listener.execute(f'LISTEN "workbench:{schema}"')
            got = self.changes_since(cursor)  # listening first: nothing falls in between
            if got or timeout <= 0:
                return got
            for _ in self._listener.notifies(timeout=timeout, stop_after=1):
                break
        except psycopg.Error as e:
            raise _store_error(self._where, e) from e
        return self.changes_since(cursor)

    # --- what the dialects spell differently ----------------------------------------

    def unit_index(self, queue: str) -> list[UnitIndexRow]:
        # score and number are stored columns (schema v3): no JSON parsed per listed row
        # (columns in the row's field order: unpacked whole, not read one by one)
        return [UnitIndexRow(*r) for r in self._read(
            "SELECT key, doc_name, status, score, number, source, text, version"
            " FROM units u WHERE queue = ?" + _UNIT_ORDER, (queue,))]

    def add_tm_entries(self, entries: Iterable[TMEntry], origin: str) -> int:
        now = _now()
        with self._tx() as c:
            before = c.execute("SELECT count(*) FROM tm").fetchone()[0]
            c.executemany(
                "INSERT INTO tm (source, target, origin, tuid, imported_at, source_lang,"
                " target_lang, source_codes, target_codes) VALUES (?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (identity) DO NOTHING",
                ((s, t, origin, tuid, now, sl, tl, sc, tc) for s, t, tuid, sl, tl, sc, tc in entries))
            return int(c.execute("SELECT count(*) FROM tm").fetchone()[0]) - int(before)

    def tm_candidates(self, text: str, limit: int = 200) -> list[int]:
        """Ids of the memory rows most likely to match `text`, as the SQLite backend picks
        them: its exact source; rows holding all its words, or all but one; then the best
        on its rarest words. Words no source holds are left out; common words never make
        every row a candidate."""
        ids = [r[0] for r in self._read("SELECT id FROM tm WHERE source = ? ORDER BY id LIMIT ?",
                                        (text, limit))]
        freq = self._tm_word_counts(text)
        words = sorted((w for w in freq if freq[w]), key=lambda w: (freq[w], w))[:12]
        if not words:
            return ids
        q = [_lexeme(w) for w in words]
        queries: list[tuple[str, str, list[Any]]] = [(" & ".join(q), "", [])]
        if len(q) >= 3:  # all words but one, whichever it is
            queries.append((" | ".join("(" + " & ".join(q[:i] + q[i + 1:]) + ")" for i in range(len(q))), "", []))
        rare: list[str] = []
        postings = 0
        for w, term in zip(words, q, strict=False):  # the rarest words while they stay selective
            if rare and postings + freq[w] > RARE_POSTINGS:
                break
            rare.append(term)
            postings += freq[w]
        # Ranked as bm25 ranks (ts_rank knows no word rarity): each rare word a row holds
        # counts its inverse document frequency, relative to the text's commonest word.
        top = max(freq.values()) + 1
        rank = " + ".join("(words @@ ?::tsquery)::int * ?" for _ in rare)
        weights = [x for term, w in zip(rare, words, strict=False) for x in (term, math.log(1 + top / freq[w]))]
        queries.append((" | ".join(rare), rank, weights))
        seen = set(ids)
        for query, order, extra in queries:
            if len(ids) >= limit:
                break
            sql = f"SELECT id FROM tm WHERE words @@ ?::tsquery ORDER BY {order + ' DESC, ' if order else ''}id LIMIT ?"
            for (rowid,) in self._read(sql, (query, *extra, limit)):
                if rowid not in seen:
                    seen.add(rowid)
                    ids.append(rowid)
        return ids[:limit]

    def _tm_word_counts(self, text: str) -> dict[str, int]:
        """Words of `text` (the memory index's lexemes) -> how many memory sources hold
        them, from `tm_vocab` in one query."""
        return {r[0]: int(r[1]) for r in self._read(
            "SELECT w.lexeme, coalesce(v.doc, 0) FROM unnest(to_tsvector('simple', ?)) w"
            " LEFT JOIN tm_vocab v ON v.term = w.lexeme WHERE length(w.lexeme) > 1"
            " ORDER BY w.lexeme LIMIT 64", (text,))}

    def add_suggestions(self, rows: Iterable[tuple[str, str, str, str, dict[str, Any] | None]],
                        kind: str = "mt") -> int:
        now = _now()
        n = 0
        with self._tx() as c:
            for key, text, model, version, detail in rows:
                r = c.execute("SELECT id FROM units WHERE key = ?", (key,)).fetchone()
                if r is None:
                    raise StoreError(f"{self._where}: no unit with key {key}")
                c.execute(
                    "INSERT INTO suggestions (unit_id, kind, text, model, model_version,"
                    " detail_json, created_at) VALUES (?,?,?,?,?,?,?)"
                    " ON CONFLICT (unit_id, kind, model, model_version) DO UPDATE SET"
                    " text = excluded.text, detail_json = excluded.detail_json,"
                    " created_at = excluded.created_at",
                    (r[0], kind, text, model, version,
                     json.dumps(detail, ensure_ascii=False) if detail else None, now))
                n += 1
        return n


def _lexeme(word: str) -> str:
    """A lexeme as a tsquery operand, taken verbatim (quoted, quotes and backslashes escaped)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def is_url(target: str) -> bool:
    return target.split("://", 1)[0] in SCHEMES or (
        "://" not in target and "=" in target and not os.path.exists(target))


if TYPE_CHECKING:
    def _implements(s: PostgresStore) -> ProjectStore:  # mypy checks the backend against the seam
        return s
