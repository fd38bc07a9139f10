"""Reverse transliteration: accuracy against the gold set, and speed.

Accuracy (tests/gold/translit.tsv): word accuracy and whole-title exact match of
the workbench against a naive letter map (the usual reading of every letter,
no lexicon), measured in the same run. Speed: every distinct slug of the five
bundled books, after start-up (lexicon loaded, caches empty).

    .venv/bin/python benchmarks/bench_translit.py
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from workbench.evaluate import read_gold_translit, translit_scores
from workbench.footnotes import parse_entries
from workbench.lexicon import Lexicon
from workbench.pipeline import project_lexicon
from workbench.segment import segment_text
from workbench.slugs import extract_slug
from workbench.terms import project_glossary
from workbench.text import load_text
from workbench.translit import plain_reading, transliterate

ROOT = Path(__file__).resolve().parent.parent


def naive(url: str) -> str:
    s = extract_slug(url) if "/" in url else None
    words = s.words if s else tuple(re.split(r"[-_]+", url))
    return " ".join(w.lower() if (w.isdigit() or re.search(r"[а-яё]", w, re.I)) else plain_reading(w) for w in words)


def main() -> None:
    t0 = time.perf_counter()
    lex = Lexicon()
    t_load = time.perf_counter() - t0
    gold = [r for r in read_gold_translit(ROOT / "tests" / "gold" / "translit.tsv") if r["title_ru"]]
    ours = translit_scores([(transliterate(r["url"], lex).title_ru, r["title_ru"]) for r in gold])
    base = translit_scores([(naive(r["url"]), r["title_ru"]) for r in gold])
    print(f"gold titles: {len(gold)}")
    print(f"{'':<22}{'word accuracy':>15}{'exact titles':>15}")
    print(f"{'naive letter map':<22}{base[0]:15.3f}{base[1]:15.3f}")
    print(f"{'workbench translit':<22}{ours[0]:15.3f}{ours[1]:15.3f}")
    g = project_glossary(ROOT)
    if g is not None:  # the project glossary's Russian names join the lexicon, as in `build`
        glex = project_lexicon(g)
        with_g = translit_scores([(transliterate(r["url"], glex).title_ru, r["title_ru"]) for r in gold])
        print(f"{'  + project glossary':<22}{with_g[0]:15.3f}{with_g[1]:15.3f}")

    urls = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        seg = segment_text(load_text(path), path.name, sentences=False)
        urls += [e.url for e in parse_entries(seg.segments) if e.url]
    slugs = {}
    for u in urls:
        s = extract_slug(u)
        if s.status == "ok":
            slugs.setdefault(s.slug, u)
    colds = []
    # the median of three runs with a new lexicon each (its caches empty; the
    # first run also reads the dictionary files from disk)
    for _ in range(3):
        fresh = Lexicon()
        t = time.perf_counter()
        for u in slugs.values():
            transliterate(u, fresh)
        colds.append(time.perf_counter() - t)
    t_cold = sorted(colds)[1]
    t = time.perf_counter()
    for u in slugs.values():
        transliterate(u, fresh)
    t_warm = time.perf_counter() - t
    t = time.perf_counter()
    for u in slugs.values():
        naive(u)
    t_naive = time.perf_counter() - t
    print(f"start-up (lexicon load): {t_load:.2f} s")
    print(f"{len(slugs)} distinct corpus slugs: {t_cold:.2f} s (empty caches; first run {colds[0]:.2f} s), "
          f"{t_warm:.2f} s (warm); "
          f"naive map {t_naive:.3f} s")


if __name__ == "__main__":
    main()
