"""A scripted reviewer for the kill -9 test: edits, confirms and moves through the
sentences queue of a project, reporting each step on stdout as it completes.

usage: python review_driver.py PROJECT ROUND SEED [IDLE_AFTER]

With IDLE_AFTER = n, the reviewer types into the (n+1)th unit and then stops
(prints IDLE): whatever was typed must reach the store without another key.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from review_helpers import review

from workbench.review.app import SAVE_DELAY


def say(*parts) -> None:
    print(*parts, time.monotonic(), flush=True)


async def main(project: Path, rnd: int, seed: int, idle_after: int = -1) -> None:
    rng = random.Random(seed)
    async with review(project, who="driver") as (app, pilot):
        if app.session.queue != "sentences":
            await pilot.press("ctrl+t")
        say("READY", "-")
        for i in range(10_000):
            key = app.row.key
            text = f"r{rnd}u{i}"
            ed = app.query_one("#target")
            ed.focus()
            ed.select_all()
            await pilot.press("backspace", *text)
            say("TYPED", key, text)
            if i == idle_after:
                say("IDLE", "-")
                await asyncio.sleep(3600)
            roll = rng.random()
            if roll < 0.4:
                await pilot.press("ctrl+j")
                item = app.session.views["sentences"].items[app.session.views["sentences"].by_key[key]]
                assert item.status == "confirmed" and item.text == text
                say("CONFIRMED", key, text)
            elif roll < 0.8:
                # around the autosave delay: it may or may not fire before the move
                await pilot.pause(rng.uniform(0.25 * SAVE_DELAY, 1.75 * SAVE_DELAY))
                await pilot.press("ctrl+n")
            else:
                await pilot.press("ctrl+n")  # moving saves at once


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), *map(int, sys.argv[2:5])))
