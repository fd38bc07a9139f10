from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Callable, Iterator
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


STORE_BACKENDS = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server for the session: `WORKBENCH_TEST_POSTGRES`, else a throwaway
    cluster (skips, saying why, where neither psycopg nor the server is installed)."""
    import pg_cluster

    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[server]')")
    given = os.environ.get(pg_cluster.ENV, "").strip()
    if given:
        yield given
        return
    try:
        with pg_cluster.cluster() as url:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
            yield url
    except pg_cluster.Unavailable as e:
        pytest.skip(str(e))


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A connection URL whose tables go into a fresh schema, dropped after the test."""
    import pg_cluster
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield pg_cluster.with_schema(postgres_server, name)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(params=STORE_BACKENDS)
def backend(request: pytest.FixtureRequest) -> StoreBackend:
    if request.param == "sqlite":
        return StoreBackend("sqlite", open_store)
    url = request.getfixturevalue("postgres_url")
    return StoreBackend("postgres", functools.partial(open_store, url=url))
