"""Incremental and parallel build, measured as a person runs them: whole
`workbench build` commands in fresh processes, side by side in one run.

1. Incremental: a full build of the bundled corpus, then a rebuild after one
   book of five changed (each book in turn, on a copy of the built project):
   its time as a share of the full one.
2. Parallel: the corpus repeated N times (default 10) with distinct slugs and
   names in each copy (the words of every URL slug rotated, every name inside a
   sentence given a copy's own ending), so no copy's results can come from
   another's; built with `--jobs 1` and `--jobs J`, and the 1x corpus with
   `--jobs 1`: the speed-up, the growth from 1x to Nx, and the peak memory of
   the whole process tree (parent and workers), as the sum of proportional set
   sizes (PSS: a page the workers share with the parent counts once) and as the
   sum of resident sizes (RSS: counted in every process that maps it).
   The answer caches (Hunspell, Grammalecte, lingua: $XDG_CACHE_HOME) start
   from the same copy for every run, warmed by one build of the 1x corpus only.
3. The peer: one regular-expression pass over the same text, timed in the same run.

    .venv/bin/python benchmarks/bench_scale.py [--copies N] [--jobs J] [--skip-parallel]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENDINGS = ["", "ovan", "anek", "ilor", "eska", "urin", "odel", "amir", "ulon", "evik", "arso", "enta"]
_URL = re.compile(r"(https?://[^\s<>]*/)([a-z0-9]+(?:[-_][a-z0-9]+)+)")
_NAME = re.compile(r"(?<=[a-zàâçéèêëîïôûùüÿœ,] )([A-Z][a-zàâçéèêëîïôûùüÿœ]{3,})\b")


def distinct_copy(text: str, k: int) -> str:
    """Copy k of a book: its slugs' words rotated by k, its names given ending k."""
    if k == 0:
        return text

    def slug(m: re.Match) -> str:
        parts = re.split(r"([-_])", m.group(2))
        words, seps = parts[0::2], parts[1::2]
        cut = next((i for i, w in enumerate(words) if w.isdigit() and len(w) > 4), len(words))
        head = words[:cut]
        if len(head) > 1:
            r = k % len(head)
            head = head[r:] + head[:r]
            if r == 0:
                head = head[::-1]
        words = head + words[cut:]
        out = words[0]
        for sep, w in zip(seps, words[1:], strict=True):
            out += sep + w
        return m.group(1) + out + f"-c{k}"

    text = _URL.sub(slug, text)
    return _NAME.sub(lambda m: m.group(1) + ENDINGS[k % len(ENDINGS)], text)


