"""Outputs: written whole or not at all, by any number of writers, on a full disk too."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from workbench.files import OutputError, atomic_path, check_output


def test_two_writers_of_one_path_never_mix(tmp_path: Path) -> None:
    """Writer A is half-way through when writer B writes the same path whole: each
    has its own temporary file, so the result is B's file, then A's, never a mix (with
    one shared `NAME.tmp` B truncated A's half and A's rename published B's bytes)."""
    target = tmp_path / "out.jsonl"
    a_started, b_done = threading.Event(), threading.Event()

    def writer_a() -> None:
        with atomic_path(target) as tmp, tmp.open("w") as f:
            f.write("A" * 50_000)
            f.flush()
            a_started.set()
            b_done.wait(10)
            f.write("A" * 50_000)

    t = threading.Thread(target=writer_a)
    t.start()
    a_started.wait(10)
    with atomic_path(target) as tmp:
        tmp.write_text("B" * 70_000)
    assert target.read_text() == "B" * 70_000
    b_done.set()
    t.join()
    assert target.read_text() == "A" * 100_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]  # no temporary left


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.tmx"
    target.write_text("old")
    with pytest.raises(OutputError, match=r"out\.tmx: cannot write \(disk full\)"), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tmx"]


def test_new_output_has_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "x.svg") as tmp:
            tmp.write_text("<svg/>")
    finally:
        os.umask(old)
    assert (tmp_path / "x.svg").stat().st_mode & 0o777 == 0o644


def test_check_output_refuses_paths_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="does not exist"):
        check_output(tmp_path / "nofolder" / "x.tmx")
    with pytest.raises(OutputError, match="is a directory"):
        check_output(tmp_path)
    with pytest.raises(OutputError, match="is not a folder"):
        check_output(tmp_path / "file" / "x.tmx")
    assert check_output(tmp_path / "ok.tmx") == tmp_path / "ok.tmx"


def _run(*args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DEBUG"}
    return subprocess.Popen([sys.executable, "-m", "workbench", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import BOOKS, CORPUS

    p = tmp_path_factory.mktemp("proj")
    (p / "corpus").mkdir()
    shutil.copy(CORPUS / BOOKS["001"], p / "corpus")
    proc = _run("build", "--project", str(p), "--quiet")
    assert proc.wait(300) == 0, proc.stderr.read()
    return p


def test_two_concurrent_exports_to_one_out(built: Path, tmp_path: Path) -> None:
    """Exports of two formats to the same --out, four processes at once: the file is
    one of the two exports, whole."""
    out = tmp_path / "export.out"
    commands = (["export", "jsonl"], ["export", "tmx"])
    expected = []
    for cmd in commands:
        p = _run(*cmd, "--project", str(built))
        expected.append(p.communicate(timeout=300)[0])
    assert expected[0] != expected[1] and all(len(e) > 10_000 for e in expected)
    for _ in range(3):
        procs = [_run(*cmd, "--project", str(built), "--out", str(out)) for cmd in commands * 2]
        for p in procs:
            assert p.wait(300) == 0, p.stderr.read()
        assert out.read_text(encoding="utf-8") in expected
    assert [p.name for p in tmp_path.iterdir()] == ["export.out"]


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 64 KiB tmpfs: a real full disk (needs root; skipped otherwise)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_export_onto_a_full_disk_is_one_line_and_keeps_the_old_file(built: Path, small_disk: Path) -> None:
    out = small_disk / "units.jsonl"
    out.write_text("previous export\n")
    p = _run("export", "jsonl", "--project", str(built), "--out", str(out))
    err = p.communicate(timeout=300)[1]
    assert p.returncode == 2, err
    assert err.strip().count("\n") == 0 and "Traceback" not in err
    assert "units.jsonl: cannot write (disk full)" in err
    assert out.read_text() == "previous export\n"
    assert [x.name for x in small_disk.iterdir()] == ["units.jsonl"]
