"""Headings and structural regions against the hand-checked gold sets in tests/gold/."""

from __future__ import annotations

import csv

import pytest
from conftest import BOOKS, GOLD, segment_at, segmentation


def gold_headings() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    with (GOLD / "headings.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out.setdefault(row["file"], []).append(row)
    return out


def heading_scores() -> dict[str, tuple[int, int, int]]:
    """Per file: (true positives, predicted, gold) by start line and level."""
    gold = gold_headings()
    scores = {}
    for key, name in BOOKS.items():
        g = {(int(r["line_start"]), int(r["level"])) for r in gold.get(name, [])}
        p = {(s.line_start, s.level) for s in segmentation(key).segments if s.kind == "heading"}
        scores[name] = (len(g & p), len(p), len(g))
    return scores


def test_gold_file_is_consistent():
    gold = gold_headings()
    assert set(gold) == set(BOOKS.values())
    for name, rows in gold.items():
        arts = [int(r["article"]) for r in rows if r["level"] == "2"]
        assert arts == list(range(1, len(arts) + 1)), name


def test_heading_precision_and_recall():
    scores = heading_scores()
    tp = sum(s[0] for s in scores.values())
    pred = sum(s[1] for s in scores.values())
    gold = sum(s[2] for s in scores.values())
    precision, recall = tp / pred, tp / gold
    report = ", ".join(f"{n[:3]}: {t}/{p}/{g}" for n, (t, p, g) in scores.items())
    assert precision >= 0.97 and recall >= 0.95, f"P={precision:.2f} R={recall:.2f} ({report})"
    # every book has its headings found, not just the corpus on average
    for name, (t, _p, g) in scores.items():
        assert t >= 0.8 * g, f"{name}: {t} of {g} headings found"


@pytest.mark.parametrize("key", sorted(BOOKS))
def test_heading_text_matches_gold(key):
    gold = {int(r["line_start"]): r for r in gold_headings()[BOOKS[key]]}
    for s in segmentation(key).segments:
        if s.kind == "heading" and s.line_start in gold:
            g = gold[s.line_start]
            assert s.text == g["text"], s.line_start
            assert s.line_end == int(g["line_end"]), s.line_start


def test_structure_regions():
    with (GOLD / "structure.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    keys = {v: k for k, v in BOOKS.items()}
    for r in rows:
        key, a, b = keys[r["file"]], int(r["line_start"]), int(r["line_end"])
        segs = [s for s in segmentation(key).segments if any(a <= n <= b for n in s.lines)]
        assert segs, r
        assert {s.kind for s in segs} == {r["kind"]}, (r["kind"], a, b, {s.kind for s in segs})
        # and the region's first content line opens a segment of that kind
        assert segs[0].line_start >= a
