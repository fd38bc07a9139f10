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
from typing import TYPE_CHECKING, NoReturn

from workbench import __version__
from workbench.files import atomic_path, check_output, make_output_dir
from workbench.model import QUEUES, SEVERITIES, UNIT_STATUSES

if TYPE_CHECKING:
    from workbench.project import Project

EXIT_USAGE = 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + message
        raise UsageError(f"{self.prog}: {message}")


def _project(p: str) -> Project:
    from workbench.project import Project

    return Project.at(p)


def _open_store(where: argparse.Namespace | Project, create: bool = False, readonly: bool = False):
    """The store of a project (or of the command's `--project`), where the project says it is."""
    from workbench.storage import open_store

    project = _project(where.project) if isinstance(where, argparse.Namespace) else where
    return open_store(project.store, create=create, readonly=readonly)


def _who(args: argparse.Namespace, store) -> str:
    """Who the history names: `--who`, else the store's database role (a server store:
    each reviewer may connect as their own), else $USER."""
    return args.who or store.role() or os.environ.get("USER") or "reviewer"


def _add_project(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--project",
        default=".",
        metavar="DIR",
        help="project directory (corpus/, glossary/, alignments/, .workbench/); default: current directory",
    )


def build_parser() -> argparse.ArgumentParser:
    """Every command's arguments. Long on purpose, like the helpers below it: one flat
    block per command, its whole interface in one place, in the README's order."""
    from workbench.model import SEGMENT_KINDS

    p = _Parser(prog="workbench", description="Translation and alignment workbench.")
    p.add_argument("--version", action="version", version=f"workbench {__version__}")
    p.add_argument("--store", metavar="URL", help="the project's store: postgresql://... or sqlite:///DIR"
                   " (default: $WORKBENCH_STORE, then workbench.toml's [store] url, then .workbench/)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sp = sub.add_parser("segments", help="segment one text file (stateless) and print its segments")
    sp.add_argument("file", help="a book as UTF-8 (or UTF-16 with BOM) text")
    sp.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    sp.add_argument("--kind", action="append", choices=SEGMENT_KINDS, metavar="KIND",
                    help=f"only segments of this kind (repeatable): {', '.join(SEGMENT_KINDS)}")
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
    _add_project(sp)
    sp.add_argument("--no-glossary", action="store_true",
                    help="ignore the project glossary (by default its terms count as evidence, as in build)")
    sp.set_defaults(func=cmd_align)

    _add_glossary_parsers(sub)

    sp = sub.add_parser("init", help="start a project: corpus/, an empty glossary, a README")
    sp.add_argument("dir", metavar="DIR", help="the new project's folder (created, or an empty one)")
    sp.set_defaults(func=cmd_init)

    sp = sub.add_parser("build", help="ingest corpus/*.txt into the project store")
    _add_project(sp)
    sp.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    sp.add_argument("--jobs", type=_jobs, default=0, metavar="N",
                    help="processes for the books (default: one per core)")
    sp.add_argument("--no-cache", action="store_true",
                    help="process every book again (by default an unchanged book's results are reused)")
    sp.set_defaults(func=cmd_build)

    _add_export_parsers(sub)

    sp = sub.add_parser("import", help="import data into the project")
    isub = sp.add_subparsers(dest="what", metavar="FORMAT", parser_class=_Parser, required=True)
    ip = isub.add_parser("tmx", help="a TMX file into the translation memory (inline codes kept, streamed)")
    ip.add_argument("file")
    _add_project(ip)
    ip.add_argument("--srclang", help="source language, e.g. en or en-US (default: the file header's)")
    ip.add_argument("--tgtlang", help="target language (default: every other language of each unit)")
    ip.set_defaults(func=cmd_import_tmx)
    ip = isub.add_parser("xliff", help="targets edited in a CAT tool, from an XLIFF this project exported")
    ip.add_argument("file")
    _add_project(ip)
    ip.add_argument("--who", default=None,
                    help="name recorded in the history (default: the database role with a PostgreSQL store, else $USER)")
    ip.set_defaults(func=cmd_import_xliff)
    _add_tm_parsers(sub)

    sp = sub.add_parser("review", help="the review TUI: correct titles and sentences, confirm, reject")
    _add_project(sp)
    sp.add_argument("--who", default=None,
                    help="reviewer name recorded in the history (default: the database role with a PostgreSQL store, else $USER)")
    sp.add_argument("--web", action="store_true",
                    help="serve the review screen to a browser (textual-serve, extra 'web') instead of the terminal")
    sp.add_argument("--port", type=int, default=8000, metavar="N", help="with --web: the port (default 8000)")
    sp.add_argument("--host", default="127.0.0.1",
                    help="with --web: the address to listen on (default 127.0.0.1, this machine only)")
    sp.set_defaults(func=cmd_review)

    sp = sub.add_parser("status", help="summary of the project store")
    _add_project(sp)
    sp.add_argument("--format", choices=("table", "json"), default="table")
    sp.set_defaults(func=cmd_status)
    _add_mt_parsers(sub)
    from workbench import store_commands

    store_commands.add_parsers(sub, _Parser, _add_project)
    return p


def _add_glossary_parsers(sub) -> None:
    """The glossary and the QA calls and words reviewers share (files under glossary/);
    one flat block per command, as in `build_parser`."""
    from workbench.dismissals import DEFAULT_SEVERITY

    finding_kinds = tuple(DEFAULT_SEVERITY)  # every finding kind has a default severity
    sp = sub.add_parser("glossary", help="the termbase of proper names: check, suggest, fix")
    gsub = sp.add_subparsers(dest="gcmd", metavar="ACTION", parser_class=_Parser, required=True)
    gp = gsub.add_parser("check", help="QA findings: glossary spellings, consistency, titles, typography, "
                                       "spelling, grammar, MT artefacts")
    gp.add_argument("files", nargs="*", metavar="FILE", help="books to check (default: the project's corpus)")
    _add_project(gp)
    gp.add_argument("--glossary", metavar="TSV", help="glossary file (default: PROJECT/glossary/glossary.tsv)")
    gp.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    gp.add_argument("--kind", action="append", choices=finding_kinds, metavar="KIND",
                    help=f"only findings of this kind (repeatable): {', '.join(finding_kinds)}")
    gp.add_argument("--min-severity", choices=SEVERITIES, default="info",
                    help="only findings at least this severe (severities: glossary/qa_profile.tsv)")
    gp.add_argument("--all", action="store_true",
                    help="include the findings dismissed in glossary/dismissed.tsv and the kinds the profile turns off")
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
    gp.add_argument("--format", choices=("text", "jsonl"), default="text",
                    help="text: KEY: FOUND -> REPLACEMENT; jsonl: key, found, replacement, line per change")
    gp.set_defaults(func=cmd_glossary_fix)
    gp = gsub.add_parser("learn-lexicon",
                         help="learn the title word lexicon (glossary/title_lexicon.tsv) from the books' title pairs")
    _add_project(gp)
    gp.add_argument("--glossary", metavar="TSV")
    gp.set_defaults(func=cmd_glossary_learn_lexicon)
    gp = gsub.add_parser("validate", help="load the glossary and report its first error, if any")
    _add_project(gp)
    gp.add_argument("--glossary", metavar="TSV")
    gp.set_defaults(func=cmd_glossary_validate)

    sp = sub.add_parser("qa", help="reviewers' QA calls: dismiss a finding, list the dismissals")
    qsub = sp.add_subparsers(dest="qcmd", metavar="ACTION", parser_class=_Parser, required=True)
    qp = qsub.add_parser("dismiss", help="dismiss a finding: one occurrence (--file, --line) or the form everywhere")
    _add_project(qp)
    qp.add_argument("--kind", required=True, choices=finding_kinds, metavar="KIND",
                    help=f"the finding's kind: {', '.join(finding_kinds)}")
    qp.add_argument("--found", required=True, help="the text found, as glossary check prints it")
    qp.add_argument("--term", help="the finding's term (concept id); default: any")
    qp.add_argument("--file", help="only in this book (file name)")
    qp.add_argument("--line", type=int, help="only at this line of --file")
    qp.add_argument("--who", default=os.environ.get("USER", "reviewer"), help="who dismisses it")
    qp.add_argument("--why", required=True, help="why it is no error (e.g. 'Weichai is an engine maker, not Weihai')")
    qp.set_defaults(func=cmd_qa_dismiss)
    qp = qsub.add_parser("dismissed", help="list the dismissed findings (glossary/dismissed.tsv)")
    _add_project(qp)
    qp.add_argument("--format", choices=("jsonl", "table"), default="table")
    qp.set_defaults(func=cmd_qa_dismissed)
    sp = sub.add_parser("dictionary", help="the project dictionary: words the French spelling check accepts")
    dsub = sp.add_subparsers(dest="dcmd", metavar="ACTION", parser_class=_Parser, required=True)
    dp = dsub.add_parser("add", help="add words to PROJECT/glossary/dictionary.txt (sorted, shared by the team)")
    dp.add_argument("words", nargs="+", metavar="WORD")
    _add_project(dp)
    dp.set_defaults(func=cmd_dictionary_add)
    dp = dsub.add_parser("list", help="the project dictionary's words, one a line")
    _add_project(dp)
    dp.set_defaults(func=cmd_dictionary_list)


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
    sp.add_argument("--queue", choices=QUEUES, default="titles",
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
               [[str(s.index), s.kind, str(s.article or ""), f"{s.line_start}-{s.line_end}", s.text]
                for s in segs], text=["text"])
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
             r["title"], r["url"] or "", str(r["marker_line"] or "-")] for r in rows], text=["title", "url"])
    return 0


