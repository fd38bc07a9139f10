"""Tables for people: fitted to the terminal's width (80 columns when piped).

Short columns (numbers, kinds, line spans) stay on one line; text columns wrap
at word boundaries, and a text longer than a few lines is cut at a word with
"…", never silently in the middle of a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.table import Table

ELLIPSIS = "…"
TEXT_LIMIT = 240  # characters of one text cell: three lines of a wide column, enough to recognise it
MIN_TEXT_WIDTH = 12  # a text column narrower than this says nothing: the short columns give way first


def shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    """`text` on one line, cut at the last word boundary within `limit` and ended with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + ELLIPSIS


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], wrap: set[str], width: int) -> list[int]:
    """Widths that fit `width` columns of terminal: each short column as wide as
    its longest value (the widest ones give way first when the text columns
    would be narrower than MIN_TEXT_WIDTH), the rest shared by the text columns
    in proportion to their longest value."""
    natural = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    room = width - (3 * len(header) + 1)  # borders and one space of padding either side
    texts = [i for i, h in enumerate(header) if h in wrap]
    short = [i for i in range(len(header)) if i not in texts]
    widths = list(natural)
    need = sum(min(natural[i], MIN_TEXT_WIDTH) for i in texts)
    while sum(widths[i] for i in short) + need > room:
        widest = max(short, key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] <= 4:
            break  # a terminal too narrow for any table: rich crops what is left
        widths[widest] -= 1
    for i in texts:
        widths[i] = min(natural[i], MIN_TEXT_WIDTH)
    extra = max(room - sum(widths), 0)
    want = {i: natural[i] - widths[i] for i in texts}
    total = sum(want.values())
    for i in texts:
        widths[i] += min(want[i], extra * want[i] // total) if total else 0
    return widths


def make_table(header: Sequence[str], rows: Iterable[Sequence[str]], *, text: Iterable[str] = (),
               limit: int = TEXT_LIMIT, title: str | None = None, width: int = 80,
               right: Iterable[str] = ()) -> Table:
    """A rich table `width` columns wide at most, whose `text` columns wrap (cut
    to `limit` characters with "…") and whose other columns keep to one line
    (cut with "…" only when the terminal is too narrow for them)."""
    wrap = set(text)
    cells = [[shorten(c, limit) if h in wrap else c for h, c in zip(header, r, strict=True)] for r in rows]
    t = Table(title=title)
    for name, w in zip(header, column_widths(header, cells, wrap, width), strict=True):
        if name in wrap:
            t.add_column(name, overflow="fold", width=w)
        else:
            t.add_column(name, no_wrap=True, overflow="ellipsis", width=w,
                         justify="right" if name in set(right) else "left")
    for r in cells:
        t.add_row(*r)
    return t


def print_table(header: Sequence[str], rows: Iterable[Sequence[str]], *, text: Iterable[str] = (),
                limit: int = TEXT_LIMIT, title: str | None = None, console: Console | None = None) -> None:
    console = console or Console()
    console.print(make_table(header, rows, text=text, limit=limit, title=title, width=console.width))
