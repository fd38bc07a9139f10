"""`workbench review --web`: the same review screen in a browser, served by
textual-serve (the `web` extra).

Each browser tab starts its own `workbench review` process (Textual's web
driver instead of a terminal), so every edit is committed to the store exactly
as on a terminal. The server listens on the loopback interface unless told
otherwise: the review screen has no login.
"""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

WEB_HINT = "install the web extra: pip install -e '.[web]'"
LOOPBACK = "127.0.0.1"
DRIVER_ENV = "TEXTUAL_DRIVER"  # set by textual-serve for the review process it starts


class WebError(Exception):
    """The server cannot start: one line for the user."""


def available() -> bool:
    """Whether the web extra (textual-serve) is installed."""
    import importlib.util

    try:
        return importlib.util.find_spec("textual_serve") is not None
    except (ImportError, ValueError):  # a module set to None in sys.modules, a broken install
        return False


def review_command(project: Path, who: str) -> str:
    """The shell command textual-serve runs for each browser tab."""
    return shlex.join([sys.executable, "-m", "workbench", "review", "--project", str(project), "--who", who])


def check_port(host: str, port: int) -> None:
    """Refuse a port that is taken before the server prints that it serves."""
    if not 0 < port < 65536:
        raise WebError(f"--port must be within 1..65535 (got {port})")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as e:
        raise WebError(f"cannot listen on {host}:{port} ({e.strerror or e})") from None


def serve(project: Path, who: str, host: str = LOOPBACK, port: int = 8000) -> None:
    """Serve the review screen until Ctrl-C."""
    if not available():
        raise WebError(WEB_HINT)
    from textual_serve.server import Server

    check_port(host, port)
    Server(review_command(project, who), host=host, port=port,
           title=f"workbench review: {project.name}").serve()
