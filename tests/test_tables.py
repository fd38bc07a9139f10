"""Command-line tables fit the terminal: text wraps, and cut text ends with "…"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOOKS, book_path
from rich.console import Console

from workbench.tables import ELLIPSIS, make_table, shorten


def run(*args: str, columns: int = 80, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("WORKBENCH_DEBUG", "LINES")}
    env["COLUMNS"] = str(columns)  # rich's width when output is not a terminal
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    s = "Le Belarus et l'Arménie multiplient par 2,5 leur commerce en cinq ans"
    assert shorten(s, 200) == s
    cut = shorten(s, 30)
    assert cut == "Le Belarus et l'Arménie…" and len(cut) <= 30
    assert shorten("x" * 50, 10) == "x" * 9 + ELLIPSIS  # no word boundary: cut anyway, marked


@pytest.mark.parametrize("width", [60, 80, 120, 160])
def test_a_table_fits_the_width_and_loses_no_word_silently(width):
    title = "Le Belarus et l'Arménie multiplient par 2,5 leur commerce en cinq ans selon les statistiques"
    rows = [["footnote", "12", "1200-1203", "aligned", "0.95", title, "беларусь и армения за 5 лет"],
            ["bibliography", "", "3-4", "title_missing", "0.10", "Court", ""]]
    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(make_table(["kind", "no", "lines", "status", "score", "title_fr", "title_ru"], rows,
                             text=["title_fr", "title_ru"], width=width))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= width
    # every word of the wrapped title is there, in order
    body = " ".join(line.split("│")[6].strip() for line in lines if line.startswith("│"))
    assert " ".join(body.split()) == title + " Court"


def test_align_table_at_80_columns(tmp_path):
    p = run("align", str(book_path("004")), "--format", "table", "--no-glossary", "--project", str(tmp_path))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert len([line for line in lines if line.startswith("│ ")]) > 100
    # a long French title is wrapped over several lines, not cut mid-word
    assert any(line.startswith("│      │") for line in lines)


@pytest.mark.parametrize("columns", [80, 120])
def test_footnotes_table_fits(columns):
    p = run("footnotes", str(book_path("002")), "--format", "table", columns=columns)
    assert p.returncode == 0, p.stderr
    assert max(len(line) for line in p.stdout.splitlines()) <= columns
    assert "https://" in p.stdout  # URLs wrap (folded) rather than vanish


def test_segments_table_ends_a_long_paragraph_with_an_ellipsis():
    p = run("segments", str(book_path("004")), "--format", "table", "--kind", "body", columns=100)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert any(ELLIPSIS in line for line in lines)


def test_unknown_kind_is_one_line_and_exit_2(tmp_path):
    book = str(book_path("004"))
    for args in (["segments", book, "--kind", "bodyy"], ["footnotes", book, "--kind", "note"],
                 ["glossary", "check", book, "--kind", "speling"],
                 ["qa", "dismiss", "--kind", "varient", "--found", "x", "--why", "y", "--project", str(tmp_path)]):
        p = run(*args)
        assert p.returncode == 2, (args, p.stderr)
        assert p.stderr.count("\n") == 1 and "invalid choice" in p.stderr and "Traceback" not in p.stderr
        assert p.stdout == ""
    assert not (tmp_path / "glossary").exists()  # the refused dismissal wrote nothing


def test_build_without_corpus_leaves_nothing_behind(tmp_path):
    for folder in (tmp_path / "empty", tmp_path / "missing"):
        if folder.name == "empty":
            folder.mkdir()
        p = run("build", "--project", str(folder))
        assert p.returncode == 2 and p.stderr.count("\n") == 1 and "no corpus/" in p.stderr, p.stderr
        assert not folder.exists() or not any(folder.iterdir())
    (tmp_path / "empty" / "corpus").mkdir()
    p = run("build", cwd=tmp_path / "empty")  # the default project: the current folder
    assert p.returncode == 2 and "no .txt files" in p.stderr
    assert sorted(x.name for x in (tmp_path / "empty").iterdir()) == ["corpus"]


def test_build_summary_fits_80_columns(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / BOOKS["001"]).write_bytes(book_path("001").read_bytes())
    p = run("build", "--project", str(tmp_path))
    assert p.returncode == 0, p.stderr
    assert max(len(line) for line in p.stdout.splitlines()) <= 80
    # the book's title wraps in its cell: every word is there
    assert "Modifications de la loi comme" in p.stdout and "investisseurs" in p.stdout