def cmd_markers(args) -> int:
    _, _, markers, _ = _analyse(args.file)
    rows = [m.to_dict() for m in markers]
    if args.format == "jsonl":
        _write_jsonl(rows, sys.stdout)
        return 0
    _table(["no", "line", "col", "as printed", "footnote", "cited sentence"],
           [[str(r["number"]), str(r["line"]), str(r["col"]), r["text"], str(r["footnote_line"] or "-"),
             r["sentence"]] for r in rows], text=["cited sentence"])
    return 0


def cmd_translit(args) -> int:
    from workbench.pipeline import project_lexicon
    from workbench.terms import project_glossary
    from workbench.translit import transliterate

    inputs = _translit_inputs(args.inputs)
    g = None if args.no_glossary else project_glossary(_project(args.project))
    lex = project_lexicon(g)
    for inp in inputs:
        r = transliterate(inp, lex)
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(r.title_ru + "\n")
        sys.stdout.flush()
    return 0


MAX_URL_CHARS = 2048  # longer than any URL a browser or a footnote carries (the de-facto limit is 2,083)


def _translit_inputs(arguments: list[str]) -> list[str]:
    """The URLs or slugs to read, checked before any work: stdin within the size limit
    `segments` has, strictly decoded; no line longer than a URL can be."""
    from workbench.text import MAX_BYTES, InputError, decode

    if arguments:
        where, inputs = "argument", list(arguments)
        for n, a in enumerate(inputs, 1):
            try:
                a.encode("utf-8")
            except UnicodeEncodeError:
                raise UsageError(f"workbench translit: argument {n} is not valid UTF-8") from None
    else:
        where = "line"
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"standard input: too large (over {MAX_BYTES} bytes)")
        inputs = [] if not data.strip() else decode(data, "standard input").split("\n")
    numbered = [(n, x.strip()) for n, x in enumerate(inputs, 1) if x.strip()]
    for n, x in numbered:
        if len(x) > MAX_URL_CHARS:
            raise UsageError(f"workbench translit: {where} {n} has {len(x)} characters, longer than"
                             f" a URL can be (limit {MAX_URL_CHARS})")
    if not numbered:
        raise UsageError("workbench translit: no URL or slug given (arguments or stdin)")
    return [x for _, x in numbered]


