"""Is every stage linear in the size of its input? Single-paragraph books (the corpus
text with its line breaks taken out, repeated to 0.25, 1 and 4 MB) go through each
stage (after segmentation, the paragraph is given to each stage as the kind of segment
it works on); a long slug (the corpus's URL slugs joined) goes through translit.

Prints seconds per MB for each stage and size, and the growth of that figure from one
size to the next: 1.0 is linear, 4.0 is quadratic (the sizes grow 4 times). The peer,
measured in the same run on the same text, is one regular-expression pass over it.
Each stage of the pipeline is timed as the best of 3 runs (the build and translit once).
Each size runs in a child process with a time budget; a stage still running when the
budget is spent is reported as `>budget` (and the stages after it at that size as
not reached). The peak memory of each child is printed too.

    .venv/bin/python benchmarks/bench_linear.py [--sizes 0.25,1,4] [--budget 600]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "000_single_paragraph.txt"
STAGES = ["regex pass (peer)", "segmentation", "footnotes (as one footnote)", "markers + sentences (as body)",
          "align", "QA (as body)", "build (whole)", "translit (one long line)"]
PIPELINE = STAGES[:6]
REPEAT = 3


def corpus_text() -> str:
    return " ".join(p.read_text(encoding="utf-8").replace("\n", " ")
                    for p in sorted((ROOT / "corpus").glob("*.txt")))


def book(mb: float) -> str:
    """One line of `mb` megabytes (UTF-8) of the corpus's own text."""
    base = corpus_text()
    size = int(mb * 1024 * 1024)
    data = (base + " ") * (size // len(base.encode("utf-8")) + 1)
    cut = data.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return cut[: cut.rfind(" ")]


def long_slug(mb: float) -> str:
    """The corpus's URL slugs joined with '-' into one `mb`-megabyte line."""
    slugs = re.findall(r"https?://\S+/([a-z0-9]+(?:[-_][a-z0-9]+){2,})", corpus_text())
    base = "-".join(slugs)
    line = (base + "-") * (int(mb * 1024 * 1024) // len(base) + 1)
    return line[: int(mb * 1024 * 1024)].strip("-")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pipeline(mb: float, out: mp.Queue) -> None:
    from workbench.align import align_entries
    from workbench.footnotes import parse_entries
    from workbench.markers import link_markers
    from workbench.model import Segment
    from workbench.pipeline import project_lexicon
    from workbench.qa import check_book
    from workbench.segment import segment_text
    from workbench.terms import load_glossary

    text = book(mb)
    g = load_glossary(ROOT / "glossary")
    lex = project_lexicon(g)
    # imports, lexicons, caches: start-up, not work
    warm = segment_text((ROOT / "corpus" / "001_d169d87f802cdce3.txt").read_text(encoding="utf-8"), "w.txt", False)
    warm_entries = parse_entries(warm.segments)
    warm_link = link_markers(warm.segments, warm_entries, warm.lines)
    check_book("w.txt", warm_link.segments, warm.lines, align_entries(warm_entries, warm_link.markers, g, lex=lex), g)

    def timed(name, fn):
        best = float("inf")
        for _ in range(REPEAT):  # the best of a few runs: other processes share the machine
            t = time.perf_counter()
            r = fn()
            best = min(best, time.perf_counter() - t)
        out.put((name, best, _peak_mb()))
        return r

    words = re.compile(r"\w+")
    timed("regex pass (peer)", lambda: sum(1 for _ in words.finditer(text)))
    seg = timed("segmentation", lambda: segment_text(text, NAME, sentences=False))
    # The segmenter files a one-line book under one kind or another (footnote, back
    # matter) depending on its words; the stages after it are timed on the whole
    # paragraph taken as the kind each one works on, the worst case for each.
    line = seg.lines[0]
    as_kind = {k: Segment(NAME, 0, k, 1, line.text, 1, 1, (1,)) for k in ("footnote", "body")}
    entries = timed("footnotes (as one footnote)", lambda: parse_entries([as_kind["footnote"]]))
    linking = timed("markers + sentences (as body)", lambda: link_markers([as_kind["body"]], entries, seg.lines))
    alignments = timed("align", lambda: align_entries(entries, linking.markers, g, lex=lex))
    timed("QA (as body)", lambda: check_book(NAME, linking.segments, seg.lines, alignments, g))


def _build(mb: float, out: mp.Queue) -> None:
    from workbench.pipeline import build_project
    from workbench.store import Store

    d = Path(tempfile.mkdtemp(prefix="bench_linear_"))
    try:
        (d / "corpus").mkdir()
        shutil.copytree(ROOT / "glossary", d / "glossary")
        (d / "corpus" / NAME).write_text(book(0.01), encoding="utf-8")
        with Store.open(d) as store:
            build_project(store, d)  # start-up: imports, lexicons, the store's schema
        (d / "corpus" / NAME).write_text(book(mb), encoding="utf-8")
        with Store.open(d) as store:
            t = time.perf_counter()
            build_project(store, d)
            out.put(("build (whole)", time.perf_counter() - t, _peak_mb()))
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _translit(mb: float, out: mp.Queue) -> None:
    from workbench.lexicon import Lexicon
    from workbench.translit import transliterate

    slug = long_slug(mb)
    lex = Lexicon()
    transliterate("gomselmash-planiruet-utroit-postavki", lex)
    t = time.perf_counter()
    transliterate(slug, lex)
    out.put(("translit (one long line)", time.perf_counter() - t, _peak_mb()))


def run_child(target, mb: float, budget: float) -> dict[str, tuple[float, float] | str]:
    """Stage -> (seconds, peak MB) for what finished within the budget; '>budget' for
    the stage that was running when it ran out."""
    q: mp.Queue = mp.get_context("fork").Queue()
    p = mp.get_context("fork").Process(target=target, args=(mb, q))
    p.start()
    results: dict[str, tuple[float, float] | str] = {}
    deadline = time.monotonic() + budget
    while p.is_alive() and time.monotonic() < deadline:
        p.join(timeout=0.5)
    timed_out = p.is_alive()
    if timed_out:
        p.kill()
        p.join()
    while not q.empty():
        name, secs, peak = q.get()
        results[name] = (secs, peak)
    if timed_out:
        results["__timeout__"] = ">budget"
    return results


def _print_table(table, names: list[str], sizes: list[float]) -> None:
    head = "".join(f"{f'{mb:g} MB s/MB':>16}" for mb in sizes)
    growth = "".join(f"{f'x{sizes[i]:g}->{sizes[i + 1]:g}':>15}" for i in range(len(sizes) - 1))
    print(f"\n{'stage':<26}{head}{growth}{'peak MB':>9}")
    for s in names:
        row = table[s]
        if not row:
            continue
        cells, per_mb = "", []
        for mb in sizes:
            v = row.get(mb, "-")
            if isinstance(v, tuple):
                per_mb.append(v[0] / mb)
                cells += f"{v[0] / mb:16.3f}"
            else:
                per_mb.append(None)
                cells += f"{v:>16}"
        ratios = ""
        for i in range(len(sizes) - 1):
            a, b = per_mb[i], per_mb[i + 1]
            ratios += f"{b / a:15.2f}" if a and b else f"{'-':>15}"
        measured = [v for v in row.values() if isinstance(v, tuple)]
        print(f"{s:<26}{cells}{ratios}{(measured[-1][1] if measured else 0):9.0f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0.25,1,4", help="megabytes, comma-separated, ascending")
    ap.add_argument("--translit-sizes", default="0.004,0.016,0.0625,0.25",
                    help="megabytes of the long slug (smaller by default: translit is the slowest stage per byte)")
    ap.add_argument("--budget", type=float, default=600.0, help="seconds per child (one size, one group)")
    ap.add_argument("--only", help="comma list among: pipeline, build, translit")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    t_sizes = [float(s) for s in args.translit_sizes.split(",")]
    groups = {"pipeline": _pipeline, "build": _build, "translit": _translit}
    chosen = args.only.split(",") if args.only else list(groups)
    table: dict[str, dict[float, tuple[float, float] | str]] = {s: {} for s in STAGES}
    order = {"pipeline": PIPELINE, "build": ["build (whole)"], "translit": ["translit (one long line)"]}
    for group in chosen:
        given_up = False
        for mb in (t_sizes if group == "translit" else sizes):
            if given_up:
                for s in order[group]:
                    table[s][mb] = "skipped"
                continue
            res = run_child(groups[group], mb, args.budget)
            missing = "failed" if "__timeout__" not in res else ">budget"
            for s in order[group]:
                if s in res:
                    table[s][mb] = res[s]
                else:  # the first stage missing ran out of time (or failed), the others never ran
                    table[s][mb] = missing
                    missing = "not reached"
                    given_up = True
            print(f"  {group} at {mb:g} MB done", flush=True)

    for names, szs in ((STAGES[:-1], sizes), (STAGES[-1:], t_sizes)):
        _print_table(table, names, szs)
    print("\ngrowth = (seconds per MB at the larger size) / (seconds per MB at the smaller): 1.0 is linear,"
          " 4.0 quadratic for a 4x step")


if __name__ == "__main__":
    main()
