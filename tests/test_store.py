from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import StoreBackend

from workbench.model import UNIT_STATUSES, Document, Segment, Sentence
from workbench.storage import schema as schema_mod
from workbench.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    ConflictError,
    Store,
    StoreError,
)
from workbench.units import sentence_units

F = "000_test.txt"
REPO = Path(__file__).resolve().parents[1]


def seg(index: int, sentences: list[tuple[str, int]], article: int = 1, file: str = F,
        kind: str = "body") -> Segment:
    lines = tuple(line for _, line in sentences)
    return Segment(file, index, kind, article, " ".join(t for t, _ in sentences),
                   min(lines), max(lines), lines,
                   tuple(Sentence(t, line, line) for t, line in sentences))


def ingest(s: Store, segments: list[Segment], file: str = F):
    return s.ingest(Document(file, "sha-" + file, 200, "Titre"), segments,
                    sentence_units(segments))


def key_of(s: Store, text: str) -> str:
    [u] = [u for u in s.units() if u.source == text]
    return u.key


def db_path(project: Path) -> Path:
    return project / ".workbench" / "workbench.db"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    p = tmp_path / "proj"
    (p / "corpus").mkdir(parents=True)
    return p


@pytest.fixture
def st(backend: StoreBackend, project: Path):
    with backend.open(project) as s:
        ingest(s, [seg(0, [("Première phrase.", 1), ("Deuxième phrase.", 2)]),
                   seg(1, [("Troisième phrase.", 4)])])
        yield s


# --- opening, schema (the file, WAL and migration checks are the SQLite backend's) ---

def test_fresh_project(project: Path) -> None:
    with Store.open(project) as s:
        assert s.schema_version == SCHEMA_VERSION == len(MIGRATIONS) >= 2
        assert s.path == db_path(project)
    for d in (".workbench", "glossary", "alignments"):
        assert (project / d).is_dir()
    raw = sqlite3.connect(db_path(project))
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()
    with Store.open(project, create=False) as s:  # reopening is a no-op migration
        assert s.schema_version == SCHEMA_VERSION


