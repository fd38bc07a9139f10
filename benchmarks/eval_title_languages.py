"""Language detection of the footnote titles against the hand-judged gold set
(tests/gold/title_languages.tsv): precision of the titles called non-French,
recall of the English ones, and how many exported TMX units that leaves out.

    .venv/bin/python benchmarks/eval_title_languages.py [--project DIR]

DIR must be built (`workbench build`); default: the repository itself.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from workbench.formats.tmx import split_languages, units_from_store
from workbench.langid import judge
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "title_languages.tsv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", default=str(ROOT))
    args = ap.parse_args()
    rows = [line.split("\t") for line in GOLD.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")][1:]
    gold = {r[0]: r[1] for r in rows}
    with Store.open(Path(args.project), create=False) as store:
        titles = sorted({u.text for u in store.units(queue="titles") if u.text.strip()})
        units = units_from_store(store)
    t = time.perf_counter()
    flagged = {}
    for title in titles:
        v = judge(title, "fr")
        if v.foreign:
            flagged[title] = v.lang
    seconds = time.perf_counter() - t
    right = sum(gold.get(title) == lang for title, lang in flagged.items())
    unjudged = [title for title in flagged if title not in gold]
    english = {title for title, lang in gold.items() if lang == "en" and title in titles}
    found = english & set(flagged)
    kept, other = split_languages(units)
    sources = sorted({u.source for u in units if judge(u.source, "ru").foreign})
    print(f"titles: {len(titles)} distinct, judged in {seconds:.2f} s")
    print(f"called non-French: {len(flagged)}; right: {right}; precision {right / max(1, len(flagged)):.3f}"
          + (f"; not in the gold set: {len(unjudged)}" if unjudged else ""))
    print(f"English titles of the gold set found: {len(found)} of {len(english)} (recall {len(found) / max(1, len(english)):.3f})")
    print(f"TMX units: {len(units)}; exported {len(kept)}; left out: "
          + ", ".join(f"{n} {k}" for k, n in sorted(other.items())))
    for src in sources:  # few: judge them by hand
        print(f"source called non-Russian ({judge(src, 'ru').lang}): {src}")


if __name__ == "__main__":
    main()
