"""The store's schema: versioned, append-only migrations (SQLite dialect).

A database's `PRAGMA user_version` is the number of migrations applied; opening a store
applies the missing ones, one transaction each. A second backend keeps its own list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _sql(*statements: str) -> Callable[[sqlite3.Connection], None]:
    # Statements run one by one: executescript() would COMMIT the migration's transaction.
    def apply(conn: sqlite3.Connection) -> None:
        for s in statements:
            conn.execute(s)

    return apply


# Migrations are append-only: never edit a released one, add a new one instead.
# The status list is spelled out (not UNIT_STATUSES) so v1 means the same thing forever.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _sql(  # v1: base tables
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL,
            n_lines INTEGER NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            built_at TEXT NOT NULL)""",
        """CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            kind TEXT NOT NULL,
            article INTEGER,
            text TEXT NOT NULL,
            line_start INTEGER NOT NULL,
            line_end INTEGER NOT NULL,
            lines_json TEXT NOT NULL DEFAULT '[]',
            sentences_json TEXT NOT NULL DEFAULT '[]',
            UNIQUE (doc_id, idx))""",
        # No FK from units to documents: reviewer work must outlive a removed file.
        """CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            doc_name TEXT NOT NULL,
            queue TEXT NOT NULL,
            source TEXT NOT NULL,
            mt TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'draft', 'confirmed', 'approved', 'rejected')),
            origin TEXT NOT NULL DEFAULT 'mt',
            version INTEGER NOT NULL DEFAULT 1,
            line_start INTEGER,
            line_end INTEGER,
            segment_index INTEGER,
            article INTEGER,
            context_json TEXT NOT NULL DEFAULT '{}',
            orphaned INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)""",
        "CREATE INDEX units_doc_queue ON units (doc_name, queue)",
        # FK without ON DELETE: deleting a unit that has history fails, a last guard
        # against losing reviewer work.
        """CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            unit_key TEXT NOT NULL,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            old_text TEXT,
            new_text TEXT,
            old_status TEXT,
            new_status TEXT)""",
        """CREATE TRIGGER history_no_update BEFORE UPDATE ON history
            BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
        """CREATE TRIGGER history_no_delete BEFORE DELETE ON history
            BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
    ),
    _sql(  # v2: reviewer notes, structured detail for build actions, lookup indexes
        "ALTER TABLE units ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE history ADD COLUMN detail_json TEXT",
        "CREATE INDEX history_unit ON history (unit_id, id)",
        "CREATE INDEX units_status ON units (status)",
    ),
    _sql(  # v3: footnote and bibliography entries, body markers, diagnostics, sources
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('footnote', 'bibliography')),
            number INTEGER,
            number_printed TEXT NOT NULL DEFAULT '',
            article INTEGER,
            title TEXT NOT NULL,
            title_lang TEXT NOT NULL,
            authors_json TEXT NOT NULL DEFAULT '[]',
            year INTEGER,
            url TEXT,
            pages TEXT,
            publisher TEXT,
            line_start INTEGER NOT NULL,
            line_end INTEGER NOT NULL,
            lines_json TEXT NOT NULL,
            raw TEXT NOT NULL,
            marker_line INTEGER)""",
        "CREATE INDEX entries_doc ON entries (doc_id, kind, number)",
        """CREATE TABLE markers (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            line INTEGER NOT NULL,
            col INTEGER NOT NULL,
            text TEXT NOT NULL,
            style TEXT NOT NULL,
            segment_index INTEGER NOT NULL,
            footnote_line INTEGER,
            sentence TEXT NOT NULL)""",
        "CREATE INDEX markers_doc ON markers (doc_id, number)",
        """CREATE TABLE diagnostics (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            message TEXT NOT NULL)""",
        # sources are rebuilt whole after every build (they span books)
        """CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            url TEXT)""",
        """CREATE TABLE source_members (
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            doc_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            number INTEGER,
            line_start INTEGER NOT NULL,
            title TEXT NOT NULL)""",
        "CREATE INDEX source_members_entry ON source_members (doc_name, kind, number)",
    ),
    _sql(  # v4: QA findings (glossary, titles, typography), replaced by every build
        """CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            doc_name TEXT NOT NULL,
            line INTEGER NOT NULL,
            col INTEGER NOT NULL,
            found TEXT NOT NULL,
            term TEXT NOT NULL,
            kind TEXT NOT NULL,
            suggestion TEXT NOT NULL,
            context TEXT NOT NULL)""",
        "CREATE INDEX findings_doc_line ON findings (doc_name, line)",
        "CREATE INDEX findings_kind ON findings (kind)",
    ),
    _sql(  # v5: translation memory imported from TMX files
        """CREATE TABLE tm (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            origin TEXT NOT NULL,
            tuid TEXT,
            imported_at TEXT NOT NULL,
            UNIQUE (source, target, origin))""",
        "CREATE INDEX tm_source ON tm (source)",
    ),
    _sql(  # v6: machine-translation suggestions per unit; small per-project settings
        # Suggestions hang on the permanent unit id (keys move on rebuild) and go with the
        # unit; one row per (unit, model, model version), so a rerun is resumable.
        """CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'mt',
            text TEXT NOT NULL,
            model TEXT NOT NULL,
            model_version TEXT NOT NULL,
            detail_json TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (unit_id, kind, model, model_version))""",
        # Reviewer-side state such as the TUI's last position: key -> JSON value.
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value_json TEXT NOT NULL,
            updated_at TEXT NOT NULL)""",
    ),
    _sql(  # v7: translation memory with languages and inline codes; a concordance index
        # Plain text for matching; inline codes (JSON, see formats/inline.py) kept beside it.
        # Every variant of a unit is a row: the languages and codes are part of its identity.
        """CREATE TABLE tm_v7 (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            origin TEXT NOT NULL,
            tuid TEXT,
            imported_at TEXT NOT NULL,
            source_lang TEXT NOT NULL DEFAULT '',
            target_lang TEXT NOT NULL DEFAULT '',
            source_codes TEXT NOT NULL DEFAULT '',
            target_codes TEXT NOT NULL DEFAULT '',
            UNIQUE (source, target, origin, source_lang, target_lang, source_codes, target_codes))""",
        "INSERT INTO tm_v7 (id, source, target, origin, tuid, imported_at)"
        " SELECT id, source, target, origin, tuid, imported_at FROM tm",
        "DROP TABLE tm",
        "ALTER TABLE tm_v7 RENAME TO tm",
        "CREATE INDEX tm_source ON tm (source)",
        # The concordance index on sources, filled once per import (`_index_tm`): a
        # per-row trigger made a large import several times slower.
        """CREATE VIRTUAL TABLE tm_fts USING fts5(source, content='tm', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2')""",
        "INSERT INTO tm_fts (tm_fts) VALUES ('rebuild')",
        # how many sources hold each word: a search looks for its rarest words only
        "CREATE VIRTUAL TABLE tm_vocab USING fts5vocab(tm_fts, 'row')",
        """CREATE TRIGGER tm_fts_delete AFTER DELETE ON tm BEGIN
            INSERT INTO tm_fts (tm_fts, rowid, source) VALUES ('delete', old.id, old.source); END""",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)
