"""A review team under load: N reviewer processes on one store for a bounded time,
PostgreSQL (a throwaway cluster on 127.0.0.1, or --postgres URL) and SQLite in the
same run, with one rebuild of every book in the middle.

    .venv/bin/python benchmarks/bench_team.py [--reviewers 20] [--seconds 120]

Each reviewer does what reviewers do, with think time between actions: types in a
unit (a debounced save every few keystrokes, then more), confirms it, moves to another
unit (reads it and its history), filters the list, looks the source up in the memory.
Printed per backend: actions per second, p50/p95/p99 latency per action (ms), the
conflicts raised (two reviewers on one unit: reload and retry, as the dialog does),
errors, the rebuild's time, and lost updates: every save a reviewer was told succeeded
must be in the unit's history with its text, by its reviewer (must be 0).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from workbench.model import Document, Segment, Sentence  # noqa: E402
from workbench.storage import ConflictError, StoreError, open_store  # noqa: E402
from workbench.units import sentence_units  # noqa: E402

WORDS = ["le", "la", "les", "un", "une", "des", "accord", "coopération", "économique", "machines",
         "agricoles", "Belarus", "Turquie", "Russie", "Chine", "signé", "livré", "régions", "usine",
         "tracteurs", "ministre", "délégation", "commerce", "énergie", "projet", "investissement",
         "production", "export", "Minsk", "Gomel", "Ankara", "Pékin", "année", "contrat"]
BOOKS, SEGMENTS, SENTENCES = 5, 40, 10  # 2,000 sentence units
TM_ENTRIES = 5000


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def corpus(seed: int = 7) -> list[tuple[Document, list[Segment]]]:
    rng = random.Random(seed)
    out = []
    for b in range(BOOKS):
        name = f"{b:03d}_book.txt"
        segs, line = [], 1
        for i in range(SEGMENTS):
            sents = []
            for _ in range(SENTENCES):
                sents.append(Sentence(_sentence(rng), line, line))
                line += 1
            segs.append(Segment(name, i, "body", 1, " ".join(s.text for s in sents), sents[0].line_start,
                                sents[-1].line_end, tuple(range(sents[0].line_start, line)), tuple(sents)))
        out.append((Document(name, f"sha-{b}", line, f"Livre {b}"), segs))
    return out


def build(project: Path, url: str | None) -> float:
    t0 = time.perf_counter()
    with open_store(project, url=url) as s:
        s.build((doc, segs, sentence_units(segs)) for doc, segs in corpus())
    return time.perf_counter() - t0


def reviewer(n: int, project: Path, url: str | None, seconds: float, out: mp.Queue) -> None:
    rng = random.Random(1000 + n)
    who = f"rev{n:02d}"
    lat: dict[str, list[float]] = {}
    saved: list[tuple[str, str]] = []  # (key, text) of every save the store accepted
    conflicts = errors = 0
    with open_store(project, create=False, url=url) as s:
        s.set_busy_timeout(5)
        keys = [u.key for u in s.units()]
        deadline = time.monotonic() + seconds

        def timed(action: str, fn, *a, **kw):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                lat.setdefault(action, []).append((time.perf_counter() - t0) * 1000)

        key = rng.choice(keys)
        row = timed("move", s.unit, key)
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(0.3, 1.2))  # think and type
            pick = rng.random()
            try:
                if pick < 0.45:  # a debounced save of what was typed so far
                    text = f"{row.mt[:40]} — {who} {rng.randint(0, 10**6)}"
                    try:
                        row = timed("edit", s.edit, key, text, who=who, expected_version=row.version)
                        saved.append((key, text))
                    except ConflictError as e:  # someone else saved this unit: reload, retype
                        conflicts += 1
                        row = e.current
                elif pick < 0.55:
                    try:
                        row = timed("confirm", s.set_status, key, "confirmed", who=who,
                                    expected_version=row.version)
                    except ConflictError as e:
                        conflicts += 1
                        row = e.current
                elif pick < 0.75:
                    key = rng.choice(keys)
                    row = timed("move", s.unit, key)
                    timed("history", s.history, key)
                elif pick < 0.85:
                    timed("filter", s.unit_index, "sentences")
                else:
                    timed("tm lookup", lambda src: s.tm_rows(s.tm_candidates(src, limit=20)), row.source)
            except StoreError as e:
                errors += 1
                print(f"{who}: {e}", file=sys.stderr)
    out.put((who, lat, saved, conflicts, errors))


def run(name: str, project: Path, url: str | None, reviewers: int, seconds: float) -> dict:
    first_build = build(project, url)
    with open_store(project, url=url) as s:
        rng = random.Random(3)
        s.add_tm_entries(((_sentence(rng), _sentence(rng), None, "fr", "en", "", "") for _ in range(TM_ENTRIES)), "bench")
    q: mp.Queue = mp.Queue()
    procs = [mp.Process(target=reviewer, args=(i, project, url, seconds, q)) for i in range(reviewers)]
    t0 = time.monotonic()
    for p in procs:
        p.start()
    time.sleep(seconds / 2)
    rebuild = build(project, url)  # a build in the middle of the review
    results = [q.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join(60)
    wall = time.monotonic() - t0
    lat: dict[str, list[float]] = {}
    saved: list[tuple[str, str, str]] = []
    for who, lt, sv, _, _ in results:
        for k, v in lt.items():
            lat.setdefault(k, []).extend(v)
        saved += [(who, key, text) for key, text in sv]
    lost = 0
    with open_store(project, create=False, url=url) as s:
        cache: dict[str, set[tuple[str, str | None]]] = {}
        for who, key, text in saved:
            if key not in cache:
                unit = s.unit(key)
                hist = s.history(key) if unit else []
                cache[key] = {(h.who, h.new_text) for h in hist}
            lost += (who, text) not in cache[key]
    return {"name": name, "lat": lat, "actions": sum(len(v) for v in lat.values()), "wall": wall,
            "conflicts": sum(r[3] for r in results), "errors": sum(r[4] for r in results),
            "saves": len(saved), "lost": lost, "build": first_build, "rebuild": rebuild}


def pct(v: list[float], p: float) -> float:
    return statistics.quantiles(v, n=100, method="inclusive")[int(p) - 1] if len(v) > 1 else (v[0] if v else 0.0)


def report(r: dict) -> None:
    print(f"\n{r['name']}: {r['actions'] / r['wall']:.1f} actions/s over {r['wall']:.0f} s, {r['saves']} saves,"
          f" conflicts {r['conflicts']}, errors {r['errors']}, lost updates {r['lost']};"
          f" build {r['build']:.2f} s, rebuild under load {r['rebuild']:.2f} s")
    print(f"  {'action':10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for action, v in sorted(r["lat"].items()):
        print(f"  {action:10} {len(v):6d} {pct(v, 50):8.1f} {pct(v, 95):8.1f} {pct(v, 99):8.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reviewers", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--postgres", metavar="URL", help="a server to use instead of a throwaway cluster")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-team-"))
    try:
        (tmp / "sqlite").mkdir()
        (tmp / "pg").mkdir()
        print(f"{args.reviewers} reviewers for {args.seconds:.0f} s; {BOOKS * SEGMENTS * SENTENCES} units,"
              f" {TM_ENTRIES} TM entries; one rebuild halfway")
        if args.postgres:
            report(run("PostgreSQL", tmp / "pg", args.postgres, args.reviewers, args.seconds))
        else:
            import pg_cluster

            with pg_cluster.cluster() as url:
                report(run("PostgreSQL (loopback)", tmp / "pg", url, args.reviewers, args.seconds))
        report(run("SQLite", tmp / "sqlite", None, args.reviewers, args.seconds))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
