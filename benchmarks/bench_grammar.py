"""French grammar check (Grammalecte, the workbench's profile): precision, recall and
the cost of a cold and a warm build, on the bundled books.

- Precision: the findings on the books, each looked up in the judged gold
  (`tests/gold/grammar.tsv`); a finding nobody judged counts as wrong.
- Recall: N faults of the classes the profile is for (`grammar_faults.CLASSES`)
  injected into body sentences with no finding of their own, one per sentence,
  seeded; a fault is found when a finding overlaps it.
- Cost, in the same run: every paragraph checked by Grammalecte with an empty answer
  cache (a cold build), again with the cache that run wrote (a rebuild), and with one
  sentence changed (a rebuild after a fix); the peer is Grammalecte asked about each
  paragraph whole, uncached (what a build paid before the cache), and its findings
  are compared with the per-sentence ones.

    .venv/bin/python benchmarks/bench_grammar.py [--faults 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_spelling import books_from_texts

from workbench import grammar, grammar_faults, proofing
from workbench.terms import project_glossary
from workbench.text import load_text

ROOT = Path(__file__).resolve().parent.parent


def judged(path: Path = ROOT / "tests" / "gold" / "grammar.tsv") -> dict[tuple[str, int, str], str]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))
    return {(r["book"], int(r["line"]), r["rule"]): r["verdict"] for r in rows}


def precision(books, checker) -> tuple[int, int, list]:
    gold = judged()
    found = proofing.proof_books(books, None, ["grammar"], checker).findings
    keys = [(f.file[:3], f.line, f.term) for f in found]
    right = sum(gold.get(k) == "ok" for k in keys)
    return right, len(keys), [k for k in keys if gold.get(k) != "ok"]


def body_sentences(books, checker) -> list[str]:
    """Body sentences with no finding of their own: where faults are injected."""
    out = []
    for b in books:
        for sp in proofing.spans(b):
            if sp.kind != "body":
                continue
            for a, z in grammar.sentence_bounds(sp.text):
                s = sp.text[a:z].strip()
                if len(s) > 30 and not checker.check(s):
                    out.append(s)
    return out


def recall(sentences: list[str], n: int, seed: int, checker) -> tuple[Counter, Counter, list]:
    faults = grammar_faults.inject(sentences, n, seed)
    found, total, missed = Counter(), Counter(), []
    for f in faults:
        total[f.kind] += 1
        if any(e.start < f.end and f.start < e.end for e in checker.check(f.text)):
            found[f.kind] += 1
        else:
            missed.append(f)
    return found, total, missed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--faults", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    why = grammar.availability()
    if why:
        sys.exit(f"grammar checking is off: {why}")
    glossary = project_glossary(ROOT)
    texts = {p.name: load_text(p) for p in sorted((ROOT / "corpus").glob("*.txt"))}
    books = books_from_texts(texts, glossary)
    checker = grammar.grammar_checker()
    paragraphs = [sp.text for b in books for sp in proofing.spans(b)]
    n_sent = sum(len(grammar.sentence_bounds(p)) for p in paragraphs)

    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "grammar.json"
        cold = grammar.CachedGrammar(checker, cache)
        t, c = time.perf_counter(), time.process_time()
        per_sentence = [cold.check(p) for p in paragraphs]
        t_cold, c_cold = time.perf_counter() - t, time.process_time() - c
        cold.save()
        warm = grammar.CachedGrammar(checker, cache)
        t, c = time.perf_counter(), time.process_time()
        again = [warm.check(p) for p in paragraphs]
        t_warm, c_warm = time.perf_counter() - t, time.process_time() - c
        assert again == per_sentence and warm.checked == 0
        right, total, wrong = precision(books, warm)
        edited = list(paragraphs)
        i = max(range(len(edited)), key=lambda k: len(edited[k]))  # a long paragraph: one sentence of many
        edited[i] = edited[i].replace(" ", " très ", 1)
        one = grammar.CachedGrammar(checker, cache)
        t, c = time.perf_counter(), time.process_time()
        for p in edited:
            one.check(p)
        t_one, c_one = time.perf_counter() - t, time.process_time() - c

    t, c = time.perf_counter(), time.process_time()
    whole = [checker.check(p) for p in paragraphs]
    t_peer, c_peer = time.perf_counter() - t, time.process_time() - c
    same = sum(a == b for a, b in zip(whole, per_sentence, strict=True))

    sentences = body_sentences(books, checker)
    found, injected, missed = recall(sentences, args.faults, args.seed, checker)

    print(f"grammar precision on the judged books: {right}/{total} = {right / max(total, 1):.3f}"
          + (f" (not ok: {wrong})" if wrong else ""))
    r = sum(found.values()) / max(sum(injected.values()), 1)
    print(f"grammar recall on {sum(injected.values())} seeded faults (seed {args.seed}): "
          f"{sum(found.values())}/{sum(injected.values())} = {r:.3f}")
    for k in grammar_faults.CLASSES:
        print(f"  {k:<11} {found[k]}/{injected[k]}")
    for f in missed[:8]:
        print(f"  missed {f.kind}: {f.text[max(0, f.start - 40):f.end + 40]!r}")
    print(f"{len(paragraphs)} paragraphs, {n_sent} sentences")
    print(f"cold build (empty cache):       {c_cold:6.2f} s CPU  {t_cold:6.2f} s wall")
    print(f"warm rebuild (nothing changed): {c_warm:6.2f} s CPU  {t_warm:6.2f} s wall  (0 sentences re-checked)")
    print(f"rebuild, one sentence changed:  {c_one:6.2f} s CPU  {t_one:6.2f} s wall  ({one.checked} re-checked)")
    print(f"peer, each paragraph whole, no cache: {c_peer:6.2f} s CPU  {t_peer:6.2f} s wall")
    print(f"paragraphs with the same findings per sentence as whole: {same}/{len(paragraphs)}")


if __name__ == "__main__":
    main()
