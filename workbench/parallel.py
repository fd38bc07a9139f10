"""The build's per-book work: cached on disk, and spread over a process pool.

Each book is segmented, aligned and checked on its own (`pipeline.process_bytes`),
then proofed on its own against the names of the whole corpus; only the store,
the sources across books and the exports need every book. So a book whose
results are in the `BookCache` costs a read, and the others go to a pool of
`jobs` processes. The pool forks the parent, which holds the inputs (glossary,
lexicons) the workers read: nothing large is pickled on the way in, and the
memory the parent loaded before forking is shared until written. Where fork is
not available (or `jobs` is 1, or one book is left) the work is done in the
parent, with the same results: the stages depend on nothing but their inputs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from workbench.build_cache import (
    BookCache,
    BookEntry,
    ProofEntry,
    RecordingSet,
    book_key,
)
from workbench.project import Project
from workbench.text import InputError, read_limited


def default_jobs() -> int:
    """One process per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class BookResult:
    name: str
    key: str
    processed: Any = None  # pipeline.Processed
    names: frozenset[str] = frozenset()
    error: str | None = None  # the book could not be read (InputError), nothing else known
    cached: bool = False


# The inputs of the task running in a worker: set by the parent just before the pool
# forks (a forked worker reads them, nothing is pickled), cleared after.
_TASK: dict[str, Any] = {}


def _pool(jobs: int, n: int):
    """A forking pool of min(jobs, n) workers, or None when the work stays here."""
    if jobs <= 1 or n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    gc.freeze()  # the parent's objects stay out of the workers' collections: their pages stay shared
    return multiprocessing.get_context("fork").Pool(min(jobs, n))


def _run(fn: Callable[[int], Any], todo: list[int], jobs: int) -> Generator[tuple[int, Any], None, None]:
    pool = _pool(jobs, len(todo))
    if pool is None:
        for i in todo:
            yield i, fn(i)
        return
    try:
        yield from zip(todo, pool.imap(fn, todo, chunksize=1), strict=True)
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()


# ------------------------------------------------------------------ books


def book_names(processed) -> frozenset[str]:
    """The names a book's text shows (the spelling check's corpus inventory is their union)."""
    from workbench.proofing import Book, _all_text_spans
    from workbench.spelling import name_inventory

    book = Book(processed.doc.name, processed.segmentation.segments, processed.segmentation.lines,
                processed.alignments)
    return frozenset(name_inventory(sp.text for sp in _all_text_spans(book)))


def _process_one(i: int) -> BookResult:
    from workbench.pipeline import process_bytes

    t = _TASK
    name, key, data = t["books"][i]
    try:
        p = process_bytes(data, name, t["glossary"], t["mt_titles"], t["lexicon"], lex=t["lex"]())
    except InputError as e:  # not text (binary, undecodable): reported, the other books go on
        return BookResult(name, key, error=str(e))
    entry = BookEntry(p, book_names(p))
    t["cache"].save(key, "book", entry)
    return BookResult(name, key, p, entry.names)


def process_books(files: list[Path], signature: str, cache: BookCache, glossary, mt_titles, lexicon,
                  lex: Callable[[], Any], jobs: int = 1, progress: Callable[[str, int, int], None] | None = None,
                  ) -> Iterator[BookResult]:
    """Every book's results, in the order of `files`: from the cache when its key
    is there, else made (in a pool of `jobs` processes when more than one book is
    left). A book that cannot be read comes back with its `error`. `lex` makes
    the Russian lexicon (seconds to load): called only when a book is not cached."""
    read: list[tuple[str, str, bytes] | None] = []
    results: dict[int, BookResult] = {}
    for i, path in enumerate(files):
        try:
            data = read_limited(path)
        except InputError as e:
            results[i] = BookResult(path.name, "", error=str(e))
            read.append(None)
            continue
        key = book_key(signature, path.name, data)
        read.append((path.name, key, data))
        hit = cache.load(key, "book")
        if isinstance(hit, BookEntry):
            results[i] = BookResult(path.name, key, hit.processed, hit.names, cached=True)
    todo = [i for i in range(len(files)) if i not in results]
    if todo:
        lex()  # loaded once here, before the pool forks: the workers share its memory
    _TASK.update(books=read, glossary=glossary, mt_titles=mt_titles, lexicon=lexicon, lex=lex, cache=cache)
    try:
        made = _run(_process_one, todo, jobs)
        for i in range(len(files)):
            if progress:
                progress(files[i].name, i, len(files))
            if i not in results:
                j, r = next(made)
                assert j == i
                results[i] = r
            yield results.pop(i)
        made.close()
    finally:
        _TASK.clear()


# ------------------------------------------------------------------ proofing


@lru_cache(maxsize=1)
def _grammar():
    """This process's Grammalecte (cached answers), or None and why it is off."""
    from workbench.proofing import open_grammar

    return open_grammar()


@lru_cache(maxsize=1)
def _verdicts():
    from workbench.spelling import verdict_cache

    return verdict_cache()


def _proof_one(i: int) -> ProofEntry:
    from workbench.proofing import KINDS, proof_books
    from workbench.spelling import ProjectWords, Speller

    t = _TASK
    key, book = t["books"][i]
    words = t["words"]
    asked = RecordingSet(words.names)
    speller = Speller(ProjectWords(words.words, cast(frozenset, asked)), _verdicts())
    grammar, why = _grammar()
    kinds = set(KINDS) - ({"grammar"} if grammar is None else set())
    report = proof_books([book], speller, kinds, grammar)
    if grammar is not None:
        grammar.save()
    speller.cache.save()
    entry = ProofEntry(report.findings, asked.asked, why)
    t["cache"].save(key, "proof", entry)
    return entry


def proof_books_cached(books: Iterable[tuple[str, Any]], names: Iterable[str], glossary, project: Project,
                       cache: BookCache, jobs: int = 1):
    """`proofing.proof_project` over `books` ((key, Book) pairs), book by book: a
    book's findings come from the cache while the names its check asked about
    are still what they were. Returns the `ProofReport`."""
    from workbench.proofing import ProofReport, dictionary_path
    from workbench.spelling import ProjectWords, read_dictionary

    books = list(books)
    words = ProjectWords.build(glossary, read_dictionary(dictionary_path(project)), names)
    entries: dict[int, ProofEntry] = {}
    for i, (key, _book) in enumerate(books):
        hit = cache.load(key, "proof")
        if isinstance(hit, ProofEntry) and hit.valid_for(words.names):
            entries[i] = hit
    todo = [i for i in range(len(books)) if i not in entries]
    if len(todo) > 1 and jobs > 1:  # loaded once here, shared by the forked workers
        _grammar()
        _verdicts()
    _TASK.update(books=books, words=words, cache=cache)
    try:
        entries.update(_run(_proof_one, todo, jobs))
    finally:
        _TASK.clear()
    findings: list = []
    notes: list[str] = []
    for i in range(len(books)):
        findings += entries[i].findings
        why = entries[i].why
        if why and why not in notes:
            notes.append(why)
    return ProofReport(findings, notes)