def test_open_errors(backend: StoreBackend, tmp_path: Path, project: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        backend.open(tmp_path / "nope")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        backend.open(tmp_path / "file")
    with pytest.raises(StoreError, match="no workbench database"):
        backend.open(project, create=False)
    assert not db_path(project).exists()


def test_corrupt_file_is_store_error(project: Path) -> None:
    db_path(project).parent.mkdir()
    db_path(project).write_bytes(os.urandom(4096))
    with pytest.raises(StoreError, match=r"workbench.db.*not a database"):
        Store.open(project)


def test_newer_schema_refused(project: Path) -> None:
    Store.open(project).close()
    raw = sqlite3.connect(db_path(project))
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    raw.close()
    with pytest.raises(StoreError, match=rf"newer workbench \(schema v{SCHEMA_VERSION + 3}, "
                                         rf"this version knows v{SCHEMA_VERSION}\)"):
        Store.open(project)


def test_migration_from_v1_keeps_data(project: Path) -> None:
    db_path(project).parent.mkdir()
    raw = sqlite3.connect(db_path(project), isolation_level=None)
    raw.execute("BEGIN")
    MIGRATIONS[0](raw)
    raw.execute("PRAGMA user_version = 1")
    raw.execute("COMMIT")
    raw.execute("INSERT INTO documents (name, sha256, n_lines, built_at) VALUES (?,?,?,?)",
                (F, "abc", 3, "2024-01-01"))
    raw.execute(
        "INSERT INTO units (key, doc_name, queue, source, mt, text, status, origin,"
        " created_at, updated_at) VALUES ('k1', ?, 'sentences', 'src', 'mt', 'fixed',"
        " 'confirmed', 'reviewer', 't', 't')", (F,))
    raw.execute("INSERT INTO history (unit_id, unit_key, at, who, action, old_text, new_text)"
                " VALUES (1, 'k1', 't', 'ann', 'edit', 'mt', 'fixed')")
    with pytest.raises(sqlite3.OperationalError):  # v2 column not there yet
        raw.execute("SELECT note FROM units")
    raw.close()

    with Store.open(project) as s:
        assert s.schema_version == SCHEMA_VERSION
        u = s.unit("k1")
        assert u is not None
        assert (u.text, u.status, u.origin, u.note, u.history_count) == (
            "fixed", "confirmed", "reviewer", "", 1)
        assert [h.who for h in s.history("k1")] == ["ann"]
        s.set_note("k1", "à revoir", who="bob", expected_version=u.version)
        assert s.unit("k1").note == "à revoir"
        assert [d.name for d in s.documents()] == [F]


def test_failed_migration_rolls_back(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(project).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(schema_mod, "MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr(schema_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match=f"migration to schema v{SCHEMA_VERSION + 1} failed"):
        Store.open(project)
    raw = sqlite3.connect(db_path(project))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"
                       ).fetchone()[0] == 0
    raw.close()


# --- ingest, queries --------------------------------------------------------------

def test_ingest_and_queries(st: Store) -> None:
    assert [u.source for u in st.units()] == ["Première phrase.", "Deuxième phrase.",
                                             "Troisième phrase."]
    u = st.unit(key_of(st, "Deuxième phrase."))
    assert (u.status, u.text, u.origin, u.version, u.orphaned) == ("new", u.mt, "mt", 1, False)
    assert u.context == {"prev": "Première phrase.", "next": "Troisième phrase."}
    assert [x.index for x in st.segments(F)] == [0, 1]
    assert st.segments(F)[0].sentences[1] == Sentence("Deuxième phrase.", 2, 2)
    c = st.counts()
    assert c.documents == 1 and c.segments == {"body": 2}
    assert c.units.by_status == {"new": 3, "draft": 0, "confirmed": 0, "approved": 0,
                                      "rejected": 0}
    assert c.units.by_queue == {"sentences": 3} and c.units.total == 3
    assert st.unit("missing") is None and st.history("missing") == []


def test_reingest_same_input_is_idempotent(st: Store) -> None:
    before = st.units()
    r = ingest(st, [seg(0, [("Première phrase.", 1), ("Deuxième phrase.", 2)]),
                    seg(1, [("Troisième phrase.", 4)])])
    assert (r.inserted, r.updated, r.deleted, r.reattached, r.orphaned) == (0, 0, 0, [], [])
    assert st.units() == before


def test_ingest_rejects_mismatched_input(st: Store) -> None:
    with pytest.raises(StoreError, match="belongs to"):
        st.ingest(Document("other.txt", "x", 1), [seg(0, [("A.", 1)])], [])
    s = [seg(0, [("A.", 1)])]
    units = sentence_units(s)
    with pytest.raises(StoreError, match="duplicate unit key"):
        st.ingest(Document(F, "x", 1), s, units + units)
    assert len(st.units()) == 3  # nothing half-applied


# --- reviewer actions -------------------------------------------------------------

def test_edit_status_revert_history_and_versions(st: Store) -> None:
    k = key_of(st, "Première phrase.")
    u = st.edit(k, "Première phrase corrigée.", who="ann", expected_version=1)
    assert (u.text, u.status, u.origin, u.version) == ("Première phrase corrigée.", "draft",
                                                       "reviewer", 2)
    u = st.set_status(k, "confirmed", who="ann", expected_version=u.version)
    assert (u.status, u.version) == ("confirmed", 3)
    u = st.edit(k, "Première phrase, encore.", who="bob", expected_version=u.version)  # confirmed → draft
    assert (u.status, u.version) == ("draft", 4)
    u = st.set_status(k, "rejected", who="bob", expected_version=4)
    assert u.status == "rejected"
    u = st.revert(k, who="ann", expected_version=u.version)
    assert (u.text, u.status, u.origin, u.version) == ("Première phrase.", "new", "mt", 6)
    assert u.has_reviewer_work  # it has history, so a rebuild must still protect it

    h = st.history(k)
    assert [(x.action, x.who, x.old_status, x.new_status) for x in h] == [
        ("edit", "ann", "new", "draft"),
        ("status", "ann", "draft", "confirmed"),
        ("edit", "bob", "confirmed", "draft"),
        ("status", "bob", "draft", "rejected"),
        ("revert", "ann", "rejected", "new"),
    ]
    assert (h[0].old_text, h[0].new_text) == ("Première phrase.", "Première phrase corrigée.")
    assert (h[-1].old_text, h[-1].new_text) == ("Première phrase, encore.", "Première phrase.")

    # No-op actions change nothing and log nothing.
    assert st.revert(k, who="ann", expected_version=6).version == 6
    assert st.set_status(k, "new", who="ann", expected_version=6).version == 6
    assert len(st.history(k)) == 5


def test_every_status_accepted_and_bad_input_rejected(st: Store) -> None:
    k = key_of(st, "Deuxième phrase.")
    v = st.unit(k).version
    for status in reversed(UNIT_STATUSES):
        u = st.set_status(k, status, who="ann", expected_version=v)
        assert u.status == status
        v = u.version
    with pytest.raises(StoreError, match="unknown status"):
        st.set_status(k, "done", who="ann", expected_version=v)
    with pytest.raises(StoreError, match="no unit with key"):
        st.edit("nope", "x", expected_version=1)
    with pytest.raises(StoreError, match="empty text"):
        st.edit(k, "  ", expected_version=v)
    with pytest.raises(StoreError, match="unknown status"):
        list(st.iter_export("confirmed,done"))


def test_conflict_between_two_processes_handles(backend: StoreBackend, project: Path, st: Store) -> None:
    k = key_of(st, "Première phrase.")
    with backend.open(project) as other:
        seen_by_a = st.unit(k).version
        seen_by_b = other.unit(k).version
        other.edit(k, "Version de B.", who="bob", expected_version=seen_by_b)
        with pytest.raises(ConflictError) as e:
            st.edit(k, "Version de A.", who="ann", expected_version=seen_by_a)
        assert isinstance(e.value, StoreError)
        assert (e.value.current.text, e.value.current.version) == ("Version de B.", 2)
        assert st.unit(k).text == "Version de B."
        assert [h.who for h in st.history(k)] == ["bob"]  # the loser left no trace
        # After reloading, A can write.
        st.edit(k, "Version de A.", who="ann", expected_version=e.value.current.version)
        assert other.unit(k).text == "Version de A."


def test_stale_write_refused_by_default(backend: StoreBackend, project: Path, st: Store) -> None:
    """Optimistic concurrency is the default of every reviewer action: a write based on a
    read another process has since overtaken is refused, and one that names no version
    is a programming error, not a silent overwrite."""
    k = key_of(st, "Deuxième phrase.")
    stale = st.unit(k)
    with backend.open(project) as other:
        other.edit(k, "Écrit par B.", who="bob", expected_version=other.unit(k).version)
    writes = {
        "edit": lambda **kw: st.edit(k, "Écrit par A.", who="ann", **kw),
        "set_status": lambda **kw: st.set_status(k, "confirmed", who="ann", **kw),
        "revert": lambda **kw: st.revert(k, who="ann", **kw),
        "set_note": lambda **kw: st.set_note(k, "note de A", who="ann", **kw),
    }
    for write in writes.values():
        with pytest.raises(ConflictError):
            write(expected_version=stale.version)
        with pytest.raises(TypeError, match="give expected_version"):
            write()  # no version stated, no opt-out: refused before touching the store
        with pytest.raises(TypeError, match="exclude each other"):
            write(expected_version=stale.version, blind_write=True)
    u = st.unit(k)
    assert (u.text, u.status, u.note, u.version) == ("Écrit par B.", "draft", "", 2)
    assert [h.who for h in st.history(k)] == ["bob"]  # nothing of A's stale writes
    # The explicit opt-out overwrites whatever is stored.
    assert st.set_note(k, "note de A", who="ann", blind_write=True).note == "note de A"


def test_history_is_append_only(backend: StoreBackend, st: Store) -> None:
    k = key_of(st, "Première phrase.")
    st.edit(k, "Autre.", who="ann", expected_version=1)
    if backend.name == "postgres":  # the same refusals from the server, whoever connects
        import psycopg

        with psycopg.connect(st.url, autocommit=True) as pg:
            for sql in ("UPDATE history SET who = 'mallory'", "DELETE FROM history", "TRUNCATE history"):
                with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                    pg.execute(sql)
            with pytest.raises(psycopg.errors.ForeignKeyViolation):
                pg.execute("DELETE FROM units WHERE key = %s", (k,))
        assert [h.who for h in st.history(k)] == ["ann"]
        return
    raw = sqlite3.connect(st.path, isolation_level=None)  # autocommit: the PRAGMA applies
    raw.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("UPDATE history SET who = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM history")
    with pytest.raises(sqlite3.IntegrityError):  # a unit with history cannot be deleted
        raw.execute("DELETE FROM units WHERE key = ?", (k,))
    raw.close()
    assert [h.who for h in st.history(k)] == ["ann"]


def test_iter_export(st: Store) -> None:
    k = key_of(st, "Deuxième phrase.")
    u = st.edit(k, "Seconde phrase.", who="ann", expected_version=1)
    st.set_status(k, "approved", who="ann", expected_version=u.version)
    rows = list(st.iter_export())
    assert len(rows) == 3
    assert set(rows[0].as_dict()) == {"key", "file", "queue", "source", "mt", "text", "status", "origin",
                            "line_start", "line_end", "article", "history_count", "orphaned"}
    [r] = list(st.iter_export("confirmed, approved"))
    assert (r.key, r.text, r.history_count, r.file) == (k, "Seconde phrase.", 2, F)
    assert list(st.iter_export("rejected")) == []


def test_edit_survives_crash(backend: StoreBackend, project: Path, st: Store) -> None:
    k = key_of(st, "Troisième phrase.")
    script = textwrap.dedent("""
        import os, signal, sys
        from workbench.store import Store
        s = Store.open(sys.argv[1])
        s.edit(sys.argv[2], "Écrit avant le crash.", who="crash", expected_version=1)
        os.kill(os.getpid(), signal.SIGKILL)  # no close(), no checkpoint
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if backend.name == "postgres":  # the store a project chose, as the command line opens it
        env["WORKBENCH_STORE"] = st.url
    proc = subprocess.run([sys.executable, "-c", script, str(project), k], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == -9, proc.stderr
    st.close()
    with backend.open(project) as s:
        u = s.unit(k)
        assert (u.text, u.status, u.version) == ("Écrit avant le crash.", "draft", 2)
        assert [h.who for h in s.history(k)] == ["crash"]


# --- rebuilds: re-attachment and orphans ------------------------------------------

OLD = [
    seg(0, [("Le congrès s'ouvrit à Moscou le 3 mars 1918, devant une salle comble.", 10),
            # old segmenter cut after the abbreviation "p."
            ("Lénine défendit longuement la paix de Brest-Litovsk, voir p.", 11),
            ("12.", 12)]),
    seg(1, [("Trotski répondit « avec une ironie mordante » aux délégués.", 14),
            ("Applaudissements.", 15),
            ("Boukharine s'y opposa violemment.", 16),
            ("Applaudissements.", 17),
            ("La séance fut levée à minuit et les délégués se dispersèrent.", 18),
            ("Le lendemain, la discussion reprit sur la question agraire; "
             "les socialistes-révolutionnaires de gauche exigèrent un vote immédiat.", 19),
            ("Une phrase que personne n'a touchée.", 20)]),
]
NEW = [
    seg(0, [("Le congrès s'ouvrit à Moscou le 3 mars 1918, devant une salle comble.", 10),
            ("Lénine défendit longuement la paix de Brest-Litovsk, voir p. 12.", 11)]),
    # a heading now recognised before this paragraph: every line shifts by 5
    seg(1, [("Séance du soir", 16)], kind="heading"),
    seg(2, [("Trotski répondit “avec une ironie mordante” aux délégués.", 19),
            # the first "Applaudissements." moved out of the body (stage direction)
            ("Boukharine s’y opposa très violemment.", 21),
            ("Applaudissements.", 22),
            # "La séance fut levée..." is gone; the long sentence is split in two
            ("Le lendemain, la discussion reprit sur la question agraire.", 24),
            ("Les socialistes-révolutionnaires de gauche exigèrent un vote immédiat.", 24)]),
]


def test_reattach_after_segmentation_change(st: Store) -> None:
    r0 = ingest(st, OLD)
    assert r0.deleted == 3  # the fixture's sentences, untouched, simply go
    k = {u.source: u.key for u in st.units()}
    edits = {
        "Lénine défendit longuement la paix de Brest-Litovsk, voir p.":
            "Lenin argued at length for the Brest-Litovsk peace, see p.",
        "Trotski répondit « avec une ironie mordante » aux délégués.":
            "Trotsky answered the delegates with biting irony.",
        "Boukharine s'y opposa violemment.": "Bukharin opposed it violently.",
        "La séance fut levée à minuit et les délégués se dispersèrent.":
            "The session closed at midnight.",
    }
    v = {u.key: u.version for u in st.units()}
    for src, text in edits.items():
        v[k[src]] = st.edit(k[src], text, who="ann", expected_version=v[k[src]]).version
    lenin = k["Lénine défendit longuement la paix de Brest-Litovsk, voir p."]
    st.set_status(lenin, "confirmed", who="ann", expected_version=v[lenin])
    second_applause = [u for u in st.units() if u.source == "Applaudissements."][1]
    st.edit(second_applause.key, "Applause.", who="ann", expected_version=second_applause.version)
    long_key = k["Le lendemain, la discussion reprit sur la question agraire; les "
                 "socialistes-révolutionnaires de gauche exigèrent un vote immédiat."]
    st.set_status(long_key, "confirmed", who="ann", expected_version=v[long_key])

    r = ingest(st, NEW)
    by_key = {u.key: u for u in st.units()}

    # Quote style only: same key, reviewer text kept, pipeline fields refreshed.
    trotski = by_key[k["Trotski répondit « avec une ironie mordante » aux délégués."]]
    assert trotski.text == "Trotsky answered the delegates with biting irony."
    assert trotski.mt == "Trotski répondit “avec une ironie mordante” aux délégués."
    assert (trotski.line_start, trotski.segment_index) == (19, 2)

    new_key = {u.source: u.key for u in st.units() if not u.orphaned}
    lenin_new = new_key["Lénine défendit longuement la paix de Brest-Litovsk, voir p. 12."]
    bukharin_new = new_key["Boukharine s’y opposa très violemment."]
    first_half = new_key["Le lendemain, la discussion reprit sur la question agraire."]
    second_half = new_key["Les socialistes-révolutionnaires de gauche exigèrent un vote immédiat."]
    assert set(r.reattached) == {
        (k["Lénine défendit longuement la paix de Brest-Litovsk, voir p."], lenin_new),
        (k["Boukharine s'y opposa violemment."], bukharin_new),
        (second_applause.key, new_key["Applaudissements."]),  # occurrence 1 → 0
        (long_key, first_half), (long_key, second_half),  # split in halves: both confirmed
    }
    assert r.scores[first_half][1] == r.scores[second_half][1] == "split"
    lenin = by_key[lenin_new]
    assert (lenin.text, lenin.status, lenin.origin) == (
        "Lenin argued at length for the Brest-Litovsk peace, see p.", "confirmed", "reviewer")
    assert (lenin.mt, lenin.line_start, lenin.orphaned) == (
        "Lénine défendit longuement la paix de Brest-Litovsk, voir p. 12.", 11, False)
    assert by_key[bukharin_new].text == "Bukharin opposed it violently."
    assert by_key[bukharin_new].line_start == 21
    assert by_key[new_key["Applaudissements."]].text == "Applause."
    # History followed the unit, and says where it came from.
    h = st.history(lenin_new)
    assert [x.action for x in h] == ["edit", "status", "reattach"]
    assert h[0].unit_key == k["Lénine défendit longuement la paix de Brest-Litovsk, voir p."]
    assert h[-1].detail["old_key"] == h[0].unit_key and h[-1].detail["new_key"] == lenin_new
    assert h[-1].detail["ratio"] >= 90

    # The split sentence's row took the first half (its history with it), the second
    # half its status; each half its own machine translation (the reviewer only confirmed).
    halves = (by_key[first_half], by_key[second_half])
    assert [(u.text, u.status) for u in halves] == [(u.mt, "confirmed") for u in halves]
    assert [x.action for x in st.history(first_half)] == ["status", "reattach"]
    assert st.unit(long_key) is None
    # Sentence gone: orphaned, reported with the reason, still in the database.
    gone = k["La séance fut levée à minuit et les délégués se dispersèrent."]
    assert r.orphaned == [gone] and "not found" in r.reasons[gone]
    u = st.unit(gone)
    assert u is not None and u.orphaned
    assert st.history(gone)[-1].action == "orphan"
    assert st.unit(gone).text == "The session closed at midnight."
    assert st.counts().units.orphaned == 1
    # Untouched sentence that vanished: deleted.
    assert k["Une phrase que personne n'a touchée."] not in by_key
    assert r.deleted == 2  # that one and the old first "Applaudissements."
    assert r.inserted == 1  # the second half; the other new keys were taken by re-attachment

    # A further identical rebuild changes nothing and does not re-log orphans.
    r2 = ingest(st, NEW)
    assert (r2.inserted, r2.updated, r2.deleted, r2.reattached) == (0, 0, 0, [])
    assert r2.orphaned == [gone]
    assert [x.action for x in st.history(gone)].count("orphan") == 1

    # If the sentence comes back, the orphan is home again under its own key.
    r3 = ingest(st, OLD)
    assert st.unit(gone).orphaned is False and gone not in r3.orphaned


def test_edit_then_rebuild_never_overwrites(st: Store) -> None:
    k = key_of(st, "Première phrase.")
    st.edit(k, "First sentence.", who="ann", expected_version=1)
    # Same key, but the MT side changed in a normalisation-equivalent way.
    ingest(st, [seg(0, [("Première  phrase.", 3), ("Deuxième « phrase ».", 4)]),
                seg(1, [("Troisième phrase.", 6)])])
    u = st.unit(k)
    assert (u.text, u.status, u.mt, u.line_start) == ("First sentence.", "draft",
                                                      "Première  phrase.", 3)
    # The pristine ones follow the MT.
    u2 = st.unit(key_of(st, "Deuxième « phrase »."))
    assert (u2.line_start, u2.text, u2.version) == (4, "Deuxième « phrase ».", 2)


def test_reattach_prefers_nearest_of_identical_candidates(st: Store) -> None:
    ingest(st, [seg(0, [("Ouverture.", 1)]),
                seg(1, [("Les délégués votèrent la motion.", 50)])])
    old = key_of(st, "Les délégués votèrent la motion.")
    st.edit(old, "The delegates voted the motion.", who="ann", expected_version=1)
    # Slightly different text, now present twice: far (line 5) and near (line 52).
    r = ingest(st, [seg(0, [("Les délégués votèrent la motion !", 5)]),
                    seg(1, [("Les délégués votèrent la motion !", 52)])])
    [(was, now)] = r.reattached
    assert was == old and now.endswith(":1")
    assert st.unit(now).line_start == 52 and st.unit(now).text == "The delegates voted the motion."
    assert [u.text for u in st.units()] == ["Les délégués votèrent la motion !",
                                            "The delegates voted the motion."]


def test_build_removes_missing_documents_but_keeps_work(project: Path, st: Store) -> None:
    other = [seg(0, [("Autre livre.", 1)], file="001_other.txt")]
    ingest(st, other, file="001_other.txt")
    k = key_of(st, "Première phrase.")
    st.set_status(k, "approved", who="ann", expected_version=1)
    reports = st.build([(Document("001_other.txt", "x", 5), other, sentence_units(other))])
    gone = {r.doc: r for r in reports}[F]
    assert gone.orphaned == [k] and gone.deleted == 2
    assert [d.name for d in st.documents()] == ["001_other.txt"]
    assert st.segments(F) == []
    u = st.unit(k)
    assert u.orphaned and u.status == "approved"
    assert st.counts().segments == {"body": 1}



# --- suggestions and settings (v6) --------------------------------------------------

def test_suggestions_rerun_replaces_and_follow_the_unit(st: Store) -> None:
    k = key_of(st, "Première phrase.")
    assert st.add_suggestions([(k, "First sentence.", "m", "1.0", {"pivot": None})]) == 1
    st.add_suggestions([(k, "First sentence!", "m", "1.0", None)])  # same model version: replaced
    st.add_suggestions([(k, "Sentence one.", "m", "2.0", None)])
    got = st.suggestions(k)
    assert sorted((g.text, g.model_version) for g in got) == [
        ("First sentence!", "1.0"), ("Sentence one.", "2.0")]
    assert st.suggested_keys("m", "1.0") == {k}
    assert st.suggested_keys("other", "1.0") == set()
    with pytest.raises(StoreError, match="no unit with key nope"):
        st.add_suggestions([("nope", "x", "m", "1.0", None)])
    assert len(st.suggestions(k)) == 2  # the failed batch wrote nothing


def test_settings_roundtrip_across_reopen(backend: StoreBackend, project: Path) -> None:
    with backend.open(project) as s:
        assert s.setting("review.position", {"queue": "titles"}) == {"queue": "titles"}
        s.set_setting("review.position", {"queue": "sentences", "key": "k1"})
        s.set_setting("review.position", {"queue": "sentences", "key": "k2"})
    with backend.open(project) as s:
        assert s.setting("review.position") == {"queue": "sentences", "key": "k2"}


def test_open_store_by_path_or_url(project: Path) -> None:
    from workbench.storage import SQLiteStore, open_store

    with open_store(f"sqlite://{project}") as s:
        assert isinstance(s, SQLiteStore) and s.path == db_path(project)
    with open_store(project, create=False) as s:
        assert s.schema_version == SCHEMA_VERSION
    with pytest.raises(StoreError, match=r"'mysql://team/db' is not a store URL"):
        open_store("mysql://team/db")
    with pytest.raises(StoreError, match=r"^postgresql://ann@127.0.0.1:1/db: cannot connect"):
        open_store("postgresql://ann:secret@127.0.0.1:1/db")  # no password in the message
