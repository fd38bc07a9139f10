"""A throwaway PostgreSQL cluster for the store tests: Debian's server binaries,
`initdb` in a temporary folder, a free port on 127.0.0.1, stopped at the session's end.

As root the cluster runs as `nobody` (PostgreSQL refuses to run as root).
`WORKBENCH_TEST_POSTGRES=URL` uses that server instead of starting one.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

ENV = "WORKBENCH_TEST_POSTGRES"


class Unavailable(Exception):
    """Why the PostgreSQL tests cannot run here (the skip reason)."""


def server_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise Unavailable("PostgreSQL server binaries not found (apt-get install postgresql,"
                      f" or set {ENV}=URL)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """The URL of a superuser connection to a fresh cluster, for the block's duration."""
    bindir = server_bin()
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "nobody", "--"]
    tmp = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    data, log = tmp / "data", tmp / "server.log"
    try:
        if as_user:
            shutil.chown(tmp, "nobody")
        tmp.chmod(0o700)
        run = [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "workbench", "-A", "trust",
               "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"]
        r = subprocess.run(run, capture_output=True, text=True, timeout=120)
        if r.returncode:
            raise Unavailable(f"initdb failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}")
        port = _free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off"
                " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        r = subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log),
                            "-o", opts, "-w", "-t", "60", "start"], capture_output=True, text=True, timeout=90)
        if r.returncode:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
            raise Unavailable(f"the test cluster did not start: {tail or r.stderr.strip()}")
        try:
            yield f"postgresql://workbench@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                            "-w", "stop"], capture_output=True, timeout=60)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def with_schema(url: str, schema: str) -> str:
    """The URL of a connection whose tables go into `schema` (libpq `options`)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema},public"
