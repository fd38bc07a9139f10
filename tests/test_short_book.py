"""A short book in the series' style (title, page numbers, two articles) against
its hand-checked gold: every segment, entry, marker and damaged marker."""

from __future__ import annotations

import json

import pytest
from conftest import GOLD

from workbench.pipeline import analyse_text

BOOK = GOLD / "short_book.txt"


@pytest.fixture(scope="module")
def result():
    return analyse_text(BOOK.read_text(encoding="utf-8"), BOOK.name)


@pytest.fixture(scope="module")
def gold():
    return json.loads((GOLD / "short_book.json").read_text(encoding="utf-8"))


def test_segments(result, gold):
    seg = result[0]
    assert [(s.kind, list(s.lines)) for s in seg.segments] == [(g["kind"], g["lines"]) for g in gold["segments"]]


def test_title_is_not_glued_into_the_first_sentence(result):
    first = next(s for s in result[0].segments if s.kind == "body")
    assert first.sentences[0].text.startswith("En 2023, le Belarus")


def test_page_numbers_are_no_footnotes(result, gold):
    covered = {n for s in result[0].segments for n in s.lines}
    assert not covered & set(gold["furniture"]["lines"])
    assert all(e.raw.strip() and e.raw.strip() != str(e.number) for e in result[1])


def test_entries(result, gold):
    got = [e for e in result[1] if e.kind == "footnote"]
    assert [(e.number, e.line_start, e.line_end, e.url) for e in got] == [
        (g["number"], g["line_start"], g["line_end"], g["url"]) for g in gold["entries"]
    ]
    for e, g in zip(got, gold["entries"], strict=False):
        if "lines" in g:
            assert list(e.lines) == g["lines"]


def test_markers_and_damaged(result, gold):
    assert [(m.number, m.line) for m in result[2]] == [(g["number"], g["line"]) for g in gold["markers"]]
    damaged = [d for d in result[3] if d.startswith("damaged marker")]
    assert [d.split(" (")[0] for d in damaged] == [f"damaged marker at line {g['line']}" for g in gold["damaged"]]
    assert not [d for d in result[3] if not d.startswith("damaged marker")]  # no entry or marker missing


def test_clean_text(result, gold):
    body = " ".join(s.text for s in result[0].segments if s.kind == "body")
    for piece in gold["clean_text"]:
        assert piece in body
    assert "xml-ph" not in body and "(2 )" not in body
