"""The history of one unit: who changed what and when, a word diff between
consecutive versions, and any earlier text restored as a new edit.

`entries` turns the store's history rows into what the view lists (pure, testable
without a terminal); `HistoryScreen` shows them. Restoring goes back to the app,
which saves the text through its normal save path (with the version the reviewer
saw), so a restore is one more history row and can itself be undone the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ..storage.base import HistoryRow, UnitRow
from . import panes

# How each action reads in the list (the store's action names are short words).
ACTION_LABELS = {"built": "machine text", "edit": "edited", "status": "status", "revert": "reverted to MT",
                 "aside": "set aside", "note": "note", "reattach": "moved by rebuild",
                 "orphan": "orphaned by rebuild"}


@dataclass(frozen=True)
class Entry:
    """One line of the history view. `text` is the unit's text after the action,
    except for `aside`, where it is the text kept aside (never the unit's); `before`
    is the unit's text the action started from, what the diff compares with."""
    n: int  # 0: the text as built; then the history rows in order
    at: str  # ISO time, UTC
    who: str
    action: str
    text: str
    before: str
    status: str
    old_status: str
    detail: dict

    @property
    def changes_text(self) -> bool:
        return self.text != self.before

    def label(self) -> str:
        what = ACTION_LABELS.get(self.action, self.action)
        if self.action == "status":
            what += f" {self.old_status}→{self.status}"
        elif self.action != "built" and self.old_status != self.status:
            what += f" ({self.status})"
        return f"{when(self.at)}  {self.who}  {what}"


def when(at: str) -> str:
    """'2026-11-29 18:31' from the store's ISO time ('' stays '')."""
    return at[:16].replace("T", " ")


def entries(unit: UnitRow, rows: list[HistoryRow]) -> list[Entry]:
    """The unit's versions, oldest first: the text it was built with, then one entry
    per history row (edits, status changes, reverts, texts set aside, rebuilds)."""
    # before the first action the unit held what the build gave it (no history: still does)
    if not rows:
        first = unit.text
    else:
        first = rows[0].old_text if rows[0].old_text is not None else unit.mt
    first_status = (rows[0].old_status or "new") if rows else unit.status
    out = [Entry(0, unit.created_at, "build", "built", first, first, first_status, first_status, {})]
    for n, h in enumerate(rows, 1):
        before = h.old_text if h.old_text is not None else out[-1].text
        text = h.new_text if h.new_text is not None else before
        out.append(Entry(n, h.at, h.who, h.action, text, before, h.new_status or h.old_status or "",
                         h.old_status or "", h.detail or {}))
    return out


def diff_view(e: Entry) -> Text:
    """What the entry changed, word by word: removed words struck out in red, added
    ones in green; a text set aside is compared with the unit's text of the time."""
    t = Text()
    if e.action == "built":
        t.append("The text as built (machine translation):\n", style="dim")
        t.append(e.text)
        return t
    if e.action == "aside":
        reason = e.detail.get("reason", "")
        t.append(f"Kept aside, never the unit's text{': ' + reason if reason else ''}. "
                 "From the unit's text of the time to it:\n", style="dim")
    elif not e.changes_text:
        t.append("The text did not change:\n", style="dim")
        t.append(e.text)
        return t
    t.append_text(panes.word_diff(e.before, e.text))
    return t


class HistoryScreen(ModalScreen["Entry | None"]):
    """The unit's history, newest first. Moving in the list shows what each version
    changed; enter (or the Restore button) makes the highlighted version's text the
    unit's again, as a new edit; esc closes."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, items: list[Entry], current: str, title: str) -> None:
        super().__init__()
        self.items = list(reversed(items))  # newest first
        self.current = current
        self.title_line = title

    def compose(self) -> ComposeResult:
        with Vertical(id="history", classes="dialog"):
            yield Static(Text.assemble(("History of ", "bold"), (self.title_line, "bold cyan"),
                                       (f"  {len(self.items) - 1} change(s)", "dim")), id="history-title")
            yield OptionList(*[Option(self._line(e), id=str(e.n)) for e in self.items], id="history-list")
            with VerticalScroll(id="history-diff-box", can_focus=False):
                yield Static(id="history-diff")
            yield Static(id="history-note")
            with Horizontal(id="history-buttons"):
                yield Button("Restore (enter)", variant="primary", id="restore")
                yield Button("Close (esc)", id="close")

    def _line(self, e: Entry) -> Text:
        t = Text(e.label(), no_wrap=True, overflow="ellipsis")
        if e.action == "aside":
            t.stylize("italic")
        if e.text == self.current and e.action != "aside":
            t.append("  (current text)", style="dim")
        return t

    def on_mount(self) -> None:
        lst = self.query_one("#history-list", OptionList)
        lst.highlighted = 0
        lst.focus()
        self._show(0)

    @property
    def selected(self) -> Entry | None:
        i = self.query_one("#history-list", OptionList).highlighted
        return self.items[i] if i is not None else None

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def _show(self, i: int) -> None:
        e = self.items[i]
        self.query_one("#history-diff", Static).update(diff_view(e))
        note = ("enter: restore this text as a new edit" if e.text != self.current
                else "this is the unit's text now")
        self.query_one("#history-note", Static).update(Text(note + "   tab: buttons   esc: close", style="dim"))

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        e = self.selected
        if e is None or e.text == self.current:
            self.query_one("#history-note", Static).update(Text("already the unit's text: nothing to restore",
                                                                style="yellow"))
            return
        self.dismiss(e)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
