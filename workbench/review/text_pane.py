"""A read-only pane of Rich text that scrolls itself.

A Static inside a scroll container re-lays out the whole screen whenever its text
changes height; this pane wraps its text into lines once per update and draws them
with the line API, so showing the next unit repaints the pane and nothing else.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import TextArea

from .spellcheck import MARK_STYLE


class TextPane(ScrollView, can_focus=False):
    DEFAULT_CSS = """
    TextPane { overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1; }
    """

    def __init__(self, text: Text | str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text(text) if isinstance(text, str) else text
        self._lines: list[Strip] = []
        self._width = -1

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text | str) -> None:
        self._text = Text(text) if isinstance(text, str) else text
        self._width = -1
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        width = max(1, self.scrollable_content_region.width)
        if width == self._width:
            return
        self._width = width
        console = self.app.console
        options = console.options.update_width(width)
        style = self.rich_style
        self._lines = [Strip(line).extend_cell_length(width, style)
                       for line in console.render_lines(self._text, options, style=style, pad=False)]
        # The scrollbar is always there (overflow-y: scroll), so a new line count changes
        # no layout: update the scroll range in place instead of setting the reactive,
        # which would lay out the whole screen.
        size = Size(width, len(self._lines))
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)

    def on_resize(self) -> None:
        self._width = -1
        self._wrap()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        self._wrap()
        row = int(self.scroll_offset.y) + y
        if row < len(self._lines):
            return self._lines[row]
        return Strip([Segment(" " * self.scrollable_content_region.width, self.rich_style)])


class TargetEditor(TextArea):
    """The target editor: a TextArea whose growing or shrinking text re-sizes its own
    scroll range instead of laying out the screen (it has a fixed height and an
    always-present scrollbar), so loading the next unit and typing stay cheap."""

    DEFAULT_CSS = """
    TargetEditor { overflow-y: scroll; scrollbar-size-vertical: 1; }
    """

    marks: dict = {}  # row -> spelling marks (`spellcheck.Mark`), underlined where the word still is

    def show_marks(self, marks: dict) -> None:
        self.marks = marks
        self.notify_style_update()  # drops the rendered lines the old marks were drawn on
        self.refresh()

    def get_line(self, line_index: int) -> Text:
        # TextArea's documented hook for styling its lines
        line = super().get_line(line_index)
        for m in self.marks.get(line_index, ()):
            if line.plain[m.start:m.end] == m.word:
                line.stylize(MARK_STYLE, m.start, m.end)
        return line

    def _refresh_size(self) -> None:
        if not self.soft_wrap:
            super()._refresh_size()
            return
        size = Size(0, self.wrapped_document.height)
        if size != self.virtual_size:
            self.set_reactive(TextArea.virtual_size, size)
            self._scroll_update(size)