def cmd_align(args) -> int:
    from workbench.pipeline import align_files
    from workbench.terms import project_glossary

    # the project's glossary and title lexicon, as `build` uses them: one answer for one file
    project = _project(args.project)
    g = None if args.no_glossary else project_glossary(project)
    rows = [a.to_dict() for a in align_files([Path(args.file)], g, project)]
    if args.format == "jsonl":
        _write_jsonl(rows, sys.stdout)
        return 0
    _table(["kind", "no", "status", "score", "title_fr", "title_ru"],
           [[r["kind"][:4], str(r["number"] or ""), r["status"], f"{r['score']:.2f}", r["title_fr"],
             r["title_ru"] or ""] for r in rows], text=["title_fr", "title_ru"])
    return 0


def _glossary(args, required: bool = True):
    from workbench.terms import load_glossary, project_glossary

    if args.glossary:
        return load_glossary(args.glossary)
    project = _project(args.project)
    g = project_glossary(project)
    if g is None and required:
        raise UsageError(f"workbench glossary: no glossary at {project.glossary} (give --glossary TSV)")
    return g


def _book_paths(args) -> list[Path]:
    from workbench.pipeline import corpus_files

    return [Path(f) for f in args.files] if args.files else corpus_files(_project(args.project))


def cmd_glossary_validate(args) -> int:
    g = _glossary(args)
    print(f"{g.name}: {len(g)} concepts, {len(g.forms)} French forms, OK")
    return 0


