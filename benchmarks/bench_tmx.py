"""TMX writing speed: 100,000 units, the workbench's streaming writer against
translate-toolkit's TMX writer, measured side by side.

    .venv/bin/python benchmarks/bench_tmx.py [--units N]
"""

from __future__ import annotations

import argparse
import os
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=100_000)
    args = ap.parse_args()
    us = units(args.units)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "w.tmx")
        t = time.perf_counter()
        write_tmx(us, path)
        t_ours = time.perf_counter() - t
        size = os.path.getsize(path)
        try:
            from translate.storage.tmx import tmxfile
        except ImportError:
            print(f"workbench: {args.units} units in {t_ours:.2f} s ({size / 1e6:.1f} MB); "
                  "translate-toolkit is not installed (extra 'test'), no peer")
            return
        t = time.perf_counter()
        store = tmxfile(sourcelanguage="ru", targetlanguage="fr")
        for u in us:
            store.addtranslation(u.source, "ru", u.target, "fr")
        with open(os.path.join(d, "tt.tmx"), "wb") as f:
            store.serialize(f)
        t_tt = time.perf_counter() - t
    print(f"workbench streaming writer: {args.units} units in {t_ours:.2f} s ({size / 1e6:.1f} MB, with provenance props)")
    print(f"translate-toolkit tmxfile:  {args.units} units in {t_tt:.2f} s (no props)")
    print(f"ratio: {t_tt / t_ours:.1f}x")


if __name__ == "__main__":
    main()
