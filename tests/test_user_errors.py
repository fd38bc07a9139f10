"""Every command of the README's table, given bad paths and bad encodings, answers
with one line on stderr and exit status 2: never a traceback, never "internal error"."""

from __future__ import annotations

import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOOKS, ROOT, book_path

README_COMMAND = re.compile(r"^\| `workbench ([^`]+)` \|", re.M)


def readme_commands() -> dict[str, str]:
    """Command words (`export jsonl`) -> synopsis, from the README's command table."""
    out = {}
    for synopsis in README_COMMAND.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        words = []
        for w in synopsis.split():
            if not re.fullmatch(r"[a-z][a-z-]*", w):
                break
            words.append(w)
        out[" ".join(words)] = synopsis.replace("\\|", "|")
    return out


def run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DEBUG"}
    return subprocess.run([sys.executable, "-m", "workbench", *args], input=stdin, capture_output=True,
                          env=env, timeout=300)


def run_in_process(args: list[str], stdin: bytes, monkeypatch) -> tuple[int, str]:
    """`main(argv)` as the console script calls it, with the process's stdin, stdout and
    stderr replaced: the same code path without a Python start-up per case."""
    from workbench.cli import main

    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.delenv("WORKBENCH_DEBUG", raising=False)
    try:
        code = main(args)
    except BaseException as e:  # anything escaping main() is a traceback for the user
        code = f"{type(e).__name__} escaped main(): {e}"
    finally:
        monkeypatch.undo()
    return code, err.getvalue()


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, Path]:
    """Bad files and projects of every kind, and one good small project."""
    d = tmp_path_factory.mktemp("bad")
    text = book_path("001").read_text(encoding="utf-8")
    f = {
        "missing": d / "nope.txt",
        "directory": d / "adir",
        "empty": d / "empty.txt",
        "latin-1": d / "latin.txt",
        "binary": d / "image.txt",
        "NUL after 64 KiB": d / "late_nul.txt",
        "under a file": d / "plain.txt" / "x.txt",
    }
    f["directory"].mkdir()
    f["empty"].write_bytes(b"")
    f["latin-1"].write_bytes("Le développement économique\n".encode("latin-1") * 50)
    f["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000))
    f["NUL after 64 KiB"].write_bytes(text.encode("utf-8")[:70000] + b"\x00" + b"fin\n")
    (d / "plain.txt").write_text(text[:2000], encoding="utf-8")

    def project(name: str, db: bytes | None) -> Path:
        p = d / name
        (p / "corpus").mkdir(parents=True)
        (p / "corpus" / BOOKS["001"]).write_text(text, encoding="utf-8")
        shutil.copytree(ROOT / "glossary", p / "glossary")  # so that the store is what is wrong
        if db is not None:
            (p / ".workbench").mkdir()
            (p / ".workbench" / "workbench.db").write_bytes(db)
        return p

    f["project: missing"] = d / "noproj"
    f["project: a file"] = d / "plain.txt"
    f["project: zero-byte database"] = project("zero", b"")
    f["project: foreign file as database"] = project("foreign", b"not a database at all " * 200)
    other = project("other_sqlite", None)
    (other / ".workbench").mkdir()
    conn = sqlite3.connect(other / ".workbench" / "workbench.db")
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    f["project: another program's SQLite"] = other
    good = project("good", None)
    assert run(["build", "--project", str(good), "--quiet"]).returncode == 0
    f["good"] = good
    return f


TEXT_FILE_CASES = ("missing", "directory", "empty", "latin-1", "binary", "NUL after 64 KiB", "under a file")
PROJECT_CASES = ("project: missing", "project: a file", "project: zero-byte database",
                 "project: foreign file as database", "project: another program's SQLite")


STORE_COMMANDS = {"build", "export jsonl", "export tmx", "export markdown", "import tmx", "review", "status",
                  "translate", "score", "glossary fix"}
PROJECT_FILE_COMMANDS = {"glossary check", "glossary suggest", "glossary validate", "export tbx",
                         "export omegat-glossary"}


def cases(command: str, synopsis: str, f: dict[str, Path]) -> list[tuple[str, list[str], bytes]]:
    """(what, argv, stdin) of each bad invocation the synopsis allows."""
    words = command.split()
    out: list[tuple[str, list[str], bytes]] = []
    takes_project = command in STORE_COMMANDS | PROJECT_FILE_COMMANDS
    good = ["--project", str(f["good"])] if takes_project else []
    # what the command needs besides the project, so that the project is what is wrong
    needed = [str(f["good"] / "alignments" / "corpus.tmx")] if command == "import tmx" else []
    if re.search(r"^\S+( \S+)? FILE( |$)", synopsis) or "FILE.argosmodel" in synopsis:
        for what in TEXT_FILE_CASES:  # the file argument
            out.append((f"file: {what}", [*words, str(f[what]), *good], b""))
    if "[FILE...]" in synopsis:
        for what in TEXT_FILE_CASES:
            out.append((f"book: {what}", [*words, str(f[what]), *good], b""))
    if "URL_OR_SLUG" in synopsis:
        out.append(("stdin: latin-1", [*words], "belarus-i-kitaj/économie\n".encode("latin-1")))
        out.append(("stdin: NUL after 64 KiB", [*words], b"belarus-i-kitaj\n" * 5000 + b"\x00x\n"))
        out.append(("stdin: a line longer than a URL", [*words], b"belarus-" * 100_000 + b"\n"))
        out.append(("argument: a line longer than a URL", [*words, "kitaj-" * 2000], b""))
        # a Latin-1 byte in an argument: Python hands it over as a lone surrogate
        out.append(("argument: not UTF-8", [*words, "belarus-i-kitaj-\udce9conomie"], b""))
    if command in STORE_COMMANDS:
        for what in PROJECT_CASES:
            out.append((what, [*words, *needed, "--project", str(f[what])], b""))
    elif command in PROJECT_FILE_COMMANDS:  # they read the project's corpus or glossary, not its store
        for what in PROJECT_CASES[:2]:
            out.append((what, [*words, "--project", str(f[what])], b""))
    if "--glossary TSV" in synopsis:
        for what in ("missing", "directory", "latin-1", "binary"):
            out.append((f"--glossary: {what}", [*words, *good, "--glossary", str(f[what])], b""))
    if "--out FILE" in synopsis:
        for what, path in (("folder missing", f["missing"].parent / "nofolder" / "out.x"),
                           ("a directory", f["directory"]), ("under a file", f["under a file"])):
            out.append((f"--out: {what}", [*words, *good, "--out", str(path)], b""))
    if "--out DIR" in synopsis:
        for what, path in (("a file", f["latin-1"]), ("under a file", f["under a file"])):
            out.append((f"--out: {what}", [*words, *good, "--out", str(path)], b""))
    if "--plot FILE.svg" in synopsis:
        for what, path in (("folder missing", f["missing"].parent / "nofolder" / "c.svg"),
                           ("a directory", f["directory"].parent / "dir.svg"),
                           ("under a file", f["under a file"].with_suffix(".svg"))):
            out.append((f"--plot: {what}", [*words, *good, "--plot", str(path)], b""))
    if not out:  # no path or input to get wrong: an option value instead
        out.append(("bad option value", [*words, "--format", "nope"], b""))
    return out


def test_every_readme_command_answers_bad_paths_and_encodings_with_one_line_and_exit_2(bad, monkeypatch):
    """Each case runs in this process (fast); the first of each command also as a real
    subprocess, the way a user meets it."""
    (bad["directory"].parent / "dir.svg").mkdir(exist_ok=True)
    commands = readme_commands()
    assert len(commands) >= 20  # the table is read, not silently empty
    failures, tried = [], 0
    for command, synopsis in commands.items():
        todo = cases(command, synopsis, bad)
        assert todo, command
        for i, (what, argv, stdin) in enumerate(todo):
            tried += 1
            results = [run_in_process(argv, stdin, monkeypatch)]
            if i == 0:
                p = run(argv, stdin)
                results.append((p.returncode, p.stderr.decode("utf-8", "replace")))
            for code, err in results:
                lines = err.strip().splitlines()
                if code != 2 or len(lines) != 1 or "Traceback" in err or "internal error" in err:
                    failures.append(f"{command} [{what}]: exit {code}: {err.strip()[-300:]!r}")
                elif os.environ.get("SHOW_MESSAGES"):
                    print(f"{command:24} {what:36} {lines[0][:150]}")
    print(f"{tried} bad invocations of {len(commands)} commands")
    assert not failures, "\n".join(failures)
    # nothing was created where a store was refused
    assert (bad["project: zero-byte database"] / ".workbench" / "workbench.db").read_bytes() == b""
