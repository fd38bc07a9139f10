"""kill -9 at random moments of a scripted review session: a confirmed unit is never
lost, and typing is lost for at most the last second (the autosave delay)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from review_helpers import build_project

from workbench.review.app import SAVE_DELAY
from workbench.store import Store

DRIVER = Path(__file__).with_name("review_driver.py")
ROUNDS = 6
# What may be lost: the keystrokes of the last SAVE_DELAY seconds, plus scheduling slack
# on a loaded machine (the driver's clock stamp comes after the keys were handled).
MAY_LOSE_S = SAVE_DELAY + 0.7


def test_random_kills_lose_no_confirmed_unit_and_at_most_the_last_second(tmp_path: Path) -> None:
    project = build_project(tmp_path / "proj")
    rng = random.Random(20261124)
    confirmed_total = 0
    for rnd in range(ROUNDS):
        # Even rounds: killed at any moment of a busy session. Odd rounds: killed while
        # the reviewer sits idle after typing, so only the autosave can have kept the text.
        idle_after = rng.randrange(5) if rnd % 2 else -1
        proc = subprocess.Popen([sys.executable, str(DRIVER), str(project), str(rnd), str(rng.randrange(10**6)),
                                 str(idle_after)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        events = []
        lines = []
        wait_for = "IDLE" if idle_after >= 0 else "TYPED"
        while not lines or not lines[-1].startswith(wait_for):
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            if not line.startswith("READY"):
                lines.append(line)
        # Idle rounds: killed just after the autosave must have fired. Busy rounds: at any
        # moment of the next couple of seconds (a few keys, confirms, moves and autosaves).
        time.sleep(rng.uniform(MAY_LOSE_S, MAY_LOSE_S + 0.3) if idle_after >= 0 else rng.uniform(0.2, 2.0))
        os.kill(proc.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        out, _ = proc.communicate()
        for line in [*lines, *out.splitlines()]:
            if line.startswith("IDLE"):
                continue
            what, key, text, at = line.split()
            events.append((what, key, text, float(at)))
        assert events, "the driver did nothing before the kill"

        raw = sqlite3.connect(project / ".workbench" / "workbench.db")
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        raw.close()
        with Store.open(project, create=False) as store:
            last_typed: dict[str, tuple[str, float]] = {}
            for what, key, text, at in events:
                if what == "TYPED":
                    last_typed[key] = (text, at)
                if what == "CONFIRMED":
                    u = store.unit(key)
                    assert (u.status, u.text) == ("confirmed", text), f"round {rnd}: lost confirm of {key}"
                    confirmed_total += 1
            for key, (text, at) in last_typed.items():
                if killed_at - at > MAY_LOSE_S:
                    assert store.unit(key).text == text, f"round {rnd}: lost an edit typed {killed_at - at:.1f}s before the kill"
    assert confirmed_total > 0
