"""`workbench store ...`: where a project's store lives, and moving it whole.

`store copy --to URL` moves every row to another backend (an empty store) and verifies
counts and checksums table by table; `store dump FILE` / `store restore FILE` make and
load a backup; `store info` says which store the project uses.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_parsers(sub, parser_class, add_project) -> None:
    sp = sub.add_parser("store", help="the project's store: which one, copy to another backend, dump, restore")
    ssub = sp.add_subparsers(dest="scmd", metavar="ACTION", parser_class=parser_class, required=True)
    p = ssub.add_parser("info", help="which store the project uses, and its counts per table")
    add_project(p)
    p.set_defaults(func=cmd_info)
    p = ssub.add_parser("copy", help="copy the whole store into an empty store at URL, verified")
    add_project(p)
    p.add_argument("--to", required=True, metavar="URL", help="postgresql://... or sqlite:///PROJECT_DIR")
    p.set_defaults(func=cmd_copy)
    p = ssub.add_parser("dump", help="write the whole store to FILE (JSON lines; .gz compresses)")
    add_project(p)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_dump)
    p = ssub.add_parser("restore", help="load a dump into the project's store (which must be empty)")
    add_project(p)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_restore)


def with_store(url: str, func, args: argparse.Namespace) -> int:
    """Run a command with `--store URL` as WORKBENCH_STORE (inherited by the commands it
    starts), the environment as it was afterwards."""
    from workbench.storage import location

    before = os.environ.get(location.ENV)
    os.environ[location.ENV] = location.check_url(url, "--store")
    try:
        return func(args)
    finally:
        if before is None:
            os.environ.pop(location.ENV, None)
        else:
            os.environ[location.ENV] = before


def _report(checks, what: str) -> None:
    rows = sum(c.rows for c in checks)
    print(f"{what}: {rows} rows in {len(checks)} tables, counts and checksums verified", file=sys.stderr)
    for c in checks:
        print(f"{c.table}\t{c.rows}\t{c.sha256[:16]}")


def cmd_info(args: argparse.Namespace) -> int:
    from workbench.storage import open_store
    from workbench.storage.transfer import verify

    with open_store(Path(args.project).resolve(), create=False, readonly=True) as store:
        print(f"store: {store.path}", file=sys.stderr)
        _report(verify(store), "store")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from workbench.storage import check_url, open_store
    from workbench.storage.transfer import copy_store

    project = Path(args.project).resolve()
    url = check_url(args.to, "--to")
    with open_store(project, create=False, readonly=True) as src, \
            open_store(project, create=True, url=url) as dst:
        checks = copy_store(src, dst)
    _report(checks, f"copied to {dst.path}")
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from workbench.storage import open_store
    from workbench.storage.transfer import dump_store

    out = Path(args.file)
    with open_store(Path(args.project).resolve(), create=False, readonly=True) as store:
        tmp = out.with_name(".part-" + out.name)  # same suffix: .gz still compresses
        checks = dump_store(store, tmp)
        tmp.replace(out)  # a half-written dump never takes the backup's name
    _report(checks, f"dumped to {out}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from workbench.storage import open_store
    from workbench.storage.transfer import restore_store

    with open_store(Path(args.project).resolve(), create=True) as store:
        checks = restore_store(Path(args.file), store)
    _report(checks, f"restored into {store.path}")
    return 0
