"""An incremental build (per-book cache) and a parallel build give the output of a full serial build."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from conftest import CORPUS, ROOT

from workbench.build_cache import CACHE_DIR, ProofEntry, RecordingSet
from workbench.pipeline import build_project
from workbench.store import Store

# three books are enough to have sources and names across books, and keep the test short
BOOKS = ["001_d169d87f802cdce3.txt", "002_6350e2ab5efabf7e.txt", "003_5fdd3d81b54b8d5d.txt"]
CHANGED = "002_6350e2ab5efabf7e.txt"


def _project(d: Path) -> Path:
    (d / "corpus").mkdir(parents=True)
    for name in BOOKS:
        shutil.copy(CORPUS / name, d / "corpus" / name)
    shutil.copytree(ROOT / "glossary", d / "glossary")
    return d


def _change(project: Path) -> None:
    """Edit one book: a paragraph of its body goes (with the names it printed), a line changes."""
    path = project / "corpus" / CHANGED
    lines = path.read_text(encoding="utf-8").split("\n")
    body = [i for i, ln in enumerate(lines) if len(ln) > 60 and ln[:1].isupper()]
    i = body[len(body) // 2]
    del lines[i:i + 4]
    j = body[len(body) // 3]
    lines[j] = lines[j].replace(" la ", " la nouvelle ", 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def _build(project: Path, **kw) -> None:
    with Store.open(project) as store:
        build_project(store, project, **kw)


def _dump(project: Path) -> dict[str, object]:
    """Everything a build writes: every store table (row ids and times left out, rows
    sorted) and the bytes of alignments/*.tmx."""
    out: dict[str, object] = {}
    con = sqlite3.connect(project / ".workbench" / "workbench.db")
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'tm%'")]
    for t in tables:
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({t})")]
        keep = [c for c in cols if c != "id" and not c.endswith("_id") and not c.endswith("_at")]
        rows = con.execute(f"SELECT {', '.join(keep)} FROM {t}").fetchall()
        out[t] = sorted(rows, key=repr)
    con.close()
    for p in sorted((project / "alignments").glob("*.tmx")):
        out[p.name] = p.read_bytes()
    return out


def test_parallel_and_incremental_builds_equal_a_full_serial_build(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_BOOK_CACHE")  # the projects' own caches, as a person's
    serial = _project(tmp_path / "serial")
    _build(serial, jobs=1, use_cache=False)
    assert not (serial / CACHE_DIR).exists()

    pooled = _project(tmp_path / "pooled")
    _build(pooled, jobs=2)  # a pool of two processes, filling the cache
    assert _dump(pooled) == _dump(serial)
    assert len(list((pooled / CACHE_DIR).glob("*.book.pickle"))) == len(BOOKS)

    # one book changes: the rebuild takes the other two from the cache, and its
    # output is a full build's of the changed corpus
    _change(pooled)
    before = {p.name: p.stat().st_mtime_ns for p in (pooled / CACHE_DIR).glob("*.book.pickle")}
    _build(pooled, jobs=2)
    after = {p.name: p.stat().st_mtime_ns for p in (pooled / CACHE_DIR).glob("*.book.pickle")}
    assert len(after) == len(BOOKS)  # the changed book's old entry is pruned
    assert len(set(before.items()) & set(after.items())) == len(BOOKS) - 1  # two entries reused as they were

    fresh = _project(tmp_path / "fresh")
    _change(fresh)
    _build(fresh, jobs=1, use_cache=False)
    assert _dump(pooled) == _dump(fresh)


def test_a_cached_proof_holds_while_the_names_it_asked_about_hold():
    asked = RecordingSet(frozenset({"minsk", "gomel"}))
    assert "minsk" in asked and "brest" not in asked
    entry = ProofEntry([], asked.asked)
    assert entry.valid_for(frozenset({"minsk", "gomel"}))
    assert entry.valid_for(frozenset({"minsk", "vitebsk"}))  # gomel was never asked about
    assert not entry.valid_for(frozenset({"gomel"}))  # minsk is no longer a name
    assert not entry.valid_for(frozenset({"minsk", "brest"}))  # brest has become one
