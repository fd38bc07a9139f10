"""The segment list: a virtual list that renders only the rows on screen.

Built on Textual's line API (ScrollView.render_line), so 50,000 units cost no more to
show or move through than 100: there is no widget, and no row object, per unit.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .panes import STATUS_MARK
from .session import Item, QueueView

_STATUS_COLOR = {"new": "grey62", "draft": "yellow", "confirmed": "green", "approved": "bright_green",
                 "rejected": "red"}


class UnitList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"unit-list--cursor", "unit-list--dim"}
    DEFAULT_CSS = """
    UnitList { background: $surface; }
    UnitList > .unit-list--cursor { background: $accent 40%; text-style: bold; }
    UnitList:focus > .unit-list--cursor { background: $accent; }
    UnitList > .unit-list--dim { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("tab", "app.switch_queue", "Switch queue", show=False),
        Binding("enter", "app.focus_editor", "Edit", show=False),
    ]

    def __init__(self, on_move: Callable[[int], None], **kwargs) -> None:
        """`on_move(row)`: the reviewer asks for another row (keys or mouse). A call,
        not a message, so that it happens before the keys that follow are handled."""
        super().__init__(**kwargs)
        self.on_move = on_move
        self.view: QueueView | None = None
        self._drawn_cursor = 0

    def show(self, view: QueueView) -> None:
        self.view = view
        self.virtual_size = Size(self.size.width, len(view.visible))
        self.refresh()
        self.scroll_to_cursor()
        # on open the list has no height yet: scroll again once it is laid out
        self.call_after_refresh(self.scroll_to_cursor)
        self._drawn_cursor = view.cursor

    def on_resize(self) -> None:
        self.scroll_to_cursor()

    def cursor_changed(self) -> None:
        """Repaint the old and the new cursor rows only (or all, after a scroll)."""
        top = int(self.scroll_offset.y)
        self.scroll_to_cursor()
        if int(self.scroll_offset.y) != top:
            self.refresh()
        else:
            self.refresh_line(self._drawn_cursor)
            self.refresh_line(self.cursor)
        self._drawn_cursor = self.cursor

    @property
    def cursor(self) -> int:
        return self.view.cursor if self.view else 0

    def scroll_to_cursor(self) -> None:
        if not self.view:
            return
        top = int(self.scroll_offset.y)
        h = max(1, self.size.height)
        c = self.view.cursor
        if c < top:
            self.scroll_to(y=c, animate=False, immediate=True)
        elif c >= top + h:
            self.scroll_to(y=c - h + 1, animate=False, immediate=True)

    def _request(self, row: int) -> None:
        if self.view and self.view.visible:
            row = max(0, min(row, len(self.view.visible) - 1))
            if row != self.view.cursor:
                self.on_move(row)

    def action_cursor(self, delta: int) -> None:
        self._request(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._request(self.cursor + direction * max(1, self.size.height - 1))

    def action_jump(self, row: int) -> None:
        if self.view:
            self._request(row if row >= 0 else len(self.view.visible) - 1)

    def on_click(self, event) -> None:
        self._request(int(self.scroll_offset.y) + event.y)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        view = self.view
        row = int(self.scroll_offset.y) + y
        if view is None or row >= len(view.visible):
            return Strip.blank(width, self.rich_style)
        item = view.items[view.visible[row]]
        base = self.rich_style
        if row == view.cursor:
            base = base + self.get_component_rich_style("unit-list--cursor")
        dim = base + self.get_component_rich_style("unit-list--dim", partial=True)
        status = base + Style(color=_STATUS_COLOR.get(item.status, "white"))
        score = "    " if item.score is None else f"{item.score:4.2f}"
        segments = [
            Segment(f"{row + 1:>6} ", dim),
            Segment(STATUS_MARK.get(item.status, "?") + " ", status),
            Segment(score + " ", dim),
            Segment(_one_line(item), base),
        ]
        return Strip(segments).crop(0, width).extend_cell_length(width, base)


def _one_line(item: Item) -> str:
    return " ".join(item.label.split())
