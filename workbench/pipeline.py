"""Runs the pure stages over a project's corpus and hands the results to the store.

`process_file` is pure (path in, dataclasses out); `build_project` is the only
function here that touches the store, and it reports progress through a callback
so the CLI decides how to show it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.align import Alignment, align_entries
from workbench.biblio import cluster_sources
from workbench.bundled import corpus_title_seeds, write_alignments
from workbench.footnotes import Entry, parse_entries
from workbench.lexicon import Lexicon, Morphology
from workbench.markers import Marker, link_markers
from workbench.model import Document, UnitSeed
from workbench.project import Project, as_project
from workbench.proofing import Book, proof_project
from workbench.qa import Finding, check_book, source_findings
from workbench.reattach import recognise_renamed
from workbench.segment import Segmentation, segment_text
from workbench.terms import Glossary, project_glossary
from workbench.text import InputError, check_size, decode, load_text, read_limited
from workbench.units import sentence_units, title_units
from workbench.wordalign import TitleLexicon, learn_lexicon


@dataclass
class Processed:
    doc: Document
    segmentation: Segmentation  # body segments cleaned of reference markers
    units: list[UnitSeed]
    entries: list[Entry] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    diagnostics: list[str] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def analyse_text(text: str, name: str) -> tuple[Segmentation, list[Entry], list[Marker], list[str]]:
    """The pure pipeline for one book: structure, footnotes, markers."""
    seg = segment_text(text, name, sentences=False)  # split once, after the markers are out
    entries = parse_entries(seg.segments)
    linking = link_markers(seg.segments, entries, seg.lines)
    seg.segments = linking.segments
    return seg, entries, linking.markers, linking.diagnostics


def process_bytes(data: bytes, name: str, glossary: Glossary | None = None,
                  mt_titles: dict[str, str] | None = None, lexicon: TitleLexicon | None = None, *,
                  lex: Lexicon) -> Processed:
    text = decode(data, name)
    seg, entries, markers, diagnostics = analyse_text(text, name)
    title = next((s.text for s in seg.segments if s.kind == "heading"), "")
    doc = Document(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        n_lines=len(seg.lines),
        title=title,
        warnings=tuple(seg.warnings),
    )
    alignments = align_entries(entries, markers, glossary, mt_titles, lexicon, [ln.raw for ln in seg.lines],
                               lex=lex)
    units = sentence_units(seg.segments) + title_units(alignments)
    findings = check_book(name, seg.segments, seg.lines, alignments, glossary)
    return Processed(doc, seg, units, entries, markers, diagnostics, alignments, findings)


def process_file(path: Path, glossary: Glossary | None = None,
                 mt_titles: dict[str, str] | None = None, lexicon: TitleLexicon | None = None, *,
                 lex: Lexicon) -> Processed:
    return process_bytes(read_limited(path), path.name, glossary, mt_titles, lexicon, lex=lex)


def project_lexicon(glossary: Glossary | None) -> Lexicon:
    """The Russian lexicon of a project: the dictionaries and its glossary's
    one-word Russian names (sharing the glossary's morphology). A few seconds
    to load: one per workflow."""
    if glossary is None:
        return Lexicon()
    return Lexicon(glossary.ru_names(), glossary.morphology)


def align_text(text: str, name: str, glossary: Glossary | None = None,
               lexicon: TitleLexicon | None = None, *, lex: Lexicon) -> tuple[Segmentation, list[Entry], list[Marker], list[Alignment]]:
    """One book's structure, entries, markers and alignments, as `build` makes them."""
    seg, entries, markers, _ = analyse_text(text, name)
    return seg, entries, markers, align_entries(entries, markers, glossary, None, lexicon,
                                                [ln.raw for ln in seg.lines], lex=lex)


def align_files(paths: list[Path], glossary: Glossary | None, project: Project | Path | None = None) -> list[Alignment]:
    """The alignments of some books with the project's glossary and title lexicon."""
    lex = project_lexicon(glossary)
    lexicon = project_title_lexicon(project, lex.morphology) if project else None
    out: list[Alignment] = []
    for path in paths:
        out += align_text(load_text(Path(path)), Path(path).name, glossary, lexicon, lex=lex)[3]
    return out


def check_files(paths: list[Path], glossary: Glossary | None, project: Project | Path | None = None,
                proof_kinds: Sequence[str] = (), notes: list[str] | None = None) -> list[Finding]:
    """Every QA finding of some books, as `glossary check` reports them: each book's
    checks, then those across the books checked (one source worded twice, one
    wording for two sources), then the `proof_kinds` (spelling, grammar, MT
    artefacts) over all books at once; what those say of themselves (grammar
    checking off, and why) goes to `notes`. Pure apart from reading the files."""
    findings: list[Finding] = []
    all_entries: list[Entry] = []
    project = as_project(project) if project else None
    lex = project_lexicon(glossary)
    lexicon = project_title_lexicon(project, lex.morphology) if project else None
    lines_by_file = {}
    books: list[Book] = []
    for path in paths:
        seg, entries, _markers, alignments = align_text(load_text(Path(path)), Path(path).name, glossary, lexicon, lex=lex)
        findings += check_book(Path(path).name, seg.segments, seg.lines, alignments, glossary)
        all_entries += entries
        lines_by_file[Path(path).name] = seg.lines
        books.append(Book(Path(path).name, seg.segments, seg.lines, alignments))
    findings += source_findings(cluster_sources(all_entries), lines_by_file)
    if proof_kinds:
        report = proof_project(books, glossary, project, proof_kinds)
        findings += report.findings
        if notes is not None:
            notes.extend(report.notes)
    return findings


def project_title_lexicon(project: Project | Path, morphology: Morphology | None = None) -> TitleLexicon | None:
    """The title word lexicon of a project (glossary/title_lexicon.tsv), if it has one
    (`morphology`: the workflow's, to share its loaded dictionary)."""
    p = as_project(project).title_lexicon
    return TitleLexicon.from_tsv(load_text(p), str(p), morphology) if p.is_file() else None


def learn_project_lexicon(project: Project | Path, glossary: Glossary | None) -> TitleLexicon:
    """Learn the title word lexicon from every (French title, Russian headline)
    pair of the project's books (aligned without a lexicon, so it never learns
    from itself)."""
    pairs = [(a.title_fr, a.title_ru) for a in align_files(corpus_files(project), glossary, None)
             if a.title_fr and a.title_ru]
    return learn_lexicon(pairs, morphology=glossary.morphology if glossary else None)



def corpus_files(project: Project | Path) -> list[Path]:
    project = as_project(project)
    corpus = project.corpus
    if not corpus.is_dir():
        raise InputError(f"{project.root}: not a workbench project (no corpus/ directory)")
    files = sorted(p for p in corpus.glob("*.txt") if p.is_file())
    if not files:
        raise InputError(f"{corpus}: no .txt files to build")
    for p in files:  # the size budget, before any work starts
        check_size(p)
    return files


@dataclass
class BuildSummary:
    documents: list[Document] = field(default_factory=list)
    segments_by_kind: dict[str, int] = field(default_factory=dict)
    unreadable_regions: list[tuple[str, int, int]] = field(default_factory=list)
    units: int = 0
    warnings: list[str] = field(default_factory=list)
    reports: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    footnotes: int = 0
    bibliography: int = 0
    markers: int = 0
    diagnostics: list[str] = field(default_factory=list)
    sources: int = 0
    shared_sources: int = 0

    alignment_status: dict[str, int] = field(default_factory=dict)

    findings: Counter = field(default_factory=Counter)
    tmx: dict[str, int] = field(default_factory=dict)
    tmx_other_languages: Counter = field(default_factory=Counter)  # units left out of corpus.tmx

    def add(self, p: Processed) -> None:
        self.findings.update(f.kind for f in p.findings)
        for a in p.alignments:
            self.alignment_status[a.status] = self.alignment_status.get(a.status, 0) + 1
        self.footnotes += sum(1 for e in p.entries if e.kind == "footnote")
        self.bibliography += sum(1 for e in p.entries if e.kind == "bibliography")
        self.markers += len(p.markers)
        self.diagnostics.extend(f"{p.doc.name}: {d}" for d in p.diagnostics)
        self.documents.append(p.doc)
        for s in p.segmentation.segments:
            self.segments_by_kind[s.kind] = self.segments_by_kind.get(s.kind, 0) + 1
            if s.kind == "unreadable":
                self.unreadable_regions.append((p.doc.name, s.line_start, s.line_end))
        self.units += len(p.units)
        self.warnings.extend(p.doc.warnings)


Progress = Callable[[str, int, int], None]  # (file name, done, total)


def mt_title_suggestions(store) -> dict[str, str]:
    """URL -> the newest MT suggestion for that title unit (empty before any MT run)."""
    urls = {u.key: u.context.get("url") for u in store.units(queue="titles")}
    out: dict[str, str] = {}
    for s in store.suggestions(kind="mt"):  # newest first for each unit
        url = urls.get(s.key)
        if url and url not in out:
            out[url] = s.text
    return out


class RenamedBooks:
    """Books that vanished from the corpus since the last build (renamed, or
    re-extracted under a new name), recognised by content in a file the store has
    never seen, so that its reviewer work follows (see `reattach.recognise_renamed`)."""

    def __init__(self, store, names: Sequence[str]) -> None:
        self.store = store
        known = {d.name for d in store.documents()}
        self.fresh = {n for n in names if n not in known}
        self.gone: set[str] | None = None if self.fresh else set()
        self.names = set(names)

    def take(self, name: str, units: Sequence[UnitSeed]) -> str | None:
        if name not in self.fresh:
            return None
        if self.gone is None:  # read once, only when a new name appears
            self.gone = {u.file for u in self.store.units()} - self.names
        if not self.gone:
            return None
        found = recognise_renamed({g: [u.mt for u in self.store.units(doc=g)] for g in sorted(self.gone)},
                                  {name: [u.mt for u in units]})
        if name not in found:
            return None
        old = found[name][0]
        self.gone.discard(old)
        return old


def build_project(store, project: Project | Path, progress: Progress | None = None, *, jobs: int = 1,
                  use_cache: bool = True) -> BuildSummary:
    """Process every corpus file and ingest it, one transaction per document.

    Books are processed in `jobs` processes; a book unchanged since the last build
    (same bytes, code, libraries, glossary directory, MT suggestions) is taken
    from the project's per-book cache (`use_cache`). The results are the same.

    A file that cannot be read is reported and skipped; its units already in the
    store are left untouched (nothing a reviewer did is lost).
    """
    from functools import cache

    from workbench.build_cache import BookCache, build_signature
    from workbench.parallel import process_books, proof_books_cached

    project = as_project(project)
    files = corpus_files(project)
    glossary = project_glossary(project)  # a malformed glossary stops the build before anything is written
    lexicon = project_title_lexicon(project)
    mt_titles = mt_title_suggestions(store)  # alignment evidence when MT has been run
    summary = BuildSummary()
    good: list[str] = []
    all_entries: list[Entry] = []
    book_findings: dict[str, list[Finding]] = {}
    book_lines: dict[str, list] = {}
    books: list[tuple[str, Book]] = []
    names: set[str] = set()
    corpus_titles: dict[str, list[UnitSeed]] = {}  # for alignments/*.tmx: no reviewer work, no MT
    renamed = RenamedBooks(store, [f.name for f in files])
    # unchanged books come from the per-book cache, the others from a pool of `jobs` processes
    book_cache = BookCache(project, enabled=use_cache)
    lex = cache(lambda: project_lexicon(glossary))
    results = process_books(files, build_signature(project, mt_titles), book_cache, glossary, mt_titles, lexicon,
                            lex, jobs, progress)
    for r in results:  # a GlossaryError stops the build: the glossary's fault, not a book's
        if r.error is not None:
            summary.errors.append(r.error)
            continue
        p = r.processed
        names |= r.names
        summary.add(p)
        summary.reports.append(store.ingest(
            p.doc, p.segmentation.segments, p.units, p.entries, p.markers, p.diagnostics,
            renamed_from=renamed.take(p.doc.name, p.units),
        ))
        book_findings[p.doc.name] = p.findings
        book_lines[p.doc.name] = p.segmentation.lines
        books.append((r.key, Book(p.doc.name, p.segmentation.segments, p.segmentation.lines, p.alignments)))
        all_entries.extend(p.entries)
        corpus_titles[p.doc.name] = corpus_title_seeds(p, mt_titles, glossary, lexicon, lex=lex)
        good.append(r.name)
    # spelling, grammar, MT artefacts: book by book, against the names of the whole corpus
    proofing = proof_books_cached(books, names, glossary, project, book_cache, jobs)
    if not summary.errors:
        book_cache.prune({key for key, _ in books})
    for f in proofing.findings:
        book_findings[f.file].append(f)
    summary.findings.update(f.kind for f in proofing.findings)
    summary.warnings.extend(proofing.notes)
    if progress:
        progress("", len(files), len(files))
    if not summary.errors:
        summary.reports += store.remove_missing_documents(good)
        _cross_book(store, project, summary, all_entries, book_lines, book_findings, corpus_titles)
    _store_findings(store, project, book_findings)
    return summary


def _cross_book(store, project: Project, summary: BuildSummary, all_entries: list[Entry],
                book_lines: dict[str, list], book_findings: dict[str, list[Finding]],
                corpus_titles: dict[str, list[UnitSeed]]) -> None:
    """What spans books, once every book is in: sources and their findings, and the
    translation memory the project ships (alignments/corpus.tmx and one per book,
    from the corpus alone)."""
    sources = cluster_sources(all_entries)
    store.replace_sources(sources)
    # the same source worded twice, one wording for two sources: findings across books
    cross = source_findings(sources, book_lines)
    for f in cross:
        book_findings.setdefault(f.file, []).append(f)
    summary.findings.update(Counter(f.kind for f in cross))
    summary.sources = len(sources)
    summary.shared_sources = sum(1 for s in sources if len({m.file for m in s.members}) > 1)
    # the translation memory the project ships, alignments/corpus.tmx and one per book, from
    # the corpus alone: reviewer work leaves the store through `workbench export` only
    summary.tmx = write_alignments(corpus_titles, project.alignments, other=summary.tmx_other_languages)


def _store_findings(store, project: Project, book_findings: dict[str, list[Finding]]) -> None:
    """Each book's findings into the store, but the reviewers' dismissals
    (glossary/dismissed.tsv) and the kinds the QA profile turns off: every rebuild
    applies them again. Then the findings of MT suggestions that lost a glossary
    term, derived again from the stored suggestions on the lines this build placed."""
    from workbench.dismissals import is_dismissed, load_dismissals, load_profile

    dismissed, profile = load_dismissals(project), load_profile(project)
    for name, found in book_findings.items():  # derived data: one write per book
        store.replace_findings(name, [f for f in found if profile.get(f.kind) != "off"
                                      and not is_dismissed(f.to_dict(), dismissed)])
    from workbench.mt.service import refresh_findings

    refresh_findings(store)
