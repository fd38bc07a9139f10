"""Modal screens of the review TUI: help, filter and search, conflict, statistics."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from ..model import UNIT_STATUSES
from ..store import Store, UnitRow
from ..terms import Glossary
from . import panes
from .session import Filter


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, expand=True)
        table.add_column("keys", style="bold cyan", no_wrap=True)
        table.add_column("what it does")
        for keys, what in self.rows:
            table.add_row(keys, what)
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(Text("Review keys", style="bold"))
            yield Static(table)
            yield Static(Text("Edits are saved within a second of the last keystroke and before every "
                              "move; a confirm or reject is saved at once. esc closes this help.", style="dim"))


class FilterScreen(ModalScreen[Filter | None]):
    """Filter by status, book, QA findings and glossary term; search source and target."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "apply", "Apply", priority=True)]

    def __init__(self, current: Filter, books: list[str], glossary: Glossary | None,
                 focus_search: bool = False) -> None:
        super().__init__()
        self.current = current
        self.books = books
        self.glossary = glossary
        self.focus_search = focus_search

    def compose(self) -> ComposeResult:
        f = self.current
        # statuses beside book and QA so that the whole dialog fits 80x24; it scrolls
        # (to the focused control) on a smaller screen
        with VerticalScroll(id="filter", classes="dialog", can_focus=False):
            yield Label("Search in source and target (enter applies, tab: next control)")
            yield Input(f.search, placeholder="text…", id="search")
            with Horizontal(id="filter-row"):
                with Vertical():
                    yield Label("Status")
                    yield SelectionList[str](*[(s, s, s in f.statuses) for s in UNIT_STATUSES], id="statuses")
                with Vertical():
                    yield Label("Book")
                    yield Select([(b, b) for b in self.books], value=f.book or Select.NULL, prompt="every book",
                                 id="book", allow_blank=True)
                    yield Checkbox("only with QA findings", f.with_findings, id="findings")
            yield Label("Glossary term (French or Russian form, or concept id)")
            yield Input(self._term_label(f.term), placeholder="e.g. Gomselmash", id="term")
            yield Static(id="filter-error")
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#search" if self.focus_search else "#statuses").focus()

    def _term_label(self, cid: str | None) -> str:
        if cid and self.glossary is not None and cid in self.glossary.by_id:
            return self.glossary.by_id[cid].fr
        return cid or ""

    def _resolve_term(self, text: str) -> str | None:
        """A concept id from what the reviewer typed; ValueError when none matches."""
        text = text.strip()
        if not text:
            return None
        g = self.glossary
        if g is None:
            raise ValueError("the project has no glossary")
        if text in g.by_id:
            return text
        key = text.casefold()
        if key in g.forms:
            return g.forms[key][0].id
        for c in g.concepts:
            if c.ru and c.ru.casefold() == key:
                return c.id
        raise ValueError(f"no glossary term {text!r}")

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        try:
            term = self._resolve_term(self.query_one("#term", Input).value)
        except ValueError as e:
            self.query_one("#filter-error", Static).update(Text(str(e), style="red"))
            return
        book = self.query_one("#book", Select).value
        self.dismiss(Filter(
            statuses=frozenset(self.query_one("#statuses", SelectionList).selected),
            book=book if isinstance(book, str) else None,  # Select.NULL: every book
            with_findings=self.query_one("#findings", Checkbox).value,
            term=term,
            search=self.query_one("#search", Input).value.strip(),
        ))

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(Filter())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class DismissScreen(ModalScreen[tuple[bool, str] | None]):
    """Dismiss a QA finding: why, and whether the form is dismissed everywhere."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("enter", "apply", "Dismiss", priority=True)]

    def __init__(self, finding: dict) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        f = self.finding
        found = f["found"] if len(f["found"]) <= 30 else f["found"][:29] + "…"  # one line at 80 columns
        with Vertical(id="dismiss", classes="dialog"):
            yield Label(Text.assemble(("Dismiss ", "bold"), (f["kind"], "bold yellow"), f" {found}",
                                      (f"  l.{f['line']}", "dim")))
            yield Input(placeholder="why it is no error (e.g. Weichai is an engine maker)", id="why")
            yield Checkbox(f"dismiss «{found}» in every unit", False, id="everywhere")
            yield Label(Text("enter: dismiss (saved in glossary/dismissed.tsv)   esc: cancel", style="dim"))

    def action_apply(self) -> None:
        why = self.query_one("#why", Input).value.strip()
        if not why:
            self.query_one("#why", Input).placeholder = "say why first"
            return
        self.dismiss((self.query_one("#everywhere", Checkbox).value, why))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConflictScreen(ModalScreen[str | None]):
    """The unit changed in the store while the reviewer edited it: keep mine or take
    theirs. Opened only by a deliberate key (f4), never by a save, so it cannot take
    the keyboard in the middle of a word; and no plain letter chooses: a button with
    enter, or ctrl+k / ctrl+t. Whichever is chosen, history keeps both texts. esc
    closes it undecided; ctrl+q closes it and asks the app to quit (no second dialog)."""

    AUTO_FOCUS = "#later"  # an enter typed by mistake decides nothing
    BINDINGS = [
        Binding("ctrl+k", "choose('mine')", "Keep mine"),
        Binding("ctrl+t", "choose('theirs')", "Take theirs"),
        Binding("escape", "choose(None)", "Decide later"),
        Binding("ctrl+q", "choose('quit')", "Quit", priority=True),
    ]

    def __init__(self, theirs: UnitRow, mine: str, why: str = "", by: str = "") -> None:
        super().__init__()
        self.theirs = theirs
        self.by = by  # 'ann at 2026-11-29 18:31 UTC': who saved theirs
        self.mine = mine
        self.why = why or "This unit was changed by someone else since you opened it."

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict", classes="dialog"):
            yield Static(Text(self.why, style="bold red"))
            by = f", saved by {self.by}" if self.by else ""
            yield Static(Text(f"Theirs ({self.theirs.status}{by}):", style="bold"))
            yield Static(Text(self.theirs.text))
            yield Static(Text("Yours:", style="bold"))
            yield Static(Text(self.mine))
            yield Static(Text("What changes from theirs to yours:", style="bold"))
            yield Static(panes.word_diff(self.theirs.text, self.mine))
            yield Static(Text("The text you do not choose stays in the unit's history.", style="dim"))
            with Horizontal(id="conflict-buttons"):
                yield Button("Keep mine (ctrl+k)", variant="warning", id="mine")
                yield Button("Take theirs (ctrl+t)", variant="primary", id="theirs")
                yield Button("Decide later (esc)", id="later")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "later" else event.button.id)

    def action_choose(self, which: str | None) -> None:
        self.dismiss(which)


class StatsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f2,q", "dismiss", "Close")]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        from ..scores import terminal_chart

        units = self.store.units()
        with VerticalScroll(id="stats", classes="dialog"):
            yield Static(Text("Review statistics", style="bold"))
            # the same chart as `workbench score`: HTER distribution, progress per book
            yield Static(Text("\n" + "\n".join(terminal_chart(units))))
            yield Static(Text("workbench score: the same figures per book with their sacrebleu signatures; "
                              "--plot FILE.svg draws them.", style="dim"))
