"""Spelling, grammar and MT artefact findings over French body text and titles.

Pure: `proof_books(books, checks)` takes the books' segments, lines and
alignments and returns `Finding`s with file, line and column of the original
text. It runs over every book at once because the spelling check's names come
from the whole corpus (a name printed in one book is a name in all).

Kinds: `spelling` (term: the word, case-folded; suggestion: up to three
words), `grammar` (term: Grammalecte's rule id), `mt_artifact` (term: the
artefact type, see `mt_artifacts.TYPES`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.align import Alignment
from workbench.model import Segment
from workbench.project import Project, as_project
from workbench.qa import Finding
from workbench.text import Line, join_lines_mapped

KINDS = ("spelling", "grammar", "mt_artifact")


@dataclass
class Book:
    file: str
    segments: list[Segment]
    lines: list[Line]
    alignments: list[Alignment] = field(default_factory=list)


@dataclass
class Span:
    """A stretch of French text to check, with the map back to the original lines."""

    file: str
    text: str
    starts: list[tuple[int, int]]  # (offset in text, line number)
    indents: dict[int, int]  # line number -> leading spaces in the original line
    kind: str  # body | heading | title


@dataclass
class ProofReport:
    findings: list[Finding]
    notes: list[str]  # e.g. why grammar checking is off


def spans(book: Book) -> list[Span]:
    """Body paragraphs and headings as printed, and the French title of every
    footnote and bibliography entry (located in its entry's text)."""
    out: list[Span] = []
    entry_blocks: list[tuple[Segment, str, list[tuple[int, int]]]] = []
    for s in book.segments:
        if s.kind not in ("body", "heading", "footnote", "bibliography"):
            continue
        text, starts = join_lines_mapped(
            [(n, book.lines[n - 1].text) for n in s.lines if book.lines[n - 1].kind == "text"])
        if not text:
            continue
        if s.kind in ("body", "heading"):
            out.append(Span(book.file, text, starts, _indents(book, starts), s.kind))
        else:
            entry_blocks.append((s, text, starts))
    for a in book.alignments:
        title = a.title_fr.strip()
        if len(title) < 3:
            continue
        for s, text, starts in entry_blocks:
            if not (s.line_start <= a.line_start <= s.line_end):
                continue
            i = text.find(title)
            if i < 0:
                continue
            line_starts = [(off - i, no) for off, no in starts if off <= i] [-1:] + [
                (off - i, no) for off, no in starts if i < off < i + len(title)]
            out.append(Span(book.file, title, line_starts, _indents(book, line_starts), "title"))
            break
    return out


def _indents(book: Book, starts: list[tuple[int, int]]) -> dict[int, int]:
    out = {}
    for _, no in starts:
        raw = book.lines[no - 1].raw
        out[no] = len(raw) - len(raw.lstrip())
    return out


def where(span: Span, offset: int) -> tuple[int, int]:
    """(line, 1-based column in the original line) of an offset in a span."""
    line, start = span.starts[0][1], span.starts[0][0]
    for off, no in span.starts:
        if off <= offset:
            line, start = no, off
        else:
            break
    return line, offset - start + span.indents.get(line, 0) + 1


def context(text: str, a: int, b: int, width: int = 40) -> str:
    return ("…" if a > width else "") + text[max(0, a - width) : b + width].strip() + (
        "…" if b + width < len(text) else "")


def project_speller(books: Iterable[Book], glossary=None, project: Project | Path | None = None, cache=None):
    """A Speller knowing the glossary, the project dictionary and the corpus's names
    (`cache`: Hunspell's verdicts from earlier runs, `spelling.verdict_cache()`)."""
    from workbench import spelling

    texts = [sp.text for b in books for sp in _all_text_spans(b)]
    words = spelling.read_dictionary(dictionary_path(project)) if project is not None else []
    return spelling.Speller(spelling.ProjectWords.build(glossary, words, spelling.name_inventory(texts)), cache)


def dictionary_path(project: Project | Path) -> Path:
    return as_project(project).dictionary


def _all_text_spans(book: Book) -> list[Span]:
    """Every text block (footnotes and bibliography too): where names are mined."""
    out = []
    for s in book.segments:
        if s.kind in ("body", "heading", "footnote", "bibliography"):
            text, starts = join_lines_mapped(
                [(n, book.lines[n - 1].text) for n in s.lines if book.lines[n - 1].kind == "text"])
            if text:
                out.append(Span(book.file, text, starts, {}, s.kind))
    return out


def proof_books(books: list[Book], speller, kinds: Iterable[str] = KINDS, grammar=None) -> ProofReport:
    """Findings of the requested kinds. `grammar` is a `GrammarChecker` or None
    (then grammar checking is off, and the report's notes say why)."""
    from workbench.mt_artifacts import english_ranges, find_artifacts

    kinds = set(kinds)
    notes: list[str] = []
    if "grammar" in kinds and grammar is None:
        grammar, why = open_grammar()
        if why:
            notes.append(why)
    out: list[Finding] = []
    for book in books:
        for sp in spans(book):
            text = sp.text
            if "mt_artifact" in kinds:
                for art in find_artifacts(text):
                    line, col = where(sp, art.start)
                    out.append(Finding(sp.file, line, col, art.found, art.type, "mt_artifact", art.suggestion,
                                       context(text, art.start, art.end)))
            english = english_ranges(text)  # the `untranslated` check's: no French spelling or grammar there
            if "spelling" in kinds and speller is not None:
                for m in speller.check(text):
                    if any(a <= m.start < b for a, b in english):
                        continue
                    line, col = where(sp, m.start)
                    out.append(Finding(sp.file, line, col, m.word, m.word.casefold(), "spelling",
                                       " | ".join(m.suggestions), context(text, m.start, m.end)))
            if "grammar" in kinds and grammar is not None:
                for e in grammar.check(text):
                    if any(a <= e.start < b for a, b in english):
                        continue
                    line, col = where(sp, e.start)
                    sugg = " | ".join(e.suggestions[:3])
                    sugg = f"{sugg} ({e.message})" if sugg else e.message
                    out.append(Finding(sp.file, line, col, text[e.start:e.end], e.rule, "grammar", sugg,
                                       context(text, e.start, e.end)))
    out.sort(key=lambda f: (f.file, f.line, f.col, f.kind))
    return ProofReport(out, notes)


def open_grammar():
    """(a cached Grammalecte checker, None), or (None, why grammar checking is off)."""
    from workbench.grammar import CachedGrammar, GrammarUnavailable, grammar_checker

    try:
        return CachedGrammar(grammar_checker()), None
    except GrammarUnavailable as e:
        return None, f"grammar checking is off: {e}"


def proof_project(books: list[Book], glossary=None, project: Project | Path | None = None,
                  kinds: Iterable[str] = KINDS) -> ProofReport:
    """Every book's spelling, grammar and MT artefact findings, with the project's
    words (glossary, `glossary/dictionary.txt`, the corpus's names)."""
    kinds = set(kinds)
    from workbench.spelling import verdict_cache

    speller = project_speller(books, glossary, project, verdict_cache()) if "spelling" in kinds else None
    grammar, why = open_grammar() if "grammar" in kinds else (None, None)
    report = proof_books(books, speller, kinds - ({"grammar"} if grammar is None else set()), grammar)
    if why:
        report.notes.append(why)
    if grammar is not None:
        grammar.save()
    if speller is not None:
        speller.cache.save()
    return report
