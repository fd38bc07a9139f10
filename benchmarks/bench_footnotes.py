"""Footnote + marker extraction time for the five bundled books.

Measures, after segmentation (timed separately): entry parsing, the global
marker assignment, and the cross-book clustering of sources. The peer, measured
in the same run, is one regular-expression pass finding every digit run of the
same body text (the raw material of marker detection).

    .venv/bin/python benchmarks/bench_footnotes.py [--runs N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from workbench.biblio import cluster_sources
from workbench.footnotes import parse_entries
from workbench.markers import link_markers
from workbench.segment import segment_lines
from workbench.text import clean_lines, load_text

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    books = []
    t = time.perf_counter()
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        lines = clean_lines(load_text(path))
        books.append((path.name, lines, segment_lines(lines, path.name)))
    t_segment = time.perf_counter() - t

    def extract():
        per_book, all_entries = {}, []
        for name, lines, seg in books:
            t0 = time.perf_counter()
            entries = parse_entries(seg.segments)
            link_markers(seg.segments, entries, lines)
            per_book[name] = time.perf_counter() - t0
            all_entries += entries
        t0 = time.perf_counter()
        cluster_sources(all_entries)
        per_book["(sources, all books)"] = time.perf_counter() - t0
        return per_book

    def peer():
        digits = re.compile(r"\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
        t0 = time.perf_counter()
        for _, _, seg in books:
            for s in seg.segments:
                if s.kind == "body":
                    sum(1 for _ in digits.finditer(s.text))
        return time.perf_counter() - t0

    first = extract()  # includes loading the word lists used for title language
    runs = [extract() for _ in range(args.runs)]
    peers = [peer() for _ in range(args.runs)]
    print(f"segmentation of the five books (not counted): {t_segment:.3f} s")
    print(f"{'book':<28} {'extraction s (median)':>22}")
    for name in first:
        print(f"{name:<28} {statistics.median(r[name] for r in runs):22.3f}")
    total = statistics.median(sum(r.values()) for r in runs)
    peer_t = statistics.median(peers)
    print(f"{'total':<28} {total:22.3f}   (first run, with word-list loading: {sum(first.values()):.3f} s)")
    print(f"peer: one regex pass over the body digits: {peer_t:.4f} s; ratio {total / peer_t:.0f}x")


if __name__ == "__main__":
    main()
