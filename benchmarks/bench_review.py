"""Review TUI speed: first paint and moving to the next unit, on the bundled corpus
project and on synthetic projects of 100 and 50,000 units (headless, Textual's pilot).

    .venv/bin/python benchmarks/bench_review.py [--units 50000] [--moves 60]

First paint = from creating the app to the first unit shown in every pane (the store
opened, the queues loaded, the panes rendered). Next unit = the handler of "next"
(save check, store read, every pane updated) plus the repaint, per move, as the pilot
measures it (its own wait, shown alone in the last column, is included); flat means the
50,000-unit figure is close to the 100-unit one, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("le Belarus et la Turquie ont signé un accord de coopération économique dans le domaine "
         "des machines agricoles Gomselmash livre des moissonneuses aux régions de Russie en 2021").split()


def synthetic_project(dest: Path, n: int) -> Path:
    """A project whose store holds n sentence units in 20 books (no corpus files)."""
    from workbench.model import Document, Segment, Sentence
    from workbench.store import Store
    from workbench.units import sentence_units

    rng = random.Random(n)
    dest.mkdir(parents=True)
    per_book = n // 20
    with Store.open(dest) as store:
        for b in range(20):
            name = f"{b:03d}_synthetic.txt"
            segs = []
            for i in range(per_book):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + f" {i}."
                segs.append(Segment(name, i, "body", 1, text, i + 1, i + 1, (i + 1,), (Sentence(text, i + 1, i + 1),)))
            store.ingest(Document(name, f"sha-{b}", per_book, "Synthetic"), segs, sentence_units(segs))
    return dest


async def measure(project: Path, moves: int) -> tuple[float, list[float], int]:
    from workbench.review.app import ReviewApp

    t0 = time.perf_counter()
    app = ReviewApp(project)
    async with app.run_test(size=(160, 50)) as pilot:
        while not app.loaded:
            await pilot.pause(0.005)
        await pilot.pause()
        first_paint = time.perf_counter() - t0
        n_units = sum(len(v.items) for v in app.session.views.values())
        idle = []
        for _ in range(moves):  # what the pilot's own wait costs, without a move
            t = time.perf_counter()
            await pilot.pause()
            idle.append(time.perf_counter() - t)
        times = []
        for _ in range(moves):
            t = time.perf_counter()
            app.action_move(1)
            await pilot.pause()
            times.append(time.perf_counter() - t)
    return first_paint, times, n_units, statistics.median(idle)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=50_000)
    ap.add_argument("--moves", type=int, default=60)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        bundled = tmp / "bundled"
        shutil.copytree(ROOT / "corpus", bundled / "corpus")
        shutil.copytree(ROOT / "glossary", bundled / "glossary")
        from workbench.pipeline import build_project
        from workbench.store import Store

        with Store.open(bundled) as s:
            build_project(s, bundled)
        small = synthetic_project(tmp / "small", 100)
        large = synthetic_project(tmp / "large", args.units)
        print(f"{'project':<22}{'units':>8}{'first paint':>14}{'next unit median':>19}{'p95':>9}"
              f"{'pilot wait alone':>19}")
        results = {}
        for label, proj in (("bundled corpus", bundled), ("synthetic 100", small), (f"synthetic {args.units}", large)):
            fp, times, n, idle = asyncio.run(measure(proj, args.moves))
            med = statistics.median(times) * 1000
            p95 = sorted(times)[int(0.95 * (len(times) - 1))] * 1000
            results[label] = med
            print(f"{label:<22}{n:>8}{fp:>13.2f}s{med:>17.1f}ms{p95:>7.1f}ms{idle * 1000:>17.1f}ms")
        ratio = results[f"synthetic {args.units}"] / results["synthetic 100"]
        print(f"next unit, {args.units} units / 100 units: {ratio:.2f}x (1.00 = flat)")
        print("targets: first paint < 1.5 s (bundled), < 3 s (50,000 units); next unit < 50 ms, flat")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
