"""What the review screen relies on in the store: a unit's version moves with what a
reviewer edits only, units are found again after a rebuild, a text can be kept in
history without becoming the unit's, and failures come as types a caller can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import StoreBackend

from workbench.model import Document, Segment, Sentence
from workbench.store import (
    ConflictError,
    Store,
    StoreBusy,
    StoreFull,
    StoreUnavailable,
    UnitNotFound,
)
from workbench.units import sentence_units

F = "000_test.txt"


def seg(index: int, sentences: list[tuple[str, int]]) -> Segment:
    lines = tuple(line for _, line in sentences)
    return Segment(F, index, "body", 1, " ".join(t for t, _ in sentences), min(lines), max(lines), lines,
                   tuple(Sentence(t, line, line) for t, line in sentences))


def ingest(s: Store, segments: list[Segment]):
    return s.ingest(Document(F, "sha", 200, "Titre"), segments, sentence_units(segments))


BOOK = [seg(0, [("La délégation biélorusse est arrivée à Ankara mardi soir.", 3),
                ("Les entretiens porteront sur le commerce et l'énergie.", 4)]),
        seg(1, [("Un accord sur les machines agricoles sera signé jeudi.", 8)])]


def shifted(by: int) -> list[Segment]:
    return [seg(s.index, [(x.text, x.line_start + by) for x in s.sentences]) for s in BOOK]


@pytest.fixture
def st(backend: StoreBackend, tmp_path: Path):
    with backend.open(tmp_path) as s:
        ingest(s, BOOK)
        yield s


def unit_of(st: Store, mt_start: str):
    return next(u for u in st.units() if u.mt.startswith(mt_start))


def test_moved_lines_keep_the_version_and_an_open_edit_saves(st: Store) -> None:
    seen = {u.key: u for u in st.units()}
    edited = unit_of(st, "Les entretiens")
    st.edit(edited.key, "Talks on trade and energy.", who="ann", expected_version=edited.version)
    seen[edited.key] = st.unit(edited.key)
    r = ingest(st, shifted(7))
    assert r.updated == 3
    for key, before in seen.items():
        now = st.unit(key)
        assert now.line_start == before.line_start + 7 and now.version == before.version
        # what a reviewer opened before the rebuild saves without a conflict
        st.edit(key, now.text + " (revu)", who="bob", expected_version=before.version)


def test_a_changed_machine_text_still_changes_the_version(st: Store) -> None:
    u = unit_of(st, "Un accord")
    segs = [*BOOK[:1], seg(1, [("Un « accord » sur les machines agricoles sera signé jeudi.", 8)])]
    ingest(st, segs)  # same key (quotes do not count), new pristine text
    now = st.unit(u.key)
    assert now.text != u.text and now.version == u.version + 1
    with pytest.raises(ConflictError):
        st.edit(u.key, "An agreement.", who="ann", expected_version=u.version)


def test_successor_follows_a_rekeyed_row_and_a_replaced_pristine_unit(st: Store) -> None:
    worked = unit_of(st, "La délégation")
    st.edit(worked.key, "The delegation arrived.", who="ann", blind_write=True)
    worked = st.unit(worked.key)
    pristine = unit_of(st, "Un accord")
    fixed = [seg(0, [("La délégation biélorusse est arrivée à Ankara mardi soir !", 3),
                     ("Les entretiens porteront sur le commerce et l'énergie.", 4)]),
             seg(1, [("Un accord sur les machines agricoles sera signé jeudi soir.", 8)])]
    r = ingest(st, fixed)
    assert st.unit(worked.key) is None and st.unit(pristine.key) is None
    moved = st.successor(worked)  # the same row under its new key: same id, same version
    assert r.reattached == [(worked.key, moved.key)]
    assert (moved.id, moved.version, moved.text) == (worked.id, worked.version, "The delegation arrived.")
    new = st.successor(pristine)  # deleted and inserted anew: found by its text and place
    assert new.id != pristine.id and new.mt.endswith("jeudi soir.")
    with pytest.raises(UnitNotFound) as e:
        st.edit(pristine.key, "An agreement.", who="ann", expected_version=pristine.version)
    assert e.value.key == pristine.key
    ingest(st, fixed[:1])  # the sentence is gone for good
    assert st.successor(new) is None


def test_set_aside_keeps_a_text_in_history_only(st: Store) -> None:
    u = unit_of(st, "Les entretiens")
    after = st.set_aside(u.key, "Ma version écartée", who="ann", reason="conflict: took theirs")
    assert (after.text, after.status, after.version) == (u.text, u.status, u.version)
    [h] = st.history(u.key)
    assert (h.action, h.who, h.old_text, h.new_text, h.detail) == (
        "aside", "ann", u.text, "Ma version écartée", {"reason": "conflict: took theirs"})


def test_failures_come_as_types_to_act_on(backend: StoreBackend, st: Store, tmp_path: Path) -> None:
    if backend.name != "sqlite":  # the faults are injected through SQLite's file and connection
        pytest.skip("SQLite fault injection")
    key = unit_of(st, "Les entretiens").key
    other = sqlite3.connect(st.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    st.set_busy_timeout(0.05)
    with pytest.raises(StoreBusy):
        st.edit(key, "Texte.", who="ann", blind_write=True)
    other.execute("ROLLBACK")
    other.close()
    st.edit(key, "Texte.", who="ann", blind_write=True)

    class Full:  # the connection of a store on a full disk
        def __init__(self, conn):
            self.conn = conn

        def execute(self, sql, *args):
            if sql.startswith("UPDATE"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.conn.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.conn, name)

    real = st._conn
    st._conn = Full(real)
    with pytest.raises(StoreFull):
        st.edit(key, "Autre texte.", who="ann", blind_write=True)
    st._conn = real
    assert st.unit(key).text == "Texte."  # rolled back, nothing half-written

    for suffix in ("", "-wal", "-shm"):  # the database file deleted under the open store
        Path(str(st.path) + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreUnavailable, match="gone"):
        st.edit(key, "Dans le vide.", who="ann", blind_write=True)
