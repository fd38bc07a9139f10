"""Segmentation, footnote and marker parsing time against input size.

Every stage must be linear in the size of a book. Four shapes, built from the
bundled books in the same run:
  paragraph  the books' body prose as one paragraph on one line (no line break)
  wrapped    the same prose hard-wrapped at 78 columns (paragraphs of thousands of lines)
  notes      the books' footnote and bibliography entries joined on one line
             (these three repeat one 128 KB sample of 64 evenly spaced pieces, so
             that every size has the same make-up)
  corpus     the five books concatenated in one file, repeated 8, 16 and 32 times
             (fewer copies are not proportional: the file has one bibliography and
             back matter, so the body share per copy grows up to about 8 copies)
For each size: seconds per MB of each stage (text: line cleaning; segment:
structure and sentences; footnotes: entries and fields; markers: the global
marker choice, with the sentence split of the cleaned paragraphs), and the
growth of each stage's time over the growth of the size between consecutive
sizes (1.0 is linear, 4.0 quadratic at 4x). The peer, measured in the same run
on the same text, is one regular-expression pass over it (`\\w+`). Each figure
is the best of --runs runs (one run when a run takes over 10 s).

    .venv/bin/python benchmarks/bench_segment_scale.py [--shapes paragraph,wrapped,notes,corpus]
        [--sizes 0.25,1,4] [--repeats 8,16,32] [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from workbench.footnotes import parse_entries
from workbench.markers import link_markers
from workbench.segment import segment_lines
from workbench.text import clean_lines, load_text

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("text", "segment", "footnotes", "markers")


def books() -> list[str]:
    return [load_text(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]


def kinds_text(texts: list[str], kinds: tuple[str, ...]) -> str:
    """The text of the segments of these kinds, all books, joined by spaces."""
    parts = []
    for i, text in enumerate(texts):
        seg = segment_lines(clean_lines(text), f"{i}.txt", sentences=False)
        parts += [s.text for s in seg.segments if s.kind in kinds]
    return " ".join(parts)


def sample(source: str, pieces: int = 64, size: int = 2_000) -> str:
    """Evenly spaced pieces of the source, cut at spaces: every size of a
    shape repeats this one sample, so all sizes have the same make-up."""
    step = max(len(source) // pieces, 1)
    out = []
    for k in range(pieces):
        a = source.find(" ", k * step) + 1
        b = source.find(" ", a + size)
        out.append(source[a : b if b > 0 else len(source)])
    return " ".join(out) + " "


def cut(unit: str, mb: float) -> str:
    size = int(mb * 1_000_000)
    return (unit * (size // len(unit) + 1))[:size]


def shapes(texts: list[str], sizes: list[float], repeats: list[int]) -> dict[str, list[Callable[[], str]]]:
    prose = sample(kinds_text(texts, ("body",)))
    notes = sample(kinds_text(texts, ("footnote", "bibliography")))
    return {
        "paragraph": [lambda mb=mb: cut(prose, mb) for mb in sizes],
        "wrapped": [lambda mb=mb: "\n".join(textwrap.wrap(cut(prose, mb), 78)) for mb in sizes],
        "notes": [lambda mb=mb: cut(notes, mb) for mb in sizes],
        "corpus": [lambda k=k: "\n".join(texts) * k for k in repeats],
    }


def measure(text: str) -> dict[str, float]:
    t = {}
    t0 = time.perf_counter()
    lines = clean_lines(text)
    t["text"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    seg = segment_lines(lines, "book.txt")
    t["segment"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    entries = parse_entries(seg.segments)
    t["footnotes"] = time.perf_counter() - t0
    unsplit = segment_lines(lines, "book.txt", sentences=False)  # what the pipeline hands the marker stage
    t0 = time.perf_counter()
    link_markers(unsplit.segments, entries, lines)
    t["markers"] = time.perf_counter() - t0
    words = re.compile(r"\w+")
    t0 = time.perf_counter()
    sum(1 for _ in words.finditer(text))
    t["peer"] = time.perf_counter() - t0
    return t


def best_of(text: str, runs: int) -> dict[str, float]:
    best = measure(text)
    for _ in range(runs - 1):
        if sum(best.values()) > 10:
            break
        t = measure(text)
        best = {k: min(v, t[k]) for k, v in best.items()}
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", default="paragraph,wrapped,notes,corpus")
    ap.add_argument("--sizes", default="0.25,1,4", help="MB of the one-paragraph shapes")
    ap.add_argument("--repeats", default="8,16,32", help="copies of the corpus")
    ap.add_argument("--runs", type=int, default=5, help="best of this many runs per size")
    args = ap.parse_args()
    texts = books()
    parse_entries(segment_lines(clean_lines(texts[0]), "warm.txt").segments)  # load the word lists once
    built = shapes(texts, [float(s) for s in args.sizes.split(",")], [int(k) for k in args.repeats.split(",")])
    cols = (*STAGES, "peer")
    print(f"{'shape':<10} {'MB':>6}  " + " ".join(f"{c + ' s/MB':>13}" for c in cols) + "   growth (1.0 = linear)")
    for name in args.shapes.split(","):
        prev: tuple[float, dict[str, float]] | None = None
        for make in built[name]:
            text = make()
            mb = len(text.encode("utf-8")) / 1_000_000
            t = best_of(text, args.runs)
            growth = ""
            if prev:
                scale = mb / prev[0]
                growth = " ".join(f"{c} {t[c] / max(prev[1][c], 1e-6) / scale:.2f}" for c in cols)
            print(f"{name:<10} {mb:6.2f}  " + " ".join(f"{t[c] / mb:13.4f}" for c in cols) + f"   {growth}",
                  flush=True)
            prev = (mb, t)


if __name__ == "__main__":
    main()
