"""Restored headlines against headlines as published (tests/gold/headlines.tsv).

Two measures, each against a peer measured in the same run:

- casing: the published headline's own words, lower-cased and with hyphens
  turned into spaces (what a perfect reading of the slug gives), restored by
  `casing.restore_headline`; peer: sentence case only (the first letter up).
- from the URL: `transliterate(url).headline` (the slug read, then restored),
  reported for belta.by and the other sites apart; peer: the lower-case
  `title_ru` with sentence case.

`case` is the share of words read right that are cased right, `words` the share
of published words read right (case aside; a compound split or joined
differently is a wrong word), `exact` the share of headlines with every word
and its case right, `exact words` with every word right, case aside.
Punctuation around words is not compared (a slug keeps none), ё is read as е.

    .venv/bin/python benchmarks/bench_headlines.py [-v]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from workbench.evaluate import headline_scores, headline_words, read_gold_headlines
from workbench.pipeline import project_lexicon
from workbench.terms import project_glossary
from workbench.translit import transliterate
from workbench.translit.casing import restore_headline

ROOT = Path(__file__).resolve().parent.parent


def _row(name: str, s: dict, n: int) -> str:
    return f"{name:<34}{n:>6}{s['case']:>9.3f}{s['words']:>9.3f}{s['exact']:>9.3f}{s['exact_words']:>13.3f}"


def main() -> None:
    verbose = "-v" in sys.argv
    gold = read_gold_headlines(ROOT / "tests" / "gold" / "headlines.tsv")
    lex = project_lexicon(project_glossary(ROOT))
    print(f"gold headlines: {len(gold)} from {len({r['site'] for r in gold})} sites "
          f"({sum(r['site'] == 'belta.by' for r in gold)} belta.by)")
    print(f"{'':<34}{'n':>6}{'case':>9}{'words':>9}{'exact':>9}{'exact words':>13}")

    ours, peer = [], []
    t = time.perf_counter()
    for r in gold:
        ws = [p.lower() for w in headline_words(r["headline"]) for p in w.split("-")]
        ours.append((restore_headline(ws, lex), r["headline"]))
        peer.append((" ".join(ws).capitalize(), r["headline"]))
    t_case = time.perf_counter() - t
    print("casing (the published words, lower case):")
    print(_row("  sentence case only", headline_scores(peer), len(gold)))
    print(_row("  workbench restore_headline", s := headline_scores(ours), len(gold)))
    if verbose:
        for g, p in s["errors"]:
            print(f"    gold: {g}\n    ours: {p}")

    t = time.perf_counter()
    results = [(r, transliterate(r["url"], lex)) for r in gold]
    t_url = time.perf_counter() - t
    print("from the URL (slug read, then restored):")
    for label, keep in (("belta.by", lambda r: r["site"] == "belta.by"),
                        ("other sites", lambda r: r["site"] != "belta.by"), ("all", lambda r: True)):
        sel = [(r, tr) for r, tr in results if keep(r)]
        lower = [(tr.title_ru.capitalize(), r["headline"]) for r, tr in sel]
        restored = [(tr.headline, r["headline"]) for r, tr in sel]
        print(_row(f"  {label}: lower case title_ru", headline_scores(lower), len(sel)))
        print(_row(f"  {label}: headline", headline_scores(restored), len(sel)))
    print(f"time: casing {1000 * t_case / len(gold):.2f} ms a headline; "
          f"slug + casing {1000 * t_url / len(gold):.1f} ms a headline")


if __name__ == "__main__":
    main()
