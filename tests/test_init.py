"""`workbench init DIR`: a new project that `build` takes as it is, and never over another one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import GOLD, ROOT

from workbench.init import EXAMPLE_ROW
from workbench.terms import COLUMNS, load_glossary, parse_glossary


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DEBUG"}
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def one_line_error(p: subprocess.CompletedProcess, needle: str) -> None:
    assert p.returncode == 2, p.stderr
    assert p.stderr.count("\n") == 1 and needle in p.stderr and "Traceback" not in p.stderr, p.stderr


def tree(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_init_makes_a_project_build_takes(tmp_path):
    p = run("init", "my-book", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    d = tmp_path / "my-book"
    assert sorted(tree(d)) == [".gitignore", "README.md", "glossary/glossary.tsv"]
    assert (d / "corpus").is_dir() and not any((d / "corpus").iterdir())
    lines = (d / "glossary" / "glossary.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert len(lines) == 2 and lines[1].startswith("# ")
    # the loader takes the file as it is (an empty glossary) ...
    assert len(load_glossary(d / "glossary" / "glossary.tsv")) == 0
    assert "0 concepts" in run("glossary", "validate", "--project", str(d)).stdout
    # ... and the example row, once uncommented, is a valid concept
    g = parse_glossary(lines[0] + "\n" + lines[1][2:] + "\n")
    (c,) = g.concepts
    assert (c.fr, c.ru, c.id, c.type) == EXAMPLE_ROW[:1] + EXAMPLE_ROW[1:2] + EXAMPLE_ROW[3:5]
    assert c.variants == ("GOMSELMASH",) and c.forbidden == ("Gomselmashch",)
    readme = (d / "README.md").read_text(encoding="utf-8")
    assert "# my-book" in readme and "workbench build" in readme and "corpus/" in readme
    assert ".workbench/" in (d / ".gitignore").read_text(encoding="utf-8")
    # a book in, a build: the new project works as it is
    shutil.copy(GOLD / "short_book.txt", d / "corpus" / "short_book.txt")
    p = run("build", "--project", str(d), "--quiet")
    assert p.returncode == 0, p.stderr
    assert (d / ".workbench" / "workbench.db").is_file() and (d / "alignments" / "corpus.tmx").is_file()


def test_init_never_touches_an_existing_project(tmp_path):
    d = tmp_path / "p"
    assert run("init", str(d)).returncode == 0
    (d / "corpus" / "book.txt").write_text("texte", encoding="utf-8")
    (d / "glossary" / "glossary.tsv").write_text("mine", encoding="utf-8")
    before = tree(d)
    one_line_error(run("init", str(d)), "already holds a project")
    assert tree(d) == before
    # this repository is a project too
    one_line_error(run("init", str(ROOT)), "already holds a project")
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    one_line_error(run("init", str(f)), "is a file")
    assert f.read_text(encoding="utf-8") == "x"


def test_init_in_an_empty_folder_or_a_git_checkout(tmp_path):
    d = tmp_path / "repo"
    d.mkdir()
    (d / ".gitignore").write_text("*.pdf\n", encoding="utf-8")
    assert run("init", str(d)).returncode == 0
    assert (d / ".gitignore").read_text(encoding="utf-8") == "*.pdf\n"  # theirs, kept
    assert (d / "glossary" / "glossary.tsv").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".workbench-init")]


def test_readme_quick_start_shows_init():
    quick = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"workbench init \S+", quick)
    assert "workbench build --project" in quick
