"""Writing output files so that a crash, a full disk or a second writer never leaves
a half-written or mixed one."""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.text import InputError


class OutputError(InputError):
    """An output the user named cannot be written: one line naming the path."""


def _reason(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "disk full"
    return e.strerror or str(e)


def check_output(path: str | Path, what: str = "file") -> Path:
    """Refuse, before any work, an output path that cannot be written: its folder
    missing or not a folder, the path itself a folder, the folder not writable."""
    target = Path(path)
    parent = target.parent
    if target.is_dir():
        raise OutputError(f"{target}: is a directory, not a {what}")
    if not parent.exists():
        raise OutputError(f"{target}: cannot write: folder {parent} does not exist")
    if not parent.is_dir():
        raise OutputError(f"{target}: cannot write: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: cannot write: folder {parent} is not writable")
    return target


def make_output_dir(path: str | Path) -> Path:
    """An output folder, created if needed; a one-line OutputError otherwise."""
    d = Path(path)
    try:
        d.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{d}: cannot create the output folder: a file of that name exists") from None
    except OSError as e:
        raise OutputError(f"{d}: cannot create the output folder ({_reason(e)})") from None
    if not os.access(d, os.W_OK | os.X_OK):
        raise OutputError(f"{d}: output folder is not writable")
    return d


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yields a temporary path beside `path`, unique to this writer; it replaces
    `path` only when the block succeeds and its bytes are on disk (the previous file
    stays intact otherwise). Two writers of one path each replace it whole: the last
    one wins, nothing is mixed. A failure to write (full disk, permissions) is an
    OutputError naming `path`."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a directory (give a file path)")
    # a hidden name of our own (pid + random): `*.md` and other writers never see it;
    # created with O_EXCL and the usual 0o666 & ~umask mode of a new file
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as e:
        raise OutputError(f"{target}: cannot write ({_reason(e)})") from None
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as e:
        raise OutputError(f"{target}: cannot write ({_reason(e)})") from None
    finally:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass  # the write failed already and said so