def cmd_glossary_check(args) -> int:
    from workbench.dismissals import (
        is_dismissed,
        load_dismissals,
        load_profile,
        severity_rank,
    )
    from workbench.pipeline import check_files
    from workbench.proofing import KINDS as PROOF_KINDS

    g = _glossary(args, required=False)
    project = _project(args.project)
    profile, dismissed = load_profile(project), load_dismissals(project)
    rows = []
    notes: list[str] = []
    proof_kinds = [k for k in PROOF_KINDS if not args.kind or k in args.kind]
    for f in check_files(_book_paths(args), g, project, proof_kinds=proof_kinds, notes=notes):
        d = f.to_dict()
        d["severity"] = profile.get(f.kind, "warning")
        if args.kind and f.kind not in args.kind:
            continue
        if not args.all and (d["severity"] == "off" or is_dismissed(d, dismissed)):
            continue
        if severity_rank(d["severity"]) < severity_rank(args.min_severity) and d["severity"] != "off":
            continue
        rows.append(d)
    for note in notes:
        print(f"workbench: {note}", file=sys.stderr)
    if args.format == "jsonl":
        _write_jsonl(rows, sys.stdout)
    else:
        _table(["file", "line", "col", "severity", "kind", "found", "term", "suggestion"],
               [[f["file"][:3], str(f["line"]), str(f["col"]), f["severity"], f["kind"], f["found"],
                 f["term"], f["suggestion"]] for f in rows], text=["found", "suggestion"])
    return 0


def cmd_glossary_learn_lexicon(args) -> int:
    from workbench.pipeline import learn_project_lexicon

    project = _project(args.project)
    lex = learn_project_lexicon(project, _glossary(args, required=False))
    out = project.title_lexicon
    with atomic_path(out) as tmp:
        tmp.write_text(lex.to_tsv(), encoding="utf-8")
    print(f"{out}: {len(lex)} word pairs")
    return 0


def cmd_qa_dismiss(args) -> int:
    from workbench.dismissals import Dismissal, add_dismissal

    if args.line and not args.file:
        raise UsageError("workbench qa dismiss: --line needs --file")
    if not args.why.strip():
        raise UsageError("workbench qa dismiss: say why (--why)")
    d = add_dismissal(_project(args.project), Dismissal(args.kind, args.term or "", args.found, args.file or "",
                                                        args.line or 0, args.who, args.why.strip()))
    where = f"{d.file}:{d.line}" if d.line else (d.file or "everywhere")
    print(f"dismissed {d.kind} {d.found!r} ({where}) by {d.who}: {d.why}")
    return 0


def cmd_qa_dismissed(args) -> int:
    from workbench.dismissals import load_dismissals

    rows = [d.to_dict() for d in load_dismissals(_project(args.project))]
    if args.format == "jsonl":
        _write_jsonl(rows, sys.stdout)
    else:
        _table(["kind", "found", "term", "where", "who", "why", "date"],
               [[r["kind"], r["found"], r["term"], f"{r['file']}:{r['line']}" if r["line"] else (r["file"] or "everywhere"),
                 r["who"], r["why"], r["date"]] for r in rows], text=["found", "why"])
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
    from workbench.lexicon import Lexicon
    from workbench.terms import suggest_terms
    from workbench.translit import transliterate

    g = _glossary(args, required=False)
    lex = Lexicon()
    texts, slug_names = [], []
    for path in _book_paths(args):
        seg, entries, _, _ = _analyse(str(path))
        for s in seg.segments:
            if s.kind in ("body", "heading", "footnote", "bibliography"):
                texts.append((path.name, s.line_start, s.text))
        for e in entries:
            if e.url:
                for w in transliterate(e.url, lex).words:
                    if not w.known and len(w.ru) > 3:
                        slug_names.append((path.name, e.line_start, w.ru))
    rows = suggest_terms(texts, slug_names, g, args.min_count)
    if args.format == "jsonl":
        _write_jsonl((r.to_dict() for r in rows), sys.stdout)
    else:
        _table(["term", "count", "source", "variants", "examples"],
               [[r.term, str(r.count), r.source, ", ".join(f"{k} ({v})" for k, v in list(r.variants.items())[:4]),
                 " ".join(r.examples[:2])] for r in rows[:200]], text=["variants", "examples"])
    return 0


