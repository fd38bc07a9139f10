"""Glossary check speed: 1,000 terms over the five bundled books.

The workbench's check (one trie-shaped regex for every form, fuzzy look-up of
each distinct capitalised token) against the obvious way, measured in the same
run: a loop of one compiled regular expression per term form over the same text.

    .venv/bin/python benchmarks/bench_glossary.py [--terms N]
"""

from __future__ import annotations

import argparse
import random
import re
import string
import time
from pathlib import Path

from workbench.qa import _CANDIDATE
from workbench.segment import segment_text
from workbench.terms import COLUMNS, _fuzzy_cached, parse_glossary
from workbench.text import load_text

ROOT = Path(__file__).resolve().parent.parent


def glossary_text(n: int) -> str:
    path = ROOT / "glossary" / "glossary.tsv"
    text = path.read_text(encoding="utf-8") if path.exists() else "\t".join(COLUMNS) + "\n"
    rows = [r for r in text.split("\n")[1:] if r.strip()]
    rng = random.Random(1)
    k = 0
    while len(rows) < n:
        name = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 11))).capitalize()
        rows.append("\t".join([name, "Имя", "generated", f"gen-{k}", "other", "", "", name + "ch", ""]))
        k += 1
    return "\t".join(COLUMNS) + "\n" + "\n".join(rows) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--terms", type=int, default=1000)
    args = ap.parse_args()
    g = parse_glossary(glossary_text(args.terms), "bench.tsv")
    blocks = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        seg = segment_text(load_text(path), path.name, sentences=False)
        blocks += [s.text for s in seg.segments if s.kind in ("body", "heading", "footnote", "bibliography")]
    g.find("warm up")

    def ours() -> tuple[float, int, int]:
        _fuzzy_cached.cache_clear()
        t = time.perf_counter()
        exact = fuzzy = 0
        for text in blocks:
            exact += len(g.find(text))
            for m in _CANDIDATE.finditer(text):
                if m.group().casefold() not in g.forms and g.fuzzy(m.group()):
                    fuzzy += 1
        return time.perf_counter() - t, exact, fuzzy

    runs = sorted(ours() for _ in range(5))  # the median of five, the machine is noisy
    t_ours, exact, fuzzy = runs[2]

    t = time.perf_counter()
    loop_hits = 0
    for form in g.forms:
        rx = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])", re.IGNORECASE)
        for text in blocks:
            loop_hits += sum(1 for _ in rx.finditer(text))
    t_loop = time.perf_counter() - t
    words = re.compile(r"\w+")
    t = time.perf_counter()
    for text in blocks:
        sum(1 for _ in words.finditer(text))
    t_words = time.perf_counter() - t
    size = sum(len(b) for b in blocks) / 1e6
    print(f"{len(g)} concepts, {len(g.forms)} forms, {size:.2f} M characters of text")
    print(f"workbench check (exact + fuzzy): {t_ours:.3f} s median of 5 (min {runs[0][0]:.3f})"
          f"  ({exact} exact hits, {fuzzy} fuzzy variants)")
    print(f"one regex per form, exact only:  {t_loop:.3f} s  ({loop_hits} hits)")
    print(f"speed-up: {t_loop / t_ours:.0f}x")
    print(f"peer: one regex pass over the words of the same text: {t_words:.3f} s "
          f"(the check costs {t_ours / t_words:.1f} such passes)")


if __name__ == "__main__":
    main()