def make_project(dest: Path, copies: int) -> int:
    corpus = dest / "corpus"
    corpus.mkdir(parents=True)
    size = 0
    for src in sorted((ROOT / "corpus").glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for k in range(copies):
            name = src.name if k == 0 else f"{src.stem}_c{k}.txt"
            data = distinct_copy(text, k).encode("utf-8")
            (corpus / name).write_bytes(data)
            size += len(data)
    shutil.copytree(ROOT / "glossary", dest / "glossary")
    return size


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    """(sum of PSS, sum of RSS) in kB over `pids`."""
    pss = rss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            pass
    return pss, rss


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall s, CPU s of the tree, peak PSS MB, peak RSS MB) of one command."""
    peak = [0, 0]
    t = time.perf_counter()
    before = os.times()
    proc = subprocess.Popen([sys.executable, "-m", "workbench", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pss, rss = _memory(_tree(proc.pid))
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            done.wait(0.05)

    th = threading.Thread(target=sample)
    th.start()
    rc = proc.wait()
    done.set()
    th.join()
    wall = time.perf_counter() - t
    after = os.times()
    if rc:
        raise SystemExit(f"workbench {' '.join(args)}: exit {rc}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, peak[0] // 1024, peak[1] // 1024


def regex_pass(project: Path) -> float:
    words = re.compile(r"\w+")
    t = time.perf_counter()
    for p in sorted((project / "corpus").glob("*.txt")):
        sum(1 for _ in words.finditer(p.read_text(encoding="utf-8")))
    return time.perf_counter() - t


def change_one_book(project: Path, i: int) -> str:
    """Book i changes: a paragraph of its body goes, a word is added elsewhere."""
    path = sorted((project / "corpus").glob("*.txt"))[i]
    lines = path.read_text(encoding="utf-8").split("\n")
    body = [i for i, ln in enumerate(lines) if len(ln) > 60 and ln[:1].isupper()]
    del lines[body[len(body) // 2]: body[len(body) // 2] + 3]
    j = body[len(body) // 3]
    lines[j] = lines[j].replace(" la ", " la nouvelle ", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path.name


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-parallel", action="store_true")
    ap.add_argument("--skip-incremental", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        warm = work / "cache-warm"
        env = {**os.environ, "XDG_CACHE_HOME": str(warm)}
        if os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" / "workbench").is_dir():
            src = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "workbench"
            shutil.copytree(src, warm / "workbench")  # the user's answer caches as a start
        p1 = work / "one"
        make_project(p1, 1)
        run(["build", "--project", str(p1), "--quiet", "--no-cache", "--jobs", "1"], env)  # warms the answer caches
        shutil.rmtree(p1)

        def fresh_env(tag: str) -> dict[str, str]:
            d = work / f"cache-{tag}"
            shutil.copytree(warm, d)
            return {**os.environ, "XDG_CACHE_HOME": str(d)}

        # 1. incremental: each book of five changed in turn, on a copy of the built project
        make_project(p1, 1)
        if args.skip_incremental:
            return parallel(args, work, p1, fresh_env)
        x1 = regex_pass(p1)
        e = fresh_env("inc")
        full = run(["build", "--project", str(p1), "--quiet", "--jobs", "1"], e)
        again = run(["build", "--project", str(p1), "--quiet", "--jobs", "1"], e)
        print(f"regex pass over the 1x corpus: {x1:.3f} s (the peer)")
        print(f"{'1x corpus, --jobs 1':<44} {'wall s':>7} {'CPU s':>7} {'regex passes':>13} {'of full':>8}")
        rows = [("full build (empty project)", full), ("rebuild, nothing changed", again)]
        shares = []
        for i in range(len(list((p1 / "corpus").glob("*.txt")))):
            pi = work / f"inc{i}"
            shutil.copytree(p1, pi)
            changed = change_one_book(pi, i)
            r = run(["build", "--project", str(pi), "--quiet", "--jobs", "1"], e)
            rows.append((f"rebuild, {changed} changed", r))
            shares.append(r[0] / full[0])
            shutil.rmtree(pi)
        for label, (w, c, _, _) in rows:
            print(f"{label:<44} {w:7.2f} {c:7.2f} {w / x1:13.0f} {w / full[0]:8.0%}")
        print(f"incremental: a rebuild after one book of five changed = {sum(shares) / len(shares):.0%} of a full"
              f" build on average, {max(shares):.0%} at most; nothing changed = {again[0] / full[0]:.0%}")
        shutil.rmtree(p1)
        if not args.skip_parallel:
            make_project(p1, 1)
            parallel(args, work, p1, fresh_env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def parallel(args, work: Path, p1: Path, fresh_env) -> None:
    """2. The parallel build, on distinct copies of the corpus."""
    pn = work / "many"
    size = make_project(pn, args.copies)
    xn = regex_pass(pn)
    one = run(["build", "--project", str(p1), "--quiet", "--no-cache", "--jobs", "1"], fresh_env("one"))
    serial = run(["build", "--project", str(pn), "--quiet", "--no-cache", "--jobs", "1"], fresh_env("serial"))
    shutil.rmtree(pn / ".workbench")
    pooled = run(["build", "--project", str(pn), "--quiet", "--no-cache", "--jobs", str(args.jobs)],
                 fresh_env("pooled"))
    print(f"\n{args.copies}x corpus with distinct slugs and names: {size / 1e6:.1f} MB, "
          f"regex pass {xn:.3f} s (the peer)")
    print(f"{'build (--no-cache)':<30} {'wall s':>7} {'CPU s':>7} {'peak PSS MB':>12} {'peak RSS MB':>12}")
    for label, (w, c, pss, rss) in (("1x, --jobs 1", one), (f"{args.copies}x, --jobs 1", serial),
                                    (f"{args.copies}x, --jobs {args.jobs}", pooled)):
        print(f"{label:<30} {w:7.2f} {c:7.2f} {pss:12d} {rss:12d}")
    print(f"speed-up with {args.jobs} processes: {serial[0] / pooled[0]:.2f}x; "
          f"growth 1x -> {args.copies}x: {serial[0] / one[0]:.1f}x with --jobs 1, "
          f"{pooled[0] / one[0]:.1f}x with --jobs {args.jobs} (linear = {args.copies})")
    print(f"CPUs available: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
