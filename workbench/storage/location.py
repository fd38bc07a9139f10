"""Where a project's store lives: SQLite in the project (the default) or a server.

The choice, first found wins: `--store URL` on the command line (which sets
`WORKBENCH_STORE` for the process and the commands it runs), the `WORKBENCH_STORE`
environment variable, then `[store] url = "..."` in the project's tracked
`workbench.toml`, so a team commits its server once. A URL is `sqlite:///PATH` (PATH a
project directory) or anything libpq takes (`postgresql://user@host/db?sslmode=require`,
`postgresql:///db?service=team`, `options=-csearch_path=book1`); passwords belong in
`PGPASSWORD` or `~/.pgpass`, never in the tracked file.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from .base import StoreError

ENV = "WORKBENCH_STORE"
SETTINGS_FILE = "workbench.toml"
SERVER_SCHEMES = ("postgresql", "postgres")
SCHEMES = ("sqlite", *SERVER_SCHEMES)


def configured_url(project: Path | str) -> str | None:
    """The store URL chosen for this project, or None for its own SQLite file."""
    env = os.environ.get(ENV, "").strip()
    if env:
        return check_url(env, ENV)
    settings = Path(project) / SETTINGS_FILE
    if not settings.is_file():
        return None
    try:
        data = tomllib.loads(settings.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise StoreError(f"{settings}: not a valid settings file ({e})") from e
    url = data.get("store", {}).get("url") if isinstance(data.get("store"), dict) else None
    if url is None:
        return None
    if not isinstance(url, str) or not url.strip():
        raise StoreError(f"{settings}: [store] url must be a non-empty string")
    return check_url(url.strip(), str(settings))


def check_url(url: str, where: str = "store URL") -> str:
    """The URL if its scheme has a backend; a one-line StoreError otherwise."""
    scheme, sep, _ = url.partition("://")
    if not sep or scheme not in SCHEMES:
        shown = url if "@" not in url else scheme + "://…"
        raise StoreError(f"{where}: {shown!r} is not a store URL (expected sqlite:///PATH or"
                         " postgresql://[user@]host[:port]/database)")
    return url


def is_server(url: str | None) -> bool:
    return url is not None and url.partition("://")[0] in SERVER_SCHEMES
