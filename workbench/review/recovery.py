"""Recovery files: a reviewer's text that could not be saved, kept beside the store.

When a save fails (a conflict, a unit a rebuild removed, a full disk, a locked or lost
database) the review screen writes the text to `.workbench/recovery/` inside the
project, one JSON file per reviewer and unit, replaced atomically at every new attempt,
and removes it once the text is in the store. The next review session offers it back;
`workbench status` counts the files. No UI here and no store: plain files, readable by
a person (`key`, `text`, `who`, `time`, `reason`, and what the save was based on).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..project import RECOVERY_DIR, Project, as_project  # noqa: F401  (RECOVERY_DIR: the screen names it)

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Recovery:
    key: str  # the unit's key when the text was written
    text: str
    who: str
    time: str  # ISO 8601, UTC
    reason: str  # one line: why the text is not in the store
    kind: str = ""  # conflict | gone | busy | full | unavailable | error
    unit_id: int | None = None  # permanent id of the unit (keys move on rebuild)
    queue: str = ""
    file: str = ""
    base_version: int | None = None  # the unit version the reviewer's edit started from
    base_text: str = ""  # and its text then
    mt: str = ""  # the unit's machine translation, to find it again after a rebuild
    line_start: int | None = None


def directory(project: Project | Path) -> Path:
    return as_project(project).recovery


def path_for(project: Project | Path, who: str, key: str) -> Path:
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return directory(project) / f"{_UNSAFE.sub('_', who)[:40] or 'reviewer'}--{digest}.json"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def write(project: Project | Path, rec: Recovery) -> Path:
    """Write (or replace) the reviewer's recovery file for the unit: a temporary file
    in the same directory, flushed to disk, then renamed over the old one, so a crash
    leaves either the previous file or the new one. Raises OSError (e.g. disk full)."""
    path = path_for(project, rec.who, rec.key)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(rec), ensure_ascii=False, indent=1).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:  # the rename itself survives a power cut once the directory is synced
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return path


def remove(project: Project | Path, who: str, key: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_for(project, who, key).unlink()


def pending(project: Project | Path, who: str | None = None) -> list[Recovery]:
    """Every readable recovery file (of one reviewer, or all), oldest first. A file
    that is not valid JSON is left where it is and not offered (status counts it)."""
    d = directory(project)
    if not d.is_dir():
        return []
    out = []
    fields = set(Recovery.__dataclass_fields__)
    for path in sorted(d.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            rec = Recovery(**{k: v for k, v in raw.items() if k in fields})
        except (OSError, ValueError, TypeError):
            continue
        if who is None or rec.who == who:
            out.append(rec)
    return sorted(out, key=lambda r: r.time)


def count(project: Project | Path) -> int:
    """Recovery files waiting in the project (readable or not)."""
    d = directory(project)
    return len(list(d.glob("*.json"))) if d.is_dir() else 0
