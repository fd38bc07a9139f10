"""Runs the pure stages over a project's corpus and hands the results to the store.

`process_file` is pure (path in, dataclasses out); `build_project` is the only
function here that touches the store, and it reports progress through a callback
so the CLI decides how to show it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.align import Alignment, align_entries
from workbench.biblio import cluster_sources
from workbench.footnotes import Entry, parse_entries
from workbench.markers import Marker, link_markers
from workbench.model import Document, UnitSeed
from workbench.proofing import Book, proof_project
from workbench.qa import Finding, check_book, source_findings
from workbench.segment import Segmentation, segment_text
from workbench.terms import Glossary, project_glossary
from workbench.text import InputError, decode
from workbench.units import sentence_units, title_units


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
                  mt_titles: dict[str, str] | None = None) -> Processed:
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
    alignments = align_entries(entries, markers, glossary, mt_titles)
    units = sentence_units(seg.segments) + title_units(alignments)
    findings = check_book(name, seg.segments, seg.lines, alignments, glossary)
    return Processed(doc, seg, units, entries, markers, diagnostics, alignments, findings)


def process_file(path: Path, glossary: Glossary | None = None,
                 mt_titles: dict[str, str] | None = None) -> Processed:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a text file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    return process_bytes(data, path.name, glossary, mt_titles)


def corpus_files(project: Path) -> list[Path]:
    corpus = project / "corpus"
    if not corpus.is_dir():
        raise InputError(f"{project}: not a workbench project (no corpus/ directory)")
    files = sorted(p for p in corpus.glob("*.txt") if p.is_file())
    if not files:
        raise InputError(f"{corpus}: no .txt files to build")
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
        url = urls.get(s["key"])
        if url and url not in out:
            out[url] = s["text"]
    return out


def build_project(store, project: Path, progress: Progress | None = None) -> BuildSummary:
    """Process every corpus file and ingest it, one transaction per document.

    A file that cannot be read is reported and skipped; its units already in the
    store are left untouched (nothing a reviewer did is lost).
    """
    files = corpus_files(project)
    glossary = project_glossary(project)  # a malformed glossary stops the build before anything is written
    from workbench.translit import Lexicon

    Lexicon.get().set_extra_words(
        c.ru for c in (glossary.concepts if glossary else []) if c.ru and " " not in c.ru
    )
    mt_titles = mt_title_suggestions(store)  # alignment evidence when MT has been run
    summary = BuildSummary()
    good: list[str] = []
    all_entries: list[Entry] = []
    book_findings: dict[str, list[Finding]] = {}
    books: list[Book] = []
    for n, path in enumerate(files):
        if progress:
            progress(path.name, n, len(files))
        try:
            p = process_file(path, glossary, mt_titles)
        except InputError as e:
            summary.errors.append(str(e))
            continue
        summary.add(p)
        summary.reports.append(
            store.ingest(p.doc, p.segmentation.segments, p.units, p.entries, p.markers, p.diagnostics)
        )
        book_findings[p.doc.name] = p.findings
        books.append(Book(p.doc.name, p.segmentation.segments, p.segmentation.lines, p.alignments))
        all_entries.extend(p.entries)
        good.append(path.name)
    # spelling, grammar, MT artefacts: over all books at once (names come from the whole corpus)
    proofing = proof_project(books, glossary, project)
    for f in proofing.findings:
        book_findings[f.file].append(f)
    summary.findings.update(f.kind for f in proofing.findings)
    summary.warnings.extend(proofing.notes)
    if progress:
        progress("", len(files), len(files))
    if not summary.errors:
        summary.reports += store.remove_missing_documents(good)
        # sources span books: clustered once every book is in
        sources = cluster_sources(all_entries)
        store.replace_sources(sources)
        # the same source worded twice, one wording for two sources: findings across books
        cross = source_findings(sources)
        for f in cross:
            book_findings.setdefault(f.file, []).append(f)
        summary.findings.update(Counter(f.kind for f in cross))
        summary.sources = len(sources)
        summary.shared_sources = sum(1 for s in sources if len({m.file for m in s.members}) > 1)
        # the translation memory the project ships: alignments/corpus.tmx and one per book
        from workbench.formats.tmx import export_project

        summary.tmx = export_project(store, project / "alignments")
    for name, found in book_findings.items():  # derived data: one write per book
        store.replace_findings(name, found)
    # findings of MT suggestions that lost a glossary term, derived again from the stored
    # suggestions, on the units' lines as this build placed them
    from workbench.mt import refresh_findings

    refresh_findings(store)
    return summary

