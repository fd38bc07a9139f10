"""QA precision on the bundled corpus against the judged sample, and the
alignment's `suspect` / `title_missing` flags against the hand-labelled title pairs
(tests/gold/align_labels.tsv), with the project's glossary and title lexicon.

    .venv/bin/python benchmarks/bench_qa.py

Prints, per kind: findings now, how many of them were judged, precision on those,
judged-real findings no longer made; then `suspect` precision and recall."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.evaluate import qa_scores, read_gold_qa  # noqa: E402
from workbench.pipeline import check_files  # noqa: E402
from workbench.qa import KINDS  # noqa: E402
from workbench.terms import project_glossary  # noqa: E402


def main() -> None:
    t = time.perf_counter()
    g = project_glossary(ROOT)
    findings = [f.to_dict() for f in check_files(sorted((ROOT / "corpus").glob("*.txt")), g, ROOT)]
    dt = time.perf_counter() - t
    from workbench.pipeline import align_files

    alignments = [a.to_dict() for a in align_files(sorted((ROOT / "corpus").glob("*.txt")), g, ROOT)]
    mended = {(a["file"], a["line_start"]) for a in alignments if any("re-joined" in f for f in a["flags"])}
    from workbench.evaluate import joined_pieces
    from workbench.pipeline import analyse_text
    from workbench.text import load_text

    books = sorted((ROOT / "corpus").glob("*.txt"))
    mended |= joined_pieces({p.name: analyse_text(load_text(p), p.name)[1] for p in books})
    scores = qa_scores(findings, read_gold_qa(ROOT / "tests" / "gold" / "qa_judged.jsonl"), mended)
    print(f"QA findings on the bundled corpus ({len(findings)} in {dt:.1f} s), judged sample tests/gold/qa_judged.jsonl")
    print(f"{'kind':32} {'findings':>8} {'judged':>7} {'precision':>9} {'real lost':>9}")
    for k in KINDS:
        s = scores.get(k)
        if s is None:
            continue
        prec = f"{s.precision:.2f}" if s.judged else "-"
        print(f"{k:32} {s.findings:8d} {s.judged:7d} {prec:>9} {len(s.lost):5d}/{s.gold_real}")
    print()
    from collections import Counter

    from workbench.evaluate import flag_scores, read_align_labels

    t = time.perf_counter()
    alignments = [a.to_dict() for a in align_files(sorted((ROOT / "corpus").glob("*.txt")), g, ROOT)]
    dt = time.perf_counter() - t
    counts = Counter(a["status"] for a in alignments)
    pairs = counts["aligned"] + counts["suspect"] + counts["title_missing"]
    print(f"alignment ({dt:.1f} s): {pairs} title pairs, {counts['suspect']} suspect, "
          f"{counts['title_missing']} title_missing, {sum(1 for a in alignments if 'title re-joined' in ' '.join(a['flags']))} re-joined")
    s = flag_scores(alignments, read_align_labels(ROOT / "tests" / "gold" / "align_labels.tsv"))
    print(f"labelled pairs (tests/gold/align_labels.tsv): {s.labelled}, bad {s.bad}, flagged {s.flagged}")
    print(f"suspect|title_missing precision {s.precision:.2f}  recall {s.recall:.2f}")
    for m in s.missed:
        print("  missed:", *m)


if __name__ == "__main__":
    main()