FIX_RETRIES = 5


def cmd_glossary_fix(args) -> int:
    from workbench.store import ConflictError
    from workbench.terms import fix_text

    g = _glossary(args)
    changed = 0
    with _open_store(args, readonly=args.dry_run) as store:
        for u in store.units():
            for _ in range(FIX_RETRIES):
                new, fixes = fix_text(u.text, g)
                if not fixes or args.dry_run:
                    break
                try:
                    store.edit(u.key, new, who="glossary-fix", expected_version=u.version)
                    break
                except ConflictError as e:  # a reviewer saved meanwhile: fix their text instead
                    u = e.current
            else:
                print(f"workbench: {u.key}: left alone, it keeps changing under the fix", file=sys.stderr)
                continue
            if not fixes:
                continue
            changed += 1
            if args.format == "jsonl":
                for a, b in fixes:
                    print(json.dumps({"key": u.key, "found": a, "replacement": b, "line": u.line_start},
                                     ensure_ascii=False))
            else:
                print(f"{u.key}: " + "; ".join(f"{a} -> {b}" for a, b in fixes))
    verb = "would change" if args.dry_run else "changed"
    print(f"{verb} {changed} units", file=sys.stderr)
    return 0


def _table(header: list[str], rows: list[list[str]], text: tuple[str, ...] | list[str] = ()) -> None:
    """Fitted to the terminal: `text` columns wrap, cut text ends with "…"."""
    from workbench.tables import print_table

    print_table(header, rows, text=text)


def cmd_init(args) -> int:
    from workbench.init import InitError, init_project

    target = Path(args.dir).expanduser().resolve()  # a new folder: no Project (and no settings) yet
    try:
        init_project(target)
    except InitError as e:
        raise UsageError(f"workbench init: {e}") from None
    print(f"project created in {target}: put the books (.txt) in {target / 'corpus'}, then"
          f" `workbench build --project {args.dir}`", file=sys.stderr)
    return 0


def _jobs(v: str) -> int:
    if not v.isdigit() or int(v) < 1:
        raise argparse.ArgumentTypeError(f"--jobs: a number of processes, 1 or more (not {v!r})")
    return int(v)


def cmd_build(args) -> int:
    from workbench.parallel import default_jobs
    from workbench.pipeline import build_project, corpus_files
    from workbench.report import print_build_summary, progress_bar
    from workbench.terms import project_glossary

    project = _project(args.project)
    corpus_files(project)  # budgets (file sizes) and the glossary are checked before a store exists
    project_glossary(project)
    with _open_store(project, create=True) as store:
        with progress_bar(enabled=not args.quiet) as progress:
            summary = build_project(store, project, progress, jobs=args.jobs or default_jobs(),
                                    use_cache=not args.no_cache)
        counts = store.counts().as_dict()
    if not args.quiet:
        print_build_summary(summary, counts)
    for e in summary.errors:
        print(f"workbench: {e}", file=sys.stderr)
    return EXIT_USAGE if summary.errors else 0


def _output_parser(parent, name: str, help: str, func, metavar: str = "FILE",
                   default: str = "stdout") -> argparse.ArgumentParser:
    """A subcommand that writes to `--out` (a file, or a directory for DIR) in a project."""
    ep = parent.add_parser(name, help=help)
    _add_project(ep)
    kind = "directory" if metavar == "DIR" else "file"
    ep.add_argument("--out", metavar=metavar, help=f"output {kind} (default: {default})")
    ep.set_defaults(func=func)
    return ep


STATUS_HELP = f"all, or a comma list of {','.join(UNIT_STATUSES)}"


