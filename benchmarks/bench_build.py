"""Build speed on the bundled corpus and on the corpus repeated 10 times.

Prints wall-clock seconds of `build` (pipeline + store) after start-up, the ratio
between the two sizes (10.0 means the cost grows linearly), and, as a peer
measured in the same run, one regular-expression pass over the same text.

    .venv/bin/python benchmarks/bench_build.py [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

from workbench.pipeline import build_project
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent


def make_project(dest: Path, copies: int) -> int:
    corpus = dest / "corpus"
    corpus.mkdir(parents=True)
    size = 0
    for src in sorted((ROOT / "corpus").glob("*.txt")):
        for k in range(copies):
            data = src.read_bytes()
            name = src.name if k == 0 else f"{src.stem}_copy{k}.txt"
            (corpus / name).write_bytes(data)
            size += len(data)
    return size


def time_build(project: Path) -> float:
    with Store.open(project) as store:
        t = time.perf_counter()
        build_project(store, project)
        return time.perf_counter() - t


def regex_pass(project: Path) -> float:
    words = re.compile(r"\w+")
    t = time.perf_counter()
    for p in sorted((project / "corpus").glob("*.txt")):
        sum(1 for _ in words.finditer(p.read_text(encoding="utf-8")))
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    # warm-up: imports, lexicon load, regex compilation (start-up, not work)
    with tempfile.TemporaryDirectory() as d:
        make_project(Path(d), 1)
        time_build(Path(d))
    rows = []
    for copies in (1, args.repeat):
        with tempfile.TemporaryDirectory() as d:
            size = make_project(Path(d), copies)
            t_build = time_build(Path(d))
            t_rebuild = time_build(Path(d))  # same project again: units kept, nothing inserted
            t_regex = regex_pass(Path(d))
            rows.append((copies, size, t_build, t_rebuild, t_regex))
            shutil.rmtree(d, ignore_errors=True)
    print(f"{'corpus':>10} {'MB':>7} {'build s':>9} {'rebuild s':>10} {'regex s':>9} {'build/regex':>12}")
    for copies, size, tb, tr, tx in rows:
        print(f"{str(copies) + 'x':>10} {size / 1e6:7.2f} {tb:9.2f} {tr:10.2f} {tx:9.3f} {tb / tx:12.1f}")
    (c1, _, b1, r1, _), (cn, _, bn, rn, _) = rows
    print(f"growth: build {bn / b1:.1f}x, rebuild {rn / r1:.1f}x for {cn / c1:.0f}x the text (linear = {cn / c1:.0f}.0)")


if __name__ == "__main__":
    main()
