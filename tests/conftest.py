from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from workbench.storage import ProjectStore, open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
GOLD = Path(__file__).resolve().parent / "gold"

BOOKS = {
    "000": "000_a387d45f261e04d0.txt",
    "001": "001_d169d87f802cdce3.txt",
    "002": "002_6350e2ab5efabf7e.txt",
    "003": "003_5fdd3d81b54b8d5d.txt",
    "004": "004_9ce99d427eb5ce65.txt",
}


def book_path(key: str) -> Path:
    return CORPUS / BOOKS[key]


@functools.cache
def book_text(key: str) -> str:
    from workbench.text import load_text

    return load_text(book_path(key))


@functools.cache
def lexicon():
    """The Russian lexicon (no project's words), loaded once for the tests."""
    from workbench.lexicon import Lexicon

    return Lexicon()


@functools.cache
def segmentation(key: str):
    from workbench.segment import segment_text

    return segment_text(book_text(key), BOOKS[key])


def segment_at(key: str, line: int):
    """The segment that holds original line `line` of book `key`."""
    for s in segmentation(key).segments:
        if line in s.lines:
            return s
    raise AssertionError(f"line {line} of {key} is in no segment")


@pytest.fixture(scope="session", autouse=True)
def shared_book_cache(tmp_path_factory):
    """One per-book build cache for the whole run (every worker, every project, the
    commands the tests start): a book is segmented, aligned and proofed once per
    code, glossary and text, whichever test builds it first (entries are keyed by
    all their results depend on, so a test's own corpus or glossary misses)."""
    import os

    base = tmp_path_factory.getbasetemp()
    d = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "book-cache"
    old = os.environ.get("WORKBENCH_BOOK_CACHE")
    os.environ["WORKBENCH_BOOK_CACHE"] = str(d)
    yield d
    if old is None:
        os.environ.pop("WORKBENCH_BOOK_CACHE", None)
    else:
        os.environ["WORKBENCH_BOOK_CACHE"] = old


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project directory holding a copy of the bundled corpus."""
    (tmp_path / "corpus").mkdir()
    for name in BOOKS.values():
        (tmp_path / "corpus" / name).write_bytes((CORPUS / name).read_bytes())
    return tmp_path


# --- storage backends: the store contract suite runs against each -----------------

@dataclass(frozen=True)
class StoreBackend:
    """How the contract tests open a project's store on one backend."""

    name: str
    opener: Callable[..., ProjectStore]

    def open(self, project: Path | str, create: bool = True, readonly: bool = False) -> Any:
        return self.opener(project, create=create, readonly=readonly)


# A server backend adds its entry here (with the URL of a throw-away database).
STORE_BACKENDS = {"sqlite": StoreBackend("sqlite", open_store)}


@pytest.fixture(params=sorted(STORE_BACKENDS))
def backend(request: pytest.FixtureRequest) -> StoreBackend:
    return STORE_BACKENDS[request.param]
