"""Shared set-up for the review TUI tests: a built one-book project, and a pilot that
waits until the app has loaded it."""

from __future__ import annotations

import asyncio
import shutil
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from conftest import BOOKS, CORPUS, ROOT

BOOK = BOOKS["000"]
SIZE = (150, 45)


def build_project(dest: Path) -> Path:
    """A project with one bundled book and the project glossary, built."""
    from workbench.pipeline import build_project as build
    from workbench.store import Store

    (dest / "corpus").mkdir(parents=True)
    shutil.copy(CORPUS / BOOK, dest / "corpus" / BOOK)
    (dest / "glossary").mkdir()
    shutil.copy(ROOT / "glossary" / "glossary.tsv", dest / "glossary" / "glossary.tsv")
    with Store.open(dest) as store:
        build(store, dest)
    return dest


def copy_project(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


@asynccontextmanager
async def review(project: Path, size=SIZE, who: str = "tester", mt=None):
    from workbench.review.app import ReviewApp

    app = ReviewApp(project, who=who, mt=mt)
    async with app.run_test(size=size) as pilot:
        for _ in range(400):
            if app.loaded:
                break
            await pilot.pause(0.02)
        assert app.loaded, "the project did not load"
        await pilot.pause()
        yield app, pilot


def run(coro):
    return asyncio.run(coro)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The built one-book project, once per test module (tests work on copies)."""
    return build_project(tmp_path_factory.mktemp("built") / "proj")


@pytest.fixture
def proj(built: Path, tmp_path: Path) -> Path:
    return copy_project(built, tmp_path / "proj")
