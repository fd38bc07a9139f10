"""Writing output files so that a crash never leaves a half-written one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yields a temporary path beside `path`; it replaces `path` only when the
    block succeeds (the previous file stays intact otherwise)."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        yield tmp
        tmp.replace(target)
    finally:
        if tmp.exists():
            tmp.unlink()
