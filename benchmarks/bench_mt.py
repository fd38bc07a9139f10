"""Machine translation throughput: batched across units against one call per unit,
same tiny model (tests/tiny_argos.py), same texts, same run, networking unused.

The batched path is the workbench's (the Argos translator of `workbench.mt.argos`: every text in one
CTranslate2 translate_batch call, cut into batches of 32 by CTranslate2). The
peers call once per unit: argostranslate's own per-text path
(`apply_packaged_translation`, with a splitter that keeps the text whole so no
sentence-splitting model is built), and a bare translate_batch of one text.
Then `translate_units` end to end (glossary masking, batching, storing).

CTranslate2 runs with argostranslate's thread settings (ARGOS_INTRA_THREADS,
default 0 = all cores), which is what a user gets; with ARGOS_INTRA_THREADS=1
both paths are faster on this tiny model and the ratio shrinks, since a call
then costs little more than its arithmetic (beam 4 over a 1,000-piece vocabulary).

    .venv/bin/python benchmarks/bench_mt.py [--units N] [--book 002]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs of each path (a shared machine is noisy)")
    ap.add_argument("--book", default="002", help="bundled book whose Russian titles are translated")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_mt_"))
    # argostranslate makes its directories when imported: keep them in the scratch space
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(work / var.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "packages")
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work: Path) -> None:
    from tiny_argos import build_package

    from workbench.mt import argos, service
    from workbench.pipeline import build_project
    from workbench.store import Store
    from workbench.terms import project_glossary

    project = work / "project"
    (project / "corpus").mkdir(parents=True)
    book = next((ROOT / "corpus").glob(f"{args.book}_*.txt"))
    shutil.copy(book, project / "corpus")
    with Store.open(project) as store:
        build_project(store, project)
        titles = [u.source for u in store.units(queue="titles")]
    pkg = build_package(work / "tiny.argosmodel", titles + ["и et"] * 30, remap={"и": "et"})
    argos.install(pkg)
    translator = argos.ArgosBackend().translator("ru", "fr")
    e = translator.stages[0].engine
    texts = [titles[i % len(titles)] for i in range(args.units)]
    pieces = sum(len(e.apkg.tokenizer.encode(t)) for t in texts) / len(texts)
    vocab = e.apkg.tokenizer.lazy_processor().get_piece_size()
    print(f"tiny model (1-layer copy Transformer, d_model 64, vocabulary {vocab}), beam {e.beam_size};"
          f" {args.units} Russian titles of {book.name} (cycled), {pieces:.1f} pieces each on average")

    translator.translate(texts[:8])  # warm-up

    def best(fn):
        times, out = [], None
        for _ in range(args.repeat):
            t = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t)
        return min(times), out

    t_batched, batched = best(lambda: [h[0].text for h in translator.translate(texts)])
    t_single, single = best(lambda: [e.translate([x])[0][0].text for x in texts])
    # last: argostranslate.translate imports stanza and torch (import time not measured)
    import argostranslate.translate  # noqa: F401

    t_argos, per_text = best(lambda: argos.translate_per_text(translator, texts))

    print(f"batched (one translate_batch over all units):            {args.units / t_batched:8.1f} units/s")
    print(f"one call per unit (argostranslate apply_packaged_translation): {args.units / t_argos:8.1f} units/s")
    print(f"one call per unit (translate_batch of one text):          {args.units / t_single:8.1f} units/s")
    print(f"ratio batched / argostranslate per unit: {t_argos / t_batched:.1f}x"
          f" (per bare call: {t_single / t_batched:.1f}x)")
    print(f"same outputs: {batched == per_text == single} (best of {args.repeat} runs each; CTranslate2 threads:"
          f" inter {e.translator.num_translators}, intra {os.environ.get('ARGOS_INTRA_THREADS', '0 (all cores)')},"
          " argostranslate's settings)")

    with Store.open(project, create=False) as store:
        report = service.translate_units(store, translator, "titles", "ru", "fr", glossary=project_glossary(ROOT))
    print(f"translate_units end to end (glossary masks, batches of {service.CHUNK_UNITS} units committed):"
          f" {report.translated} units in {report.seconds:.2f} s"
          f" ({report.translated / report.seconds:.1f} units/s)")


if __name__ == "__main__":
    main()
