"""Reverse transliteration of long input: time and memory against input size.

Slug-like text (the words of the bundled books' slugs, in order, repeated, joined
by "-") of 0.25, 1 and 4 MB, read three ways in the same run, each in a fresh
process with a new lexicon (its caches empty):
- one line: `transliterate` on the whole text, as `workbench translit` reads one
  line of standard input;
- headlines: the same words as lines of 8 words, one `transliterate` each (the
  cost of the same text as ordinary slugs);
- naive map: the plain letter map of every word (no lexicon).
Seconds are CPU seconds of the reading alone; memory is the peak resident size
beyond the loaded lexicon.

    .venv/bin/python benchmarks/bench_translit_long.py [MB ...]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES_MB = (0.25, 1.0, 4.0)
MODES = ("one line", "headlines", "naive map")


def slug_words() -> list[str]:
    from workbench.footnotes import parse_entries
    from workbench.segment import segment_text
    from workbench.slugs import extract_slug
    from workbench.text import load_text

    words: list[str] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        seg = segment_text(load_text(path), path.name, sentences=False)
        for e in parse_entries(seg.segments):
            s = extract_slug(e.url) if e.url else None
            if s is not None and s.status == "ok":
                words += s.words
    return words


def slug_text(mb: float) -> str:
    words, out, n, i = slug_words(), [], 0, 0
    while n < mb * 2**20:
        out.append(words[i % len(words)])
        n += len(out[-1]) + 1
        i += 1
    return "-".join(out)


def measure(mb: float, mode: str) -> dict:
    """One size read one way (run in a child process: its peak memory is its own)."""
    from workbench.lexicon import Lexicon
    from workbench.translit import plain_reading, transliterate

    text = slug_text(mb)
    lex = Lexicon()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.process_time()
    if mode == "one line":
        words = len(transliterate(text, lex).words)
    elif mode == "headlines":
        parts = text.split("-")
        words = sum(len(transliterate("-".join(parts[k:k + 8]), lex).words) for k in range(0, len(parts), 8))
    else:
        words = len([plain_reading(w) for w in text.split("-")])
    seconds = time.process_time() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "words": words, "extra_mb": (peak - base) / 1024}


def main(sizes: tuple[float, ...]) -> None:
    print(f"{'input':>8} {'mode':<11} {'words':>8} {'CPU s':>8} {'s per MB':>9} {'memory MB':>10}")
    for mb in sizes:
        for mode in MODES:
            out = subprocess.run([sys.executable, __file__, "--one", str(mb), mode], capture_output=True,
                                 text=True, check=True, cwd=ROOT)
            r = json.loads(out.stdout)
            print(f"{mb:>6.2f}MB {mode:<11} {r['words']:>8} {r['seconds']:>8.2f} {r['seconds'] / mb:>9.2f} "
                  f"{r['extra_mb']:>10.0f}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(float(sys.argv[2]), sys.argv[3])))
    else:
        main(tuple(float(a) for a in sys.argv[1:]) or SIZES_MB)
