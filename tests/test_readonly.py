"""A project the user may only read: read commands work and write nothing; write
commands and a store that is not a workbench store are refused in one line."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOOKS, CORPUS, ROOT

from workbench.store import SCHEMA_VERSION, Store, StoreError


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DEBUG"}
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def one_line_error(p: subprocess.CompletedProcess, *needles: str) -> None:
    assert p.returncode == 2, p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr, p.stderr
    for n in needles:
        assert n in p.stderr


def snapshot(d: Path) -> dict[str, str]:
    return {str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("proj")
    (p / "corpus").mkdir()
    shutil.copy(CORPUS / BOOKS["001"], p / "corpus")
    shutil.copytree(ROOT / "glossary", p / "glossary")
    assert run("build", "--project", str(p), "--quiet").returncode == 0
    return p


@pytest.fixture
def readonly(built: Path, tmp_path: Path):
    """The built project, read-only: a read-only bind mount as root (permission bits
    do not stop root), the write bits removed otherwise."""
    if os.geteuid() == 0:
        view = tmp_path / "ro"
        view.mkdir()
        if subprocess.run(["mount", "--bind", str(built), str(view)], capture_output=True).returncode:
            pytest.skip("cannot bind-mount here")
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True, capture_output=True)
            yield view
        finally:
            subprocess.run(["umount", str(view)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in [built, *built.rglob("*")]}
        for p, m in modes.items():
            p.chmod(m & ~0o222)
        try:
            yield built
        finally:
            for p, m in modes.items():
                p.chmod(m)


def test_read_commands_work_on_a_read_only_project(readonly: Path, built: Path, tmp_path: Path) -> None:
    before = snapshot(built)
    p = run("status", "--project", str(readonly), "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["documents"] == 1
    p = run("export", "jsonl", "--project", str(readonly))
    assert p.returncode == 0 and len(p.stdout.splitlines()) > 400, p.stderr
    p = run("export", "tmx", "--project", str(readonly), "--out", str(tmp_path / "x.tmx"))
    assert p.returncode == 0 and (tmp_path / "x.tmx").read_bytes().startswith(b"<?xml"), p.stderr
    p = run("score", "--project", str(readonly), "--format", "json")
    assert p.returncode == 0, p.stderr
    p = run("glossary", "check", "--project", str(readonly), "--kind", "forbidden")
    assert p.returncode == 0, p.stderr
    p = run("export", "markdown", "--project", str(readonly), "--out", str(tmp_path / "edition"))
    assert p.returncode == 0 and (tmp_path / "edition" / (BOOKS["001"][:-4] + ".md")).is_file(), p.stderr
    # writing into the project itself: one line
    one_line_error(run("export", "markdown", "--project", str(readonly)), "edition", "cannot create the output folder")
    one_line_error(run("glossary", "fix", "--project", str(readonly)))
    one_line_error(run("import", "tmx", str(built / "alignments" / "corpus.tmx"), "--project", str(readonly)))
    one_line_error(run("build", "--project", str(readonly)))
    assert snapshot(built) == before  # not a byte written, no -wal or -shm left


def test_read_only_store_writes_nothing(built: Path) -> None:
    before = snapshot(built)
    with Store.open(built, readonly=True) as s:
        u = s.units()[0]
        assert s.counts().documents == 1
        with pytest.raises(StoreError, match=r"readonly|read-only"):
            s.edit(u.key, "x", who="ann", expected_version=u.version)
    assert snapshot(built) == before


def test_zero_byte_and_foreign_databases_are_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / ".workbench" / "workbench.db"
    db.parent.mkdir()
    db.write_bytes(b"")
    for kw in ({}, {"create": False}, {"readonly": True}):
        with pytest.raises(StoreError, match="empty file where the workbench database should be"):
            Store.open(tmp_path, **kw)
    assert db.read_bytes() == b""
    db.write_bytes(b"PK\x03\x04" + b"\x00" * 500)
    with pytest.raises(StoreError, match="not a database"):
        Store.open(tmp_path)
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    for kw in ({}, {"create": False}, {"readonly": True}):
        with pytest.raises(StoreError, match="an SQLite database, but not a workbench store"):
            Store.open(tmp_path, **kw)
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["contacts"]
    conn.close()


def test_read_commands_never_create_the_schema(tmp_path: Path) -> None:
    """An empty SQLite file (no tables) is no store: only `build` makes one of it."""
    db = tmp_path / ".workbench" / "workbench.db"
    db.parent.mkdir()
    sqlite3.connect(db).execute("PRAGMA user_version = 0").close()
    sqlite3.connect(db).execute("VACUUM").close()
    size = db.stat().st_size
    for kw in ({"create": False}, {"readonly": True}):
        with pytest.raises(StoreError, match="not a workbench store"):
            Store.open(tmp_path, **kw)
    assert db.stat().st_size == size
    with Store.open(tmp_path) as s:  # build's way in
        assert s.schema_version == SCHEMA_VERSION
