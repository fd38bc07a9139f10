"""Segmentation, footnote and marker parsing time against input size.

Every stage must be linear in the size of a book. Four shapes, built from the
bundled books in the same run:
  paragraph  the books' body prose as one paragraph on one line (no line break)
  wrapped    the same prose hard-wrapped at 78 columns (one long paragraph)
  notes      the books' footnote and bibliography entries joined on one line
  corpus     the five books concatenated, repeated 1, 4 and 16 times
For each size: seconds per MB of each stage (text: line cleaning; segment:
structure and sentences; footnotes: entries and fields; markers: the global
marker choice, with the sentence split of the cleaned paragraphs), and the
growth of each stage's time over the growth of the size between consecutive
sizes (1.0 is linear, 4.0 quadratic at 4x). The peer, measured in the same run
on the same text, is one regular-expression pass over it (`\\w+`).

    .venv/bin/python benchmarks/bench_segment_scale.py [--shapes paragraph,wrapped,notes,corpus]
        [--sizes 0.25,1,4] [--repeats 1,4,16]
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


def cut(source: str, mb: float) -> str:
    size = int(mb * 1_000_000)
    return (source * (size // len(source) + 1))[:size]


def shapes(texts: list[str], sizes: list[float], repeats: list[int]) -> dict[str, list[Callable[[], str]]]:
    prose = kinds_text(texts, ("body",))
    notes = kinds_text(texts, ("footnote", "bibliography"))
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", default="paragraph,wrapped,notes,corpus")
    ap.add_argument("--sizes", default="0.25,1,4", help="MB of the one-paragraph shapes")
    ap.add_argument("--repeats", default="1,4,16", help="copies of the corpus")
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
            t = measure(text)
            growth = ""
            if prev:
                scale = mb / prev[0]
                growth = " ".join(f"{c} {t[c] / max(prev[1][c], 1e-6) / scale:.2f}" for c in STAGES)
            print(f"{name:<10} {mb:6.2f}  " + " ".join(f"{t[c] / mb:13.4f}" for c in cols) + f"   {growth}",
                  flush=True)
            prev = (mb, t)


if __name__ == "__main__":
    main()
