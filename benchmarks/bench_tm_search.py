"""`workbench tm search` at scale: a memory of N entries (default 200,000) made of
sentences drawn from the corpus's own words (so word frequencies are realistic),
searched through the store's FTS5 concordance index and scored with rapidfuzz,
against a peer measured in the same run: rapidfuzz scoring every source of the
memory (what a matcher without an index does, as the review screen once did).

    .venv/bin/python benchmarks/bench_tm_search.py [--entries N] [--queries Q] [--seed S]

Half the queries are a stored source, half a stored source with its last word
changed (a fuzzy match). Prints the median and p95 time per query of each, and
whether both found the same best match.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from workbench import tm
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * q))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    vocab = re.findall(r"\w{3,}", text)

    def sentence() -> str:
        return " ".join(rnd.choice(vocab) for _ in range(rnd.randint(6, 14)))

    rows = [(sentence(), sentence(), None) for _ in range(a.entries)]
    queries = []
    for i in range(a.queries):
        src = rows[rnd.randrange(a.entries)][0]
        queries.append(src if i % 2 else " ".join([*src.split()[:-1], rnd.choice(vocab)]))
    with tempfile.TemporaryDirectory() as d:
        store = Store.open(Path(d))
        t = time.perf_counter()
        store.add_tm(iter(rows), "bench.tmx")
        load_s = time.perf_counter() - t
        sources = [r[0] for r in rows]
        ours, peer, same = [], [], 0
        for q in queries:
            t = time.perf_counter()
            hits = tm.search(store, q)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            best = process.extractOne(q, sources, scorer=fuzz.ratio)
            peer.append(time.perf_counter() - t)
            same += bool(hits and best and hits[0].score >= round(best[1], 1) - 0.05)
        store.close()
    print(f"memory: {a.entries} entries loaded in {load_s:.1f} s; {len(queries)} queries")
    print(f"tm search (FTS5 candidates + rapidfuzz): median {statistics.median(ours) * 1000:.1f} ms,"
          f" p95 {pct(ours, 0.95) * 1000:.1f} ms")
    print(f"peer: rapidfuzz over every source:       median {statistics.median(peer) * 1000:.1f} ms,"
          f" p95 {pct(peer, 0.95) * 1000:.1f} ms")
    print(f"same best score as the exhaustive peer: {same}/{len(queries)}")


if __name__ == "__main__":
    main()
