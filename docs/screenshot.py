"""Save the review screen of a built project as SVG (the README's picture).

    .venv/bin/python docs/screenshot.py [PROJECT] [OUT.svg]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from workbench.review.app import ReviewApp


async def shoot(project: Path, out: Path) -> None:
    app = ReviewApp(project)
    async with app.run_test(size=(150, 42)) as pilot:
        while not (app.loaded and app._lexicon_ready):
            await pilot.pause(0.05)
        app.query_one("#target").cursor_blink = False
        await pilot.pause()
        out.write_text(app.export_screenshot(title="workbench review"), encoding="utf-8")


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    project = Path(sys.argv[1]) if len(sys.argv) > 1 else root
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "docs" / "review.svg"
    asyncio.run(shoot(project, out))
    print(out)
