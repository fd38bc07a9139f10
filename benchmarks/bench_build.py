"""Build speed on the bundled corpus and on the corpus repeated 10 times.

Prints wall-clock seconds of the whole `workbench build` command (start-up
included, in a fresh process: on an empty project, and again on the built
project, where unchanged books come from the per-book cache), of
`workbench --help`, of `build` (pipeline + store, every book processed) after start-up, the
ratio between the two sizes (10.0 means the cost grows linearly), and, as a peer
measured in the same run, one regular-expression pass over the same text: warm
work is also given in units of that pass. Last, a profile of one warm build of
the bundled corpus: the top functions by cumulative time, so the next hot spot
is visible.

    .venv/bin/python benchmarks/bench_build.py [--repeat N] [--top N]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import shutil
import subprocess
import sys
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
    shutil.copytree(ROOT / "glossary", dest / "glossary")  # the build matches terms as a project does
    return size


def time_build(project: Path, use_cache: bool = False) -> float:
    with Store.open(project) as store:
        t = time.perf_counter()
        build_project(store, project, use_cache=use_cache)
        return time.perf_counter() - t


def regex_pass(project: Path) -> float:
    words = re.compile(r"\w+")
    t = time.perf_counter()
    for p in sorted((project / "corpus").glob("*.txt")):
        sum(1 for _ in words.finditer(p.read_text(encoding="utf-8")))
    return time.perf_counter() - t


def time_command(*args: str) -> float:
    """A whole `workbench` command in a new process: start-up, lexicons, work."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workbench", *args],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def profile_build(project: Path, top: int) -> str:
    """The `top` functions by cumulative time in one warm build of `project`."""
    prof = cProfile.Profile()
    with Store.open(project) as store:
        prof.enable()
        build_project(store, project)
        prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
    stats.print_stats(top)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        make_project(Path(d), 1)
        t_command = time_command("build", "--project", d)
        t_again = time_command("build", "--project", d)
        t_help = min(time_command("--help") for _ in range(3))
        t_regex_1 = regex_pass(Path(d))
        time_build(Path(d), use_cache=True)
        t_cached = time_build(Path(d), use_cache=True)
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
    (c1, _, b1, r1, x1), (cn, _, bn, rn, _) = rows
    print(f"growth: build {bn / b1:.1f}x, rebuild {rn / r1:.1f}x for {cn / c1:.0f}x the text (linear = {cn / c1:.0f}.0)")
    print(f"whole command `workbench build` (1x), empty project: {t_command:.2f} s"
          f" = {t_command / t_regex_1:.0f} regex passes")
    print(f"whole command `workbench build` (1x), built project (books from the cache): {t_again:.2f} s"
          f" = {t_again / t_regex_1:.0f} regex passes")
    print(f"whole command `workbench --help`: {t_help:.2f} s")
    print(f"warm work (1x): every book processed {b1 / x1:.1f} regex passes of {x1:.3f} s;"
          f" unchanged books from the cache {t_cached / t_regex_1:.1f} regex passes of {t_regex_1:.3f} s")
    with tempfile.TemporaryDirectory() as d:
        make_project(Path(d), 1)
        time_build(Path(d))  # warm: the profile is of work, not of loading
        print(f"\nprofile of one warm build (1x), top {args.top} by cumulative time:")
        print(profile_build(Path(d), args.top))


if __name__ == "__main__":
    main()
