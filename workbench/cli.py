"""Command line: parse arguments, call one function, format the result.

Bad input (missing or binary file, unknown option, corrupt database) gives one
line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from workbench import __version__
from workbench.files import atomic_path

EXIT_USAGE = 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + message
        raise UsageError(f"{self.prog}: {message}")


def _project(p: str) -> Path:
    return Path(p).expanduser().resolve()


def _add_project(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--project",
        default=".",
        metavar="DIR",
        help="project directory (corpus/, glossary/, alignments/, .workbench/); default: current directory",
    )


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="workbench", description="Translation and alignment workbench.")
    p.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sp = sub.add_parser("segments", help="segment one text file (stateless) and print its segments")
    sp.add_argument("file", help="a book as UTF-8 (or UTF-16 with BOM) text")
    sp.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    sp.add_argument("--kind", action="append", help="only segments of this kind (repeatable)")
    sp.set_defaults(func=cmd_segments)

    sp = sub.add_parser("footnotes", help="footnote and bibliography entries of one file, with their fields")
    sp.add_argument("file")
    sp.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    sp.add_argument("--kind", choices=("footnote", "bibliography"), help="only entries of this kind")
    sp.add_argument("--diagnostics", action="store_true",
                    help="print the gaps instead: markers without entry, entries without marker")
    sp.set_defaults(func=cmd_footnotes)

    sp = sub.add_parser("markers", help="reference markers in the body of one file, linked to their footnotes")
    sp.add_argument("file")
    sp.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    sp.set_defaults(func=cmd_markers)

    sp = sub.add_parser("translit", help="Russian title (Cyrillic) from article URLs or slugs")
    sp.add_argument("inputs", nargs="*", metavar="URL_OR_SLUG", help="default: one per line on stdin")
    sp.add_argument("--format", choices=("text", "jsonl"), default="text")
    _add_project(sp)
    sp.add_argument("--no-glossary", action="store_true",
                    help="do not add the project glossary's Russian names to the lexicon")
    sp.set_defaults(func=cmd_translit)

    sp = sub.add_parser("align", help="French title <-> Russian title (from the URL slug) of every entry of one file")
    sp.add_argument("file")
    sp.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    sp.set_defaults(func=cmd_align)

    sp = sub.add_parser("glossary", help="the termbase of proper names: check, suggest, fix")
    gsub = sp.add_subparsers(dest="gcmd", metavar="ACTION", parser_class=_Parser, required=True)
    gp = gsub.add_parser("check", help="QA findings: glossary spellings, consistency, titles, typography, "
                                       "spelling, grammar, MT artefacts")
    gp.add_argument("files", nargs="*", metavar="FILE", help="books to check (default: the project's corpus)")
    _add_project(gp)
    gp.add_argument("--glossary", metavar="TSV", help="glossary file (default: PROJECT/glossary/glossary.tsv)")
    gp.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    gp.add_argument("--kind", action="append", help="only findings of this kind (repeatable)")
    gp.set_defaults(func=cmd_glossary_check)
    gp = gsub.add_parser("suggest", help="candidate terms and spelling variants mined from the books")
    gp.add_argument("files", nargs="*", metavar="FILE")
    _add_project(gp)
    gp.add_argument("--glossary", metavar="TSV")
    gp.add_argument("--format", choices=("jsonl", "table"), default="table")
    gp.add_argument("--min-count", type=int, default=3)
    gp.set_defaults(func=cmd_glossary_suggest)
    gp = gsub.add_parser("fix", help="replace forbidden and variant spellings in the review units (draft edits)")
    _add_project(gp)
    gp.add_argument("--glossary", metavar="TSV")
    gp.add_argument("--dry-run", action="store_true", help="show the changes, save nothing")
    gp.set_defaults(func=cmd_glossary_fix)
    gp = gsub.add_parser("validate", help="load the glossary and report its first error, if any")
    _add_project(gp)
    gp.add_argument("--glossary", metavar="TSV")
    gp.set_defaults(func=cmd_glossary_validate)

    sp = sub.add_parser("dictionary", help="the project dictionary: words the French spelling check accepts")
    dsub = sp.add_subparsers(dest="dcmd", metavar="ACTION", parser_class=_Parser, required=True)
    dp = dsub.add_parser("add", help="add words to PROJECT/glossary/dictionary.txt (sorted, shared by the team)")
    dp.add_argument("words", nargs="+", metavar="WORD")
    _add_project(dp)
    dp.set_defaults(func=cmd_dictionary_add)
    dp = dsub.add_parser("list", help="the project dictionary's words, one a line")
    _add_project(dp)
    dp.set_defaults(func=cmd_dictionary_list)

    sp = sub.add_parser("build", help="ingest corpus/*.txt into the project store")
    _add_project(sp)
    sp.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    sp.set_defaults(func=cmd_build)

    sp = sub.add_parser("export", help="export project data")
    esub = sp.add_subparsers(dest="what", metavar="FORMAT", parser_class=_Parser, required=True)
    ep = esub.add_parser("jsonl", help="every review unit with its current text, status and history count")
    _add_project(ep)
    ep.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    ep.add_argument(
        "--status",
        default="all",
        help="all, or a comma list of new,draft,confirmed,approved,rejected",
    )
    ep.set_defaults(func=cmd_export_jsonl)
    ep = esub.add_parser("tmx", help="aligned Russian -> French titles as TMX 1.4")
    _add_project(ep)
    ep.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    ep.add_argument("--status", default="all",
                    help="all (aligned and reviewed units, never rejected ones), or a comma list such as confirmed,approved")
    ep.add_argument("--min-score", type=float, default=0.0, metavar="X", help="alignment score at least X (0..1)")
    ep.set_defaults(func=cmd_export_tmx)
    ep = esub.add_parser("markdown", help="the clean edition: each book as Markdown with footnotes")
    _add_project(ep)
    ep.add_argument("--out", metavar="DIR", help="output directory (default: PROJECT/edition)")
    ep.set_defaults(func=cmd_export_markdown)
    ep = esub.add_parser("tbx", help="the glossary as TBX (v3: TBX-Basic; v2: TBX 2008 / martif)")
    _add_project(ep)
    ep.add_argument("--glossary", metavar="TSV")
    ep.add_argument("--version", type=int, choices=(2, 3), default=3)
    ep.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    ep.set_defaults(func=cmd_export_tbx)
    ep = esub.add_parser("omegat-glossary", help="the glossary as an OmegaT glossary (Russian, French, comment)")
    _add_project(ep)
    ep.add_argument("--glossary", metavar="TSV")
    ep.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    ep.set_defaults(func=cmd_export_omegat_glossary)

    sp = sub.add_parser("import", help="import data into the project")
    isub = sp.add_subparsers(dest="what", metavar="FORMAT", parser_class=_Parser, required=True)
    ip = isub.add_parser("tmx", help="a TMX file as translation memory (Russian -> French)")
    ip.add_argument("file")
    _add_project(ip)
    ip.add_argument("--srclang", default="ru")
    ip.add_argument("--tgtlang", default="fr")
    ip.set_defaults(func=cmd_import_tmx)

    sp = sub.add_parser("review", help="the review TUI: correct titles and sentences, confirm, reject")
    _add_project(sp)
    sp.add_argument("--who", default=os.environ.get("USER") or "reviewer",
                    help="reviewer name recorded in the history (default: $USER)")
    sp.set_defaults(func=cmd_review)

    sp = sub.add_parser("status", help="summary of the project store")
    _add_project(sp)
    sp.add_argument("--format", choices=("table", "json"), default="table")
    sp.set_defaults(func=cmd_status)
    _add_mt_parsers(sub)
    return p


def _add_mt_parsers(sub) -> None:
    """Machine translation and post-editing scores (the `mt` extra for the first two)."""
    sp = sub.add_parser("mt", help="machine-translation models (Argos Translate packages)")
    msub = sp.add_subparsers(dest="mtcmd", metavar="ACTION", parser_class=_Parser, required=True)
    mp = msub.add_parser("install", help="check an .argosmodel archive, then install it")
    mp.add_argument("file", metavar="FILE.argosmodel")
    mp.set_defaults(func=cmd_mt_install)
    mp = msub.add_parser("list", help="installed translation packages (also those installed with argospm)")
    mp.add_argument("--format", choices=("table", "json"), default="table")
    mp.set_defaults(func=cmd_mt_list)

    sp = sub.add_parser("translate", help="MT suggestions for the review units, batched, resumable")
    _add_project(sp)
    sp.add_argument("--from", dest="from_code", default="ru", metavar="CODE", help="source language (default: ru)")
    sp.add_argument("--to", dest="to_code", default="fr", metavar="CODE", help="target language (default: fr)")
    sp.add_argument("--queue", choices=("titles", "sentences"), default="titles",
                    help="titles: Russian title -> French (default); sentences: French MT -> French (a fr->fr package)")
    sp.add_argument("--limit", type=int, metavar="N", help="translate at most N units this run")
    sp.add_argument("--hypotheses", type=int, default=1, metavar="N",
                    help="hypotheses per unit (the best is the suggestion, the others are kept as alternatives)")
    sp.add_argument("--glossary", metavar="TSV", help="glossary file (default: PROJECT/glossary/glossary.tsv)")
    sp.add_argument("--no-glossary", action="store_true", help="do not protect glossary terms")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    sp.set_defaults(func=cmd_translate)

    sp = sub.add_parser("score", help="HTER, chrF++ and BLEU of the MT against the reviewed text, per book")
    _add_project(sp)
    sp.add_argument("--format", choices=("table", "json"), default="table")
    sp.add_argument("--plot", metavar="FILE.svg", help="also write an SVG chart: per-unit HTER and review progress")
    sp.set_defaults(func=cmd_score)


# ------------------------------------------------------------------ commands


def cmd_segments(args) -> int:
    segs = _analyse(args.file)[0].segments
    if args.kind:
        segs = [s for s in segs if s.kind in args.kind]
    out = sys.stdout
    if args.format == "jsonl":
        for s in segs:
            out.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
    else:
        _table(["#", "kind", "art", "lines", "text"],
               [[str(s.index), s.kind, str(s.article or ""), f"{s.line_start}-{s.line_end}", s.text[:90]]
                for s in segs])
    return 0


def _analyse(path: str):
    from workbench.pipeline import analyse_text
    from workbench.text import load_text

    p = Path(path)
    return analyse_text(load_text(p), p.name)


ENTRY_FIELDS = ("file", "kind", "article", "number", "title", "title_lang", "authors", "year", "url",
                "pages", "publisher", "line_start", "line_end", "lines", "raw", "marker_line")


def cmd_footnotes(args) -> int:
    _, entries, _, diagnostics = _analyse(args.file)
    if args.diagnostics:
        for d in diagnostics:
            print(d)
        return 0
    if args.kind:
        entries = [e for e in entries if e.kind == args.kind]
    rows = [{k: e.to_dict()[k] for k in ENTRY_FIELDS} for e in entries]
    if args.format == "jsonl":
        _write_jsonl(rows, sys.stdout)
        return 0
    _table(["kind", "no", "lines", "year", "title", "url", "marker"],
           [[r["kind"][:4], str(r["number"] or ""), f"{r['line_start']}-{r['line_end']}", str(r["year"] or ""),
             r["title"][:60], (r["url"] or "")[-40:], str(r["marker_line"] or "-")] for r in rows])
    return 0


def cmd_markers(args) -> int:
    _, _, markers, _ = _analyse(args.file)
    rows = [m.to_dict() for m in markers]
    if args.format == "jsonl":
        _write_jsonl(rows, sys.stdout)
        return 0
    _table(["no", "line", "col", "as printed", "footnote", "cited sentence"],
           [[str(r["number"]), str(r["line"]), str(r["col"]), r["text"], str(r["footnote_line"] or "-"),
             r["sentence"][:60]] for r in rows])
    return 0


def cmd_translit(args) -> int:
    from workbench.terms import project_glossary
    from workbench.translit import Lexicon, transliterate

    g = None if args.no_glossary else project_glossary(_project(args.project))
    Lexicon.get().set_extra_words(c.ru for c in (g.concepts if g else []) if c.ru and " " not in c.ru)
    inputs = args.inputs or [line.strip() for line in sys.stdin if line.strip()]
    if not inputs:
        raise UsageError("workbench translit: no URL or slug given (arguments or stdin)")
    for inp in inputs:
        r = transliterate(inp)
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(r.title_ru + "\n")
        sys.stdout.flush()
    return 0


def cmd_align(args) -> int:
    from workbench.align import align_entries

    _, entries, markers, _ = _analyse(args.file)
    rows = [a.to_dict() for a in align_entries(entries, markers)]
    if args.format == "jsonl":
        _write_jsonl(rows, sys.stdout)
        return 0
    _table(["kind", "no", "status", "score", "title_fr", "title_ru"],
           [[r["kind"][:4], str(r["number"] or ""), r["status"], f"{r['score']:.2f}", r["title_fr"][:50],
             (r["title_ru"] or "")[:50]] for r in rows])
    return 0


def _glossary(args, required: bool = True):
    from workbench.terms import load_glossary, project_glossary

    if args.glossary:
        return load_glossary(args.glossary)
    g = project_glossary(_project(args.project))
    if g is None and required:
        raise UsageError(f"workbench glossary: no glossary at {_project(args.project) / 'glossary' / 'glossary.tsv'}"
                         " (give --glossary TSV)")
    return g


def _book_paths(args) -> list[Path]:
    from workbench.pipeline import corpus_files

    return [Path(f) for f in args.files] if args.files else corpus_files(_project(args.project))


def cmd_glossary_validate(args) -> int:
    g = _glossary(args)
    print(f"{g.name}: {len(g)} concepts, {len(g.forms)} French forms, OK")
    return 0


def cmd_glossary_check(args) -> int:
    from workbench.align import align_entries
    from workbench.qa import check_book

    from workbench.biblio import cluster_sources
    from workbench.qa import source_findings

    from workbench.proofing import Book

    g = _glossary(args, required=False)
    rows, all_entries, books = [], [], []
    for path in _book_paths(args):
        seg, entries, markers, _ = _analyse(str(path))
        alignments = align_entries(entries, markers, g)
        rows += check_book(path.name, seg.segments, seg.lines, alignments, g)
        books.append(Book(path.name, seg.segments, seg.lines, alignments))
        all_entries += entries
    # one source worded differently, one wording for different sources: across the books checked
    rows += source_findings(cluster_sources(all_entries))
    # spelling, grammar, MT artefacts (all books at once: the names come from the whole corpus)
    from workbench.proofing import KINDS, proof_project

    proof_kinds = [k for k in KINDS if not args.kind or k in args.kind]
    if proof_kinds:
        report = proof_project(books, g, _project(args.project), proof_kinds)
        rows += report.findings
        for note in report.notes:
            print(f"workbench: {note}", file=sys.stderr)
    rows = [f for f in rows if not args.kind or f.kind in args.kind]
    if args.format == "jsonl":
        _write_jsonl((f.to_dict() for f in rows), sys.stdout)
    else:
        _table(["file", "line", "col", "kind", "found", "term", "suggestion"],
               [[f.file[:3], str(f.line), str(f.col), f.kind, f.found[:40], f.term[:20], f.suggestion[:40]]
                for f in rows])
    return 0


def cmd_dictionary_add(args) -> int:
    from workbench.proofing import dictionary_path
    from workbench.spelling import add_to_dictionary

    path = dictionary_path(_project(args.project))
    try:
        added = add_to_dictionary(path, args.words)
    except ValueError as e:
        raise UsageError(f"workbench dictionary add: {e}") from None
    except OSError as e:
        raise UsageError(f"workbench dictionary add: cannot write {path} ({e.strerror})") from None
    print(f"{path}: added {len(added)} word{'s' if len(added) != 1 else ''}"
          + (f" ({', '.join(added)})" if added else " (already there)"), file=sys.stderr)
    return 0


def cmd_dictionary_list(args) -> int:
    from workbench.proofing import dictionary_path
    from workbench.spelling import read_dictionary

    for w in read_dictionary(dictionary_path(_project(args.project))):
        print(w)
    return 0


def cmd_glossary_suggest(args) -> int:
    from workbench.terms import suggest_terms
    from workbench.translit import transliterate

    g = _glossary(args, required=False)
    texts, slug_names = [], []
    for path in _book_paths(args):
        seg, entries, _, _ = _analyse(str(path))
        for s in seg.segments:
            if s.kind in ("body", "heading", "footnote", "bibliography"):
                texts.append((path.name, s.line_start, s.text))
        for e in entries:
            if e.url:
                for w in transliterate(e.url).words:
                    if not w.known and len(w.ru) > 3:
                        slug_names.append((path.name, e.line_start, w.ru))
    rows = suggest_terms(texts, slug_names, g, args.min_count)
    if args.format == "jsonl":
        _write_jsonl((r.to_dict() for r in rows), sys.stdout)
    else:
        _table(["term", "count", "source", "variants", "examples"],
               [[r.term, str(r.count), r.source, ", ".join(f"{k} ({v})" for k, v in list(r.variants.items())[:4]),
                 " ".join(r.examples[:2])] for r in rows[:200]])
    return 0


def cmd_glossary_fix(args) -> int:
    from workbench.store import Store
    from workbench.terms import fix_text

    g = _glossary(args)
    changed = 0
    with Store.open(_project(args.project), create=False) as store:
        for u in store.units():
            new, fixes = fix_text(u.text, g)
            if not fixes:
                continue
            changed += 1
            print(f"{u.key}: " + "; ".join(f"{a} -> {b}" for a, b in fixes))
            if not args.dry_run:
                store.edit(u.key, new, who="glossary-fix", expected_version=u.version)
    verb = "would change" if args.dry_run else "changed"
    print(f"{verb} {changed} units", file=sys.stderr)
    return 0


def _table(header: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(*header)
    for r in rows:
        t.add_row(*r)
    Console().print(t)


def cmd_build(args) -> int:
    from workbench.pipeline import build_project
    from workbench.report import print_build_summary, progress_bar
    from workbench.store import Store

    project = _project(args.project)
    with Store.open(project) as store:
        with progress_bar(enabled=not args.quiet) as progress:
            summary = build_project(store, project, progress)
        counts = store.counts()
    if not args.quiet:
        print_build_summary(summary, counts)
    for e in summary.errors:
        print(f"workbench: {e}", file=sys.stderr)
    return EXIT_USAGE if summary.errors else 0


def cmd_export_jsonl(args) -> int:
    from workbench.model import UNIT_STATUSES
    from workbench.store import Store

    statuses = [s.strip() for s in args.status.split(",") if s.strip()]
    bad = [s for s in statuses if s != "all" and s not in UNIT_STATUSES]
    if bad or not statuses:
        raise UsageError(f"workbench export jsonl: unknown status {','.join(bad) or '(empty)'} "
                         f"(choose all or {','.join(UNIT_STATUSES)})")
    project = _project(args.project)
    with Store.open(project, create=False) as store:
        rows = store.iter_export(args.status)
        if args.out:
            with atomic_path(args.out) as tmp, tmp.open("w", encoding="utf-8") as f:
                n = _write_jsonl(rows, f)
            print(f"{n} units written to {args.out}", file=sys.stderr)
        else:
            _write_jsonl(rows, sys.stdout)
    return 0


def cmd_export_tmx(args) -> int:
    from workbench.formats.tmx import creation_date, units_from_store, write_tmx
    from workbench.model import UNIT_STATUSES
    from workbench.store import Store

    statuses = None
    if args.status != "all":
        statuses = {s.strip() for s in args.status.split(",") if s.strip()}
        bad = sorted(statuses - set(UNIT_STATUSES))
        if bad or not statuses:
            raise UsageError(f"workbench export tmx: unknown status {','.join(bad) or '(empty)'}")
    if not 0.0 <= args.min_score <= 1.0:
        raise UsageError("workbench export tmx: --min-score must be between 0 and 1")
    with Store.open(_project(args.project), create=False) as store:
        units = units_from_store(store, statuses, args.min_score)
        date = creation_date(store)
    if args.out:
        with atomic_path(args.out) as tmp:
            n = write_tmx(units, str(tmp), date)
        print(f"{n} translation units written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.flush()
        write_tmx(units, sys.stdout.buffer, date)
    return 0


def _write_bytes(data: bytes, out: str | None) -> None:
    if out:
        with atomic_path(out) as tmp:
            tmp.write_bytes(data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)


def cmd_export_markdown(args) -> int:
    from workbench.formats.markdown import book_markdown
    from workbench.pipeline import corpus_files
    from workbench.store import Store

    project = _project(args.project)
    out = Path(args.out) if args.out else project / "edition"
    out.mkdir(parents=True, exist_ok=True)
    with Store.open(project, create=False) as store:
        for path in corpus_files(project):
            seg, entries, markers, _ = _analyse(str(path))
            # the reviewers' text where a sentence was corrected
            reviewed = {u.mt: u.text for u in store.units(queue="sentences", doc=path.name)
                        if u.text != u.mt and u.status != "rejected"}
            title = next((s.text for s in seg.segments if s.kind == "heading"), path.stem)
            md = book_markdown(title, seg.segments, entries, markers, reviewed)
            target = out / (path.stem + ".md")
            with atomic_path(target) as tmp:
                tmp.write_text(md, encoding="utf-8")
            print(f"{target}", file=sys.stderr)
    return 0


def cmd_export_tbx(args) -> int:
    from workbench.formats.tbx import tbx_v2, tbx_v3

    g = _glossary(args)
    _write_bytes(tbx_v3(g) if args.version == 3 else tbx_v2(g), args.out)
    return 0


def cmd_export_omegat_glossary(args) -> int:
    from workbench.formats.tbx import omegat_glossary

    _write_bytes(omegat_glossary(_glossary(args)).encode("utf-8"), args.out)
    return 0


def cmd_import_tmx(args) -> int:
    from workbench.formats.tmx import TmxError, read_tmx
    from workbench.store import Store

    try:
        pairs = read_tmx(args.file, args.srclang, args.tgtlang)
    except TmxError as e:
        raise UsageError(f"workbench import tmx: {e}") from None
    with Store.open(_project(args.project), create=False) as store:
        n = store.add_tm(pairs, origin=Path(args.file).name)
    print(f"{len(pairs)} units read, {n} new in the translation memory", file=sys.stderr)
    return 0


def _write_jsonl(rows, f) -> int:
    n = 0
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n


def cmd_review(args) -> int:
    from workbench.store import Store

    project = _project(args.project)
    Store.open(project, create=False).close()  # a missing or unusable store: one line, before the screen
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("workbench review: needs a terminal (use `workbench status` or `export` otherwise)")
    from workbench.review.app import ReviewApp

    app = ReviewApp(project, who=args.who)
    app.run()
    return app.return_code or 0


def cmd_status(args) -> int:
    from workbench.store import Store

    with Store.open(_project(args.project), create=False) as store:
        counts = store.counts()
    if args.format == "json":
        print(json.dumps(counts, ensure_ascii=False, indent=2))
    else:
        from workbench.report import print_counts

        print_counts(counts)
    return 0


# ------------------------------------------------------------------ machine translation, scores


def cmd_mt_install(args) -> int:
    from workbench import mt

    pkg = mt.install(args.file)
    print(f"installed {pkg.from_code} -> {pkg.to_code} ({pkg.name} {pkg.version}) in {pkg.path}", file=sys.stderr)
    return 0


def cmd_mt_list(args) -> int:
    from workbench import mt

    if not mt.available():
        raise UsageError(f"workbench mt: {mt.EXTRA_HINT}")
    pkgs = mt.installed_packages()
    if args.format == "json":
        print(json.dumps([{"from": p.from_code, "to": p.to_code, "name": p.name, "version": p.version,
                           "path": str(p.path)} for p in pkgs], indent=2))
    elif pkgs:
        _table(["from", "to", "name", "version", "path"],
               [[p.from_code, p.to_code, p.name, p.version, str(p.path)] for p in pkgs])
    else:
        print("no translation package installed (looked in "
              + ", ".join(str(d) for d in mt.package_dirs()) + ")", file=sys.stderr)
    return 0


def cmd_translate(args) -> int:
    from workbench import mt
    from workbench.report import progress_bar
    from workbench.store import Store

    if not mt.available():
        raise UsageError(f"workbench translate: {mt.EXTRA_HINT}")
    if args.limit is not None and args.limit < 0:
        raise UsageError("workbench translate: --limit must not be negative")
    if args.hypotheses < 1:
        raise UsageError("workbench translate: --hypotheses must be at least 1")
    mt.check_pair(args.queue, args.from_code, args.to_code)
    g = None if args.no_glossary else _glossary(args, required=False)
    with Store.open(_project(args.project), create=False) as store:
        with progress_bar(enabled=not args.quiet, label="Translating") as update:
            report = mt.translate_units(
                store, args.queue, args.from_code, args.to_code, limit=args.limit, glossary=g,
                progress=lambda done, total: update("", done, total), hypotheses=args.hypotheses)
    rate = report.translated / report.seconds if report.seconds else 0.0
    print(f"{report.model} {report.model_version}: {report.translated} units translated"
          f" ({rate:.1f}/s), {report.skipped} already done, {report.lost_terms} glossary terms lost"
          f" (findings {mt.FINDING_KIND})", file=sys.stderr)
    if report.interrupted:
        print(f"workbench: interrupted; the {report.translated} suggestions stored are kept", file=sys.stderr)
        return 130
    return 0


def cmd_score(args) -> int:
    from workbench import scores
    from workbench.store import Store

    if args.plot and Path(args.plot).suffix.lower() != ".svg":
        raise UsageError(f"workbench score: --plot writes SVG: give a file ending in .svg (got {args.plot})")
    with Store.open(_project(args.project), create=False) as store:
        units = store.units()
        result = scores.score_project(units, store.suggestions(kind="mt"), store.sources())
    values = scores.unit_hters((u.mt, u.text) for u in units if scores.is_reviewed(u))
    if args.plot:
        with atomic_path(args.plot) as tmp:
            tmp.write_bytes(scores.svg_plot(values, result["books"]))
        print(f"chart written to {args.plot}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    from workbench.report import print_scores

    print_scores(result, scores.terminal_chart(units))
    return 0


# ------------------------------------------------------------------ entry point


def main(argv: list[str] | None = None) -> int:
    from workbench.text import InputError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        return args.func(args)
    except UsageError as e:
        print(e, file=sys.stderr)
        return EXIT_USAGE
    except InputError as e:
        print(f"workbench: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as e:  # store errors and the like: still one line
        from workbench.store import StoreError

        if isinstance(e, StoreError):
            print(f"workbench: {e}", file=sys.stderr)
            return EXIT_USAGE
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        print(f"workbench: internal error: {type(e).__name__}: {e} "
              "(set WORKBENCH_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1