def _add_export_parsers(sub) -> None:
    sp = sub.add_parser("export", help="export project data")
    esub = sp.add_subparsers(dest="what", metavar="FORMAT", parser_class=_Parser, required=True)
    ep = _output_parser(esub, "jsonl", "every review unit with its current text, status and history count",
                        cmd_export_jsonl)
    ep.add_argument("--status", default="all", help=STATUS_HELP)
    ep = _output_parser(esub, "tmx", "aligned Russian -> French titles as TMX 1.4", cmd_export_tmx)
    ep.add_argument("--status", default="all",
                    help="all (aligned and reviewed units, never rejected ones), or a comma list such as confirmed,approved")
    ep.add_argument("--min-score", type=float, default=0.0, metavar="X", help="alignment score at least X (0..1)")
    ep.add_argument("--keep-other-languages", action="store_true",
                    help="keep units whose target is not French (or source not Russian), under their real language")
    ep = _output_parser(esub, "xliff", "review units as XLIFF 1.2 or 2.1, for a CAT tool; bring back with import xliff",
                        cmd_export_xliff)
    ep.add_argument("--version", choices=("1.2", "2.1"), default="1.2")
    ep.add_argument("--queue", choices=QUEUES, default="titles")
    ep.add_argument("--status", default="all", help=STATUS_HELP)
    _output_parser(esub, "markdown", "the clean edition: each book as Markdown with footnotes", cmd_export_markdown,
                   metavar="DIR", default="PROJECT/edition")
    ep = _output_parser(esub, "tbx", "the glossary as TBX (v3: TBX-Basic; v2: TBX 2008 / martif)", cmd_export_tbx)
    ep.add_argument("--glossary", metavar="TSV")
    ep.add_argument("--version", type=int, choices=(2, 3), default=3)
    ep = _output_parser(esub, "omegat-glossary", "the glossary as an OmegaT glossary (Russian, French, comment)",
                        cmd_export_omegat_glossary)
    ep.add_argument("--glossary", metavar="TSV")


def _statuses(args, command: str) -> set[str] | None:
    """`--status` as a set of review statuses (None: all); an unknown one refused in one line."""
    if args.status.strip() == "all":
        return None
    statuses = {s.strip() for s in args.status.split(",") if s.strip()}
    bad = sorted(statuses - set(UNIT_STATUSES))
    if bad or not statuses:
        raise UsageError(f"workbench {command}: unknown status {','.join(bad) or '(empty)'} "
                         f"(choose all or {','.join(UNIT_STATUSES)})")
    return statuses


def _write_out(out: str | None, write, done: str) -> None:
    """`write(target)` (it returns how many units it wrote) into the file `out`, replaced
    whole when it succeeds, and `done` with the count on stderr; or onto stdout."""
    if out:
        with atomic_path(out) as tmp:
            n = write(str(tmp))
        print(done.format(n=n, out=out), file=sys.stderr)
    else:
        sys.stdout.flush()
        write(sys.stdout.buffer)


def cmd_export_jsonl(args) -> int:
    statuses = _statuses(args, "export jsonl")
    if args.out:
        check_output(args.out)
    with _open_store(args, readonly=True) as store:
        rows = (r.as_dict() for r in store.iter_export("all" if statuses is None else ",".join(sorted(statuses))))
        if args.out:
            with atomic_path(args.out) as tmp, tmp.open("w", encoding="utf-8") as f:
                n = _write_jsonl(rows, f)
            print(f"{n} units written to {args.out}", file=sys.stderr)
        else:
            _write_jsonl(rows, sys.stdout)
    return 0


def cmd_export_tmx(args) -> int:
    from workbench.formats.tmx import (
        creation_date,
        split_languages,
        units_from_store,
        write_tmx,
    )

    statuses = _statuses(args, "export tmx")
    if not 0.0 <= args.min_score <= 1.0:
        raise UsageError("workbench export tmx: --min-score must be between 0 and 1")
    if args.out:
        check_output(args.out)
    with _open_store(args, readonly=True) as store:
        units = units_from_store(store, statuses, args.min_score)
        date = creation_date(store)
    units, other = split_languages(units, args.keep_other_languages)
    _write_out(args.out, lambda target: write_tmx(units, target, date), "{n} translation units written to {out}")
    print(_other_languages_line(other, args.keep_other_languages), file=sys.stderr)
    return 0


def _other_languages_line(other, kept: bool) -> str:
    if not other:
        return "every unit is Russian -> French"
    what = ", ".join(f"{n} {k}" for k, n in sorted(other.items()))
    return (f"kept under their detected language: {what}" if kept else
            f"left out (not Russian -> French; --keep-other-languages keeps them): {what}")


def _write_bytes(data: bytes, out: str | None) -> None:
    if out:
        with atomic_path(check_output(out)) as tmp:
            tmp.write_bytes(data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)


def cmd_export_markdown(args) -> int:
    from workbench.formats.markdown import book_markdown
    from workbench.pipeline import corpus_files

    project = _project(args.project)
    with _open_store(project, readonly=True) as store:
        files = corpus_files(project)
        out = make_output_dir(Path(args.out) if args.out else project.edition)
        for path in files:
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
    from workbench.tm import TmxError, import_tmx

    with _open_store(args) as store:
        try:
            stats, new = import_tmx(store, args.file, args.srclang, args.tgtlang)
        except TmxError as e:
            raise UsageError(f"workbench import tmx: {e}") from None
    print(f"{stats.units} units read, {stats.entries} entries ({stats.languages_line()}), "
          f"{new} new in the translation memory", file=sys.stderr)
    return 0


