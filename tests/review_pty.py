"""The review app in a pseudo-terminal, as a reviewer's terminal runs it: bytes in,
screen out, the real `workbench review` command in its own process."""

from __future__ import annotations

import contextlib
import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

# What a terminal sends for the review keys (xterm).
KEYS = {
    "ctrl+j": b"\n", "ctrl+n": b"\x0e", "ctrl+p": b"\x10", "ctrl+s": b"\x13", "ctrl+t": b"\x14",
    "ctrl+q": b"\x11", "alt+down": b"\x1b[1;3B", "alt+up": b"\x1b[1;3A", "f4": b"\x1bOS",
    # as tmux sends them to the program inside it (TERM=screen/tmux) and xterm does too
    "ctrl+l": b"\x0c", "ctrl+g": b"\x07", "esc": b"\x1b",
    "f3": b"\x1bOR", "f5": b"\x1b[15~", "f7": b"\x1b[18~", "f10": b"\x1b[21~", "f12": b"\x1b[24~",
    "ctrl+a": b"\x01", "left": b"\x1b[D",
}


class Terminal:
    def __init__(self, project: Path, who: str = "typist", size: tuple[int, int] = (80, 24)) -> None:
        master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        env.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workbench", "review", "--project", str(project),
             "--who", who],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.fd = master
        self.output = bytearray()
        self._got = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            with self._got:
                if not data:
                    self.closed = True
                    self._got.notify_all()
                    return
                self.output.extend(data)
                self._got.notify_all()

    closed = False

    def wait_for(self, needle: bytes, timeout: float = 30.0) -> float:
        """Seconds since start when `needle` first appeared in the output."""
        deadline = time.monotonic() + timeout
        with self._got:
            while needle not in self.output:
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise AssertionError(f"{needle!r} not seen; output ends with {bytes(self.output[-400:])!r}")
                self._got.wait(left)
        return time.monotonic() - self.started

    def write(self, data: bytes) -> None:
        """One write: the app reads it in one piece, like a paste or keys over SSH."""
        os.write(self.fd, data)

    def wait_closed(self, timeout: float = 30.0) -> None:
        """Until the app has given the terminal back (it leaves the alternate screen
        after its last save). The process may still wait for a worker thread (the
        lexicon loading in the background) before it ends: `kill` does not wait."""
        self.wait_for(b"\x1b[?1049l", timeout)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(0.5)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError):
            os.close(self.fd)

    @property
    def text(self) -> str:
        return bytes(self.output).decode("utf-8", "replace")
