"""French spelling check: recall on seeded typos, false alarms and speed on the bundled books.

- Recall: N typos (letter dropped, doubled, swapped, replaced; seeded) injected
  into common French words of the body text of copies of the books; a typo is found when a
  `spelling` finding sits on its line with the changed word.
- False alarms: `spelling` findings on the clean books per 1,000 words checked
  (every finding counted, real errors included: an upper bound), with the
  project dictionary (`glossary/dictionary.txt`) and without it.
- Speed, in the same run: the workbench's check of the whole corpus (each
  distinct word asked of Hunspell once) against Hunspell's own lookups of every
  word occurrence (spylls, the same dictionary, no cache), and against the C
  `hunspell -l -d fr_FR` when it is installed.

    .venv/bin/python benchmarks/bench_spelling.py [--typos 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from workbench import proofing, spelling
from workbench.align import align_entries
from workbench.pipeline import analyse_text, project_lexicon
from workbench.terms import project_glossary
from workbench.text import load_text
from workbench.typos import inject

ROOT = Path(__file__).resolve().parent.parent


def books_from_texts(texts: dict[str, str], glossary) -> list[proofing.Book]:

    lex = project_lexicon(glossary)  # a few seconds: once for every book
    out = []
    lex = project_lexicon(glossary)
    for name, text in texts.items():
        seg, entries, markers, _ = analyse_text(text, name)
        out.append(proofing.Book(name, seg.segments, seg.lines, align_entries(entries, markers, glossary, lex=lex)))
    return out


def speller_for(books, glossary, dictionary: bool = True, cache=None) -> spelling.Speller:
    return proofing.project_speller(books, glossary, ROOT if dictionary else None, cache)


def words_checked(books) -> list[str]:
    """Every word occurrence the check looks at (body, headings, French titles)."""
    out = []
    for b in books:
        for sp in proofing.spans(b):
            masked = spelling._NOT_TEXT.sub(lambda m: " " * len(m.group()), sp.text)
            out += spelling.WORD.findall(masked)
    return out


def spelling_findings(books, speller):
    return list(proofing.proof_books(books, speller, ["spelling"]).findings)


def inject_books(texts: dict[str, str], n: int, seed: int, speller, books=()) -> tuple[dict[str, str], dict[str, list]]:
    """Copies of the books with n typos spread over them, and the typos per book
    (only in body and heading lines when the books' segmentations are given)."""
    names = sorted(texts)
    body = {b.file: {n for s in b.segments if s.kind in ("body", "heading") for n in s.lines} for b in books}
    per = [n // len(names) + (1 if i < n % len(names) else 0) for i in range(len(names))]
    out, typos = {}, {}
    for (name, k), i in zip(zip(names, per, strict=False), range(len(names)), strict=False):
        lines = texts[name].split("\n")
        skip = set(range(1, len(lines) + 1)) - body[name] if name in body else set()
        new, ts = inject(lines, k, seed + i, speller.is_word, skip)
        out[name] = "\n".join(new)
        typos[name] = ts
    return out, typos


def recall(findings, typos: dict[str, list]) -> tuple[int, int, list]:
    flagged = {(f.file, f.line, f.found) for f in findings}
    missed = []
    found = 0
    for name, ts in typos.items():
        for t in ts:
            if any((name, t.line, w) in flagged for w in _surfaces(t.typo)) or any(
                    f.file == name and f.line == t.line and t.typo in f.found for f in findings):
                found += 1
            else:
                missed.append((name, t))
    total = sum(len(ts) for ts in typos.values())
    return found, total, missed


def _surfaces(w: str) -> list[str]:
    return [w, w.capitalize()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--typos", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    glossary = project_glossary(ROOT)
    texts = {p.name: load_text(p) for p in sorted((ROOT / "corpus").glob("*.txt"))}
    books = books_from_texts(texts, glossary)

    t = time.perf_counter()
    spelling._hunspell()
    t_load = time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        speller = speller_for(books, glossary, cache=spelling.verdict_cache(Path(tmp) / "v.json"))
        t_names = time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        clean = spelling_findings(books, speller)
        t_check, c_check = time.perf_counter() - t, time.process_time() - c
        speller.cache.save()
        # a second run (a rebuild): Hunspell's verdicts from the file, every word still checked
        warm = speller_for(books, glossary, cache=spelling.verdict_cache(Path(tmp) / "v.json"))
        t, c = time.perf_counter(), time.process_time()
        again = spelling_findings(books, warm)
        t_warm, c_warm = time.perf_counter() - t, time.process_time() - c
        assert again == clean
    words = words_checked(books)
    distinct = len(set(words))

    bare = speller_for(books, glossary, dictionary=False)
    clean_bare = spelling_findings(books, bare)

    # Hunspell's own speed on the same words, same run: spylls without a cache
    dic = spelling._hunspell()
    sample = words[:: max(1, len(words) // 20000)]
    t, c = time.perf_counter(), time.process_time()
    for w in sample:
        if "-" not in w or w.count("-") <= 3:
            dic.lookup(w)
    t_spylls = (time.perf_counter() - t) * len(words) / len(sample)
    c_spylls = (time.process_time() - c) * len(words) / len(sample)
    t_c = None
    if shutil.which("hunspell"):
        try:
            t = time.perf_counter()
            subprocess.run(["hunspell", "-l", "-d", "fr_FR"], input="\n".join(words), capture_output=True,
                           text=True, check=True, timeout=300)
            t_c = time.perf_counter() - t
        except (subprocess.SubprocessError, OSError):
            t_c = None

    # recall on seeded typos
    copies, typos = inject_books(texts, args.typos, args.seed, speller, books)
    tbooks = books_from_texts(copies, glossary)
    tspeller = speller_for(tbooks, glossary)
    t = time.perf_counter()
    tfind = spelling_findings(tbooks, tspeller)
    t_typo = time.perf_counter() - t
    found, total, missed = recall(tfind, typos)

    n = len(words)
    print(f"words checked: {n} ({distinct} distinct) in {len(books)} books")
    print(f"false alarms, upper bound (every spelling finding on the clean books): "
          f"{len(clean)} = {1000 * len(clean) / n:.2f} per 1,000 words with glossary/dictionary.txt; "
          f"{len(clean_bare)} = {1000 * len(clean_bare) / n:.2f} per 1,000 without it")
    print(f"recall on {total} seeded typos (seed {args.seed}): {found}/{total} = {found / total:.3f}")
    for name, t in missed[:10]:
        print(f"  missed {name[:3]}:{t.line} {t.original} -> {t.typo} ({t.operation})")
    print(f"time: dictionary load {t_load:.2f} s; names inventory {t_names:.2f} s; "
          f"check of the whole corpus {t_check:.2f} s wall, {c_check:.2f} s CPU (with suggestions); "
          f"books with typos {t_typo:.2f} s")
    print(f"second run with Hunspell's verdicts kept (spelling.verdict_cache): {t_warm:.2f} s wall, "
          f"{c_warm:.2f} s CPU")
    print(f"peer, same words, same run: spylls lookup of every occurrence, no cache ~{t_spylls:.2f} s wall, "
          f"{c_spylls:.2f} s CPU "
          f"(extrapolated from {len(sample)} words)"
          + (f"; C hunspell -l over every occurrence {t_c:.2f} s" if t_c is not None else
             "; C hunspell not installed"))


if __name__ == "__main__":
    main()