def cmd_export_xliff(args) -> int:
    from workbench.formats.xliff import units_from_store, write_xliff

    statuses = _statuses(args, "export xliff")
    with _open_store(args) as store:
        units = units_from_store(store, args.queue, statuses)
    _write_out(args.out, lambda target: write_xliff(units, target, args.version, args.queue),
               f"{{n}} units written to {{out}} (XLIFF {args.version})")
    return 0


def cmd_import_xliff(args) -> int:
    from workbench.formats.xliff import XliffError, import_units, read_xliff

    try:
        returned = read_xliff(args.file)
    except XliffError as e:
        raise UsageError(f"workbench import xliff: {e}") from None
    with _open_store(args) as store:
        report = import_units(store, returned, _who(args, store))
    for key, why in report.conflicts:
        print(f"conflict: {key}: {why}", file=sys.stderr)
    for key, why in report.skipped[:10]:
        print(f"skipped: {key}: {why}", file=sys.stderr)
    if len(report.skipped) > 10:
        print(f"skipped: … and {len(report.skipped) - 10} more", file=sys.stderr)
    print(f"{len(returned)} units read: {len(report.edited)} saved as draft edits, {report.unchanged} unchanged, "
          f"{len(report.conflicts)} conflicts, {len(report.skipped)} skipped", file=sys.stderr)
    return 0


def _add_tm_parsers(sub) -> None:
    sp = sub.add_parser("tm", help="the translation memory: concordance search, export")
    tsub = sp.add_subparsers(dest="tcmd", metavar="ACTION", parser_class=_Parser, required=True)
    tp = tsub.add_parser("search", help="exact and fuzzy matches of a sentence in the memory")
    tp.add_argument("text")
    _add_project(tp)
    tp.add_argument("--srclang", help="only entries with this source language (primary subtag)")
    tp.add_argument("--tgtlang", help="only entries with this target language (primary subtag)")
    tp.add_argument("--limit", type=int, default=5)
    tp.add_argument("--min-score", type=float, default=70.0, metavar="PCT", help="default 70")
    tp.add_argument("--format", choices=("jsonl", "table"), default="table")
    tp.set_defaults(func=cmd_tm_search)
    tp = _output_parser(tsub, "export", "the memory as TMX 1.4, inline codes restored", cmd_tm_export)
    tp.add_argument("--srclang")
    tp.add_argument("--tgtlang")


def cmd_tm_search(args) -> int:
    from workbench.tm import search

    if args.limit < 1 or not 0 <= args.min_score <= 100:
        raise UsageError("workbench tm search: --limit must be at least 1 and --min-score within 0..100")
    with _open_store(args) as store:
        found = search(store, args.text, args.srclang, args.tgtlang, args.limit, args.min_score)
    if args.format == "jsonl":
        _write_jsonl((m.as_dict() for m in found), sys.stdout)
    else:
        _table(["score", "source", "target", "langs", "origin"],
               [[f"{m.score:.0f}", m.source, m.as_dict()["target_tagged"],
                 f"{m.source_lang}>{m.target_lang}", m.origin] for m in found], text=["source", "target"])
    return 0


def cmd_tm_export(args) -> int:
    from workbench.tm import export_memory

    with _open_store(args) as store:
        _write_out(args.out, lambda target: export_memory(store, target, args.srclang, args.tgtlang),
                   "{n} translation units written to {out}")
    return 0


def _write_jsonl(rows, f) -> int:
    n = 0
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n


def cmd_review(args) -> int:
    project = _project(args.project)
    with _open_store(project) as store:  # a missing or unusable store: one line, before the screen
        who = _who(args, store)
    if args.web:
        from workbench.review.web import WebError, serve

        try:
            serve(project.root, who, args.host, args.port)
        except WebError as e:
            raise UsageError(f"workbench review --web: {e}") from None
        return 0
    from workbench.review.web import DRIVER_ENV

    # a browser tab of `review --web` has no terminal: textual-serve gives it Textual's web driver
    if not os.environ.get(DRIVER_ENV) and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("workbench review: needs a terminal (use `workbench status` or `export` otherwise)")
    from workbench.mt.argos import ArgosBackend
    from workbench.review.app import ReviewApp

    app = ReviewApp(project, who=who, mt=ArgosBackend())
    app.run()
    return app.return_code or 0


