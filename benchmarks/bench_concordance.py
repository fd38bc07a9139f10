"""Concordance search from the review screen: the TM (200,000 entries, through the
store's FTS5 index) plus 50,000 units, against a peer measured in the same run: a
plain case-folded substring scan of the same memory and units (what a search
without an index does).

    .venv/bin/python benchmarks/bench_concordance.py [--tm N] [--units N] [--rounds R]

Prints the median time per query of each, over a few one- to three-word queries.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from workbench.review import concordance
from workbench.review.session import Item
from workbench.store import Store

PAIRS = [
    ("гомсельмаш планирует утроить поставки техники в регионы россии",
     "Gomselmash prévoit de tripler les livraisons de machines aux régions russes"),
    ("беларусь и турция намерены развивать сотрудничество в области полярных исследований",
     "Le Belarus et la Turquie ont l'intention de développer la coopération polaire"),
    ("минский тракторный завод увеличил выпуск продукции",
     "L'usine de tracteurs de Minsk a augmenté sa production"),
]
QUERIES = ["тракторный", "Turquie", "livraisons de machines", "полярных исследований 17"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tm", type=int, default=200_000)
    ap.add_argument("--units", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        store = Store.open(Path(d))
        store.add_tm(((f"{s} {i}", f"{t} {i}", None) for i in range(a.tm) for s, t in [PAIRS[i % 3]]), "bench.tmx")
        items = [Item(f"k{i}", "book.txt", "new", None, None, f"{PAIRS[i % 3][0]} {i}", f"{PAIRS[i % 3][1]} {i}", 0)
                 for i in range(a.units)]
        cache: dict = {}
        t = time.perf_counter()
        folded = concordance.fold_units((("sentences", it) for it in items), cache)
        fold_s = time.perf_counter() - t
        t = time.perf_counter()
        concordance.fold_units((("sentences", it) for it in items), cache)
        again_s = time.perf_counter() - t
        memory = [(r.source, r.target) for r in store.tm_rows()]
        ours, peer = [], []
        for _ in range(a.rounds):
            for q in QUERIES:
                t = time.perf_counter()
                hits = concordance.search(q, store, None, folded)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                needle = q.casefold()
                found = [m for m in memory if needle in m[0].casefold() or needle in m[1].casefold()]
                found += [it for it in items if needle in it.source.casefold() or needle in it.text.casefold()]
                peer.append(time.perf_counter() - t)
                assert hits, q
        store.close()
    print(f"memory {a.tm} entries, {a.units} units, {len(QUERIES)} queries x {a.rounds} rounds")
    print(f"units folded for the first dialog: {fold_s * 1000:.0f} ms, for the next ones: {again_s * 1000:.0f} ms")
    print(f"concordance (FTS5 + folded scan + scoring, top {concordance.LIMIT}): median {statistics.median(ours) * 1000:.0f} ms")
    print(f"peer: case-folded substring scan, no scoring:                median {statistics.median(peer) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
