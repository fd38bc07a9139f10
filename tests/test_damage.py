"""Synthetic damage on clean material from the books (benchmarks/bench_damage.py):
every damage class keeps its entries and markers, on two seeds."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_damage


@functools.cache
def material():
    return bench_damage.material()


@pytest.mark.parametrize("seed", [18, 7])
def test_recall_per_damage_class(seed):
    text, pages = bench_damage.build(*material(), 20 * len(bench_damage.CLASSES), seed)
    res = bench_damage.score(text, pages)
    for c in bench_damage.CLASSES:
        assert res[c]["pages"] >= 19
        assert res[c]["both"] / res[c]["pages"] >= 0.95, (c, dict(res[c]))
    assert not res["none"]["body polluted"]


def test_the_damage_is_there():
    """The built pages carry each damage as described (else the recall means nothing)."""
    text, pages = bench_damage.build(*material(), 2 * len(bench_damage.CLASSES), 18)
    lines = text.split("\n")
    by_class = {p.damage: p for p in pages}
    glued = by_class["glued"]
    assert f"{glued.number}." in lines[glued.marker_line - 1]
    sup = by_class["superscript"]
    assert str(sup.number).translate(bench_damage._SUP) in lines[sup.marker_line - 1]
    spaced = by_class["url_spaces"]
    assert "https://www. " in "\n".join(lines[spaced.entry_line - 1 : spaced.entry_line + 3])
    def entry(p):
        return " ".join(lines[p.entry_line - 1 : p.entry_line + 3])

    slipped = by_class["slipped"]
    assert "-- URL :" in entry(slipped) and slipped.url_expected not in entry(slipped).replace(" ", "")
    assert "avec la participation de la BSU." in entry(by_class["mt_words"])
    moved = by_class["moved_marker"]
    assert f". {moved.number}" in lines[moved.marker_line - 1]
    spaced = by_class["spaced_marker"]
    assert f'" . {spaced.number}' in lines[spaced.marker_line - 1] or f"({spaced.number} )" in text
