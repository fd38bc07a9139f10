"""Footnote + marker extraction for the five bundled books: quality against the
hand-checked gold sets (field F1 of the footnote entries, marker-link accuracy, per
book with a gold set), then time.

Measures, after segmentation (timed separately): entry parsing, the global
marker assignment, and the cross-book clustering of sources. The peer, measured
in the same run, is one regular-expression pass finding every digit run of the
same body text (the raw material of marker detection).

    .venv/bin/python benchmarks/bench_footnotes.py [--runs N] [--quality-only]
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


def quality() -> None:
    """Field F1 and marker-link accuracy per book with gold (tests/gold/footnotes_NNN.jsonl,
    markers_NNN.tsv), through the same analysis as `build`."""
    from workbench.evaluate import (
        marker_accuracy,
        overall_f1,
        read_gold_entries,
        read_gold_markers,
        score_entries,
    )
    from workbench.pipeline import analyse_text

    gold_dir = ROOT / "tests" / "gold"
    print(f"{'book':<28} {'entries':>7} {'field F1':>9} {'worst field':>22} {'markers':>7} {'link acc.':>9}")
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        key = path.name[:3]
        fg, mg = gold_dir / f"footnotes_{key}.jsonl", gold_dir / f"markers_{key}.tsv"
        if not fg.exists():
            continue
        _, entries, markers = analyse_text(load_text(path), path.name)[:3]
        gold = read_gold_entries(fg)
        scores = score_entries([e.to_dict() for e in entries if e.kind == "footnote"], gold)
        worst = min(scores.items(), key=lambda kv: kv[1].f1)
        mgold = read_gold_markers(mg)
        acc, _ = marker_accuracy([(m.number, m.line) for m in markers], mgold)
        print(f"{path.name:<28} {len(gold):7d} {overall_f1(scores):9.4f} {worst[0] + f' {worst[1].f1:.3f}':>22}"
              f" {len(mgold):7d} {acc:9.4f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quality-only", action="store_true", help="only the figures against the gold sets")
    args = ap.parse_args()
    quality()
    if args.quality_only:
        return
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