def cmd_status(args) -> int:
    from workbench.review import recovery, replaced

    project = _project(args.project)
    with _open_store(project, readonly=True) as store:
        counts = store.counts().as_dict()
        # per reviewer: units whose confirmed text someone else replaced since (review tells them once)
        counts["confirmed text replaced by another reviewer"] = replaced.status_counts(
            store.all_history(), lambda who: store.setting(f"{replaced.SEEN_SETTING}.{who}"))
    # reviewer texts a failed save left in .workbench/recovery/ (the review offers them back)
    counts["recoveries"] = {"pending": recovery.count(project)}
    if args.format == "json":
        print(json.dumps(counts, ensure_ascii=False, indent=2))
    else:
        from workbench.report import print_counts

        print_counts(counts)
    return 0


# ------------------------------------------------------------------ machine translation, scores


def cmd_mt_install(args) -> int:
    from workbench.mt import argos

    pkg = argos.install(args.file)
    print(f"installed {pkg.from_code} -> {pkg.to_code} ({pkg.name} {pkg.version}) in {pkg.path}", file=sys.stderr)
    return 0


def cmd_mt_list(args) -> int:
    from workbench.mt import argos

    if not argos.available():
        raise UsageError(f"workbench mt: {argos.EXTRA_HINT}")
    pkgs = argos.installed_packages()
    if args.format == "json":
        print(json.dumps([{"from": p.from_code, "to": p.to_code, "name": p.name, "version": p.version,
                           "path": str(p.path)} for p in pkgs], indent=2))
    elif pkgs:
        _table(["from", "to", "name", "version", "path"],
               [[p.from_code, p.to_code, p.name, p.version, str(p.path)] for p in pkgs], text=["path"])
    else:
        print("no translation package installed (looked in "
              + ", ".join(str(d) for d in argos.package_dirs()) + ")", file=sys.stderr)
    return 0


def cmd_translate(args) -> int:
    from workbench.mt import argos, service
    from workbench.report import progress_bar

    if not argos.available():
        raise UsageError(f"workbench translate: {argos.EXTRA_HINT}")
    if args.limit is not None and args.limit < 0:
        raise UsageError("workbench translate: --limit must not be negative")
    if args.hypotheses < 1:
        raise UsageError("workbench translate: --hypotheses must be at least 1")
    service.check_pair(args.queue, args.from_code, args.to_code)
    g = None if args.no_glossary else _glossary(args, required=False)
    with _open_store(args) as store:
        translator = argos.ArgosBackend().translator(args.from_code, args.to_code)
        with progress_bar(enabled=not args.quiet, label="Translating") as update:
            report = service.translate_units(
                store, translator, args.queue, args.from_code, args.to_code, limit=args.limit, glossary=g,
                progress=lambda done, total: update("", done, total), hypotheses=args.hypotheses)
    rate = report.translated / report.seconds if report.seconds else 0.0
    print(f"{report.model} {report.model_version}: {report.translated} units translated"
          f" ({rate:.1f}/s), {report.skipped} already done, {report.lost_terms} glossary terms lost"
          f" (findings {service.FINDING_KIND})", file=sys.stderr)
    if report.interrupted:
        print(f"workbench: interrupted; the {report.translated} suggestions stored are kept", file=sys.stderr)
        return 130
    return 0


def cmd_score(args) -> int:
    from workbench import scores

    if args.plot and Path(args.plot).suffix.lower() != ".svg":
        raise UsageError(f"workbench score: --plot writes SVG: give a file ending in .svg (got {args.plot})")
    if args.plot:
        check_output(args.plot, "chart file")
    with _open_store(args, readonly=True) as store:
        units = store.units()
        result = scores.score_project(units, store.suggestions(kind="mt"), store.sources())
        titles = {d.name: d.title for d in store.documents() if d.title}
    values = scores.unit_hters((u.mt, u.text) for u in units if scores.is_reviewed(u))
    if args.plot:
        with atomic_path(args.plot) as tmp:
            tmp.write_bytes(scores.svg_plot(values, result["books"], titles))
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
        if args.store:  # for this command and the ones it runs (see storage.location)
            from workbench.store_commands import with_store

            return with_store(args.store, args.func, args)
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
