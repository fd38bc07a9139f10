"""TMX writing speed: 100,000 units, the workbench's writer against
translate-toolkit's TMX writer, measured side by side in the same run.

    .venv/bin/python benchmarks/bench_tmx.py [--units N] [--rounds R]

Each round builds the units afresh and writes them to a file with the
workbench's writer, then with translate-toolkit. The figures printed at the end
are medians over the rounds, and the ratio is the median of each round's
translate-toolkit / workbench ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from workbench.formats.tmx import TmxUnit, write_tmx


def units(n: int) -> list[TmxUnit]:
    base = [
        ("гомсельмаш планирует утроить поставки техники в регионы россии в 2021 году",
         "Gomselmash prévoit de tripler les livraisons de machines aux régions russes en 2021"),
        ("беларусь и турция намерены развивать сотрудничество в области полярных исследований",
         "Le Belarus et la Turquie ont l'intention de développer la coopération dans le domaine de la recherche polaire"),
    ]
    out = []
    for i in range(n):
        s, t = base[i % 2]
        u = TmxUnit(f"{s} {i}", f"{t} {i}")
        u.props = [("x-file", "000_a387d45f261e04d0.txt"), ("x-entry", f"footnote {i}"), ("x-status", "new")]
        out.append(u)
    return out


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    try:
        from translate.storage.tmx import tmxfile
    except ImportError:
        tmxfile = None
    ours, peer = [], []
    with tempfile.TemporaryDirectory() as d:
        path, path_tt = os.path.join(d, "w.tmx"), os.path.join(d, "tt.tmx")

        def translate_toolkit() -> None:
            store = tmxfile(sourcelanguage="ru", targetlanguage="fr")
            for u in us:
                store.addtranslation(u.source, "ru", u.target, "fr")
            with open(path_tt, "wb") as f:
                store.serialize(f)

        for r in range(args.rounds):
            us = units(args.units)  # fresh units every round: nothing is reused between runs
            ours.append(timed(lambda us=us: write_tmx(us, path)))
            line = f"round {r + 1}: workbench {ours[-1]:.2f} s"
            if tmxfile is not None:
                peer.append(timed(translate_toolkit))
                line += f", translate-toolkit {peer[-1]:.2f} s, ratio {peer[-1] / ours[-1]:.1f}x"
            print(line, flush=True)
        size = os.path.getsize(path)
    med = statistics.median
    print(f"workbench writer:          {args.units} units in {med(ours):.2f} s "
          f"({size / 1e6:.1f} MB, with provenance props)")
    if not peer:
        print("translate-toolkit is not installed (extra 'test'), no peer")
        return
    print(f"translate-toolkit tmxfile: {args.units} units in {med(peer):.2f} s (no props)")
    print(f"ratio: {med(p / o for p, o in zip(peer, ours, strict=False)):.1f}x; medians of {args.rounds} rounds")


if __name__ == "__main__":
    main()
