"""The review TUI: correct machine translations unit by unit, never losing an edit.

Layout: the segment list on the left (a virtual list), the editor on the right
(source, editable target, context, glossary hits, QA findings, suggestions), a status
bar with progress and the current unit's HTER.

Safety:
- Every edit is saved at most `SAVE_DELAY` seconds after the last keystroke, and by
  every move, confirm, reject or quit, which read the editor's text when they run; each
  save is one store transaction with history and the version the reviewer saw, so
  another reviewer's change is a conflict the reviewer resolves instead of an overwrite.
- Keys are handled one at a time, in the order the terminal sent them (see
  `on_event`): a word typed just before ctrl+j is in the unit it confirms, and keys
  typed while the project is still loading go to the first unit shown.
- A save that fails (conflict, unit re-keyed or removed by a rebuild, full disk,
  locked or lost database) keeps the text in the editor and in a recovery file
  (`recovery.py`), says so in the status bar and a banner, and retries what may pass
  by itself. A rebuild that re-keyed the unit is followed to its new key.

MT comes through the `workbench.mt.backend.Backend` given to the app (the command
line gives Argos Translate's); nothing here imports an engine, argostranslate or
torch, and without a backend f8 only says that MT is off.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from ..project import Project, as_project
from ..storage import open_store
from ..storage.base import FindingRow, SourceMemberRow
from ..store import (
    ConflictError,
    Store,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreUnavailable,
    UnitNotFound,
    UnitRow,
)
from ..terms import project_glossary
from ..text import InputError
from . import concordance, history, panes, recovery, replaced
from .panes import Suggestion
from .recovery import Recovery
from .screens import (
    ConflictScreen,
    DismissScreen,
    FilterScreen,
    HelpScreen,
    StatsScreen,
)
from .session import QUEUE_LABELS, QUEUES, ReviewSession
from .spellcheck import EditorSpelling
from .text_pane import TargetEditor, TextPane
from .unit_list import UnitList

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..mt.backend import Backend

SAVE_DELAY = 0.8  # seconds of quiet typing before an edit is committed
POSITION_DELAY = 1.0
WRITE_WAIT = 0.5  # how long a save waits for another program's write lock before retrying later
RETRY_DELAY = {"busy": 1.0, "full": 5.0, "unavailable": 5.0, "error": 5.0}  # seconds, by problem kind
INPUT_STALL = 2.0  # a key not reported handled after this long lets the next one through


class InputDone(Message):
    """Posted to a widget right behind a key (or paste) forwarded to it: it reaches the
    app after the key has been handled by the widget and by every parent it bubbled to."""

    def __init__(self, ticket: int) -> None:
        super().__init__()
        self.ticket = ticket


@dataclass
class Problem:
    """Why the editor's text is not in the store."""
    kind: str  # conflict | gone | busy | full | unavailable | error
    message: str  # one line: what happened (the banner, the recovery file)
    theirs: UnitRow | None = None  # conflict: the unit as the other reviewer left it
    hint: str = ""  # what the reviewer can do now (the banner)
    by: str = ""  # conflict: who saved the stored text last, and when

    @property
    def label(self) -> str:
        """A few words for the status bar (80 columns leave little room)."""
        return {"conflict": "changed meanwhile (f4)", "gone": "unit removed by a rebuild",
                "busy": "database locked, retrying", "full": "disk full, retrying",
                "unavailable": "database unavailable, retrying"}.get(self.kind, "store error, retrying")


def _problem_of(e: StoreError) -> Problem:
    if isinstance(e, StoreBusy):
        return Problem("busy", "not saved: the database is locked by another program; retrying")
    if isinstance(e, StoreFull):
        return Problem("full", "not saved: the disk is full; free some space (retrying)")
    if isinstance(e, StoreUnavailable):
        return Problem("unavailable", f"not saved: the database cannot be written ({_tail(e)}); retrying")
    return Problem("error", f"not saved: {_tail(e)}; retrying")


def _tail(e: Exception) -> str:
    """The message without the database path the store puts first."""
    msg = str(e)
    return msg.split(": ", 1)[1] if ": " in msg and msg.startswith("/") else msg


TM_SOURCE_LANG = {"titles": "ru", "sentences": "fr"}  # a unit's source language, per queue

SHORT_SCREEN = 40  # rows: below it the panes share the height instead of keeping their sizes

# Key names as a reviewer reads them on the keyboard, for help and hints.
_KEY_NAMES = {"slash": "/", "question_mark": "?"}


def _key_name(key: str) -> str:
    return _KEY_NAMES.get(key.strip(), key.strip())


def _bindings(app: App) -> list[Binding]:
    """The app's own bindings (all `Binding`s here; Textual also allows tuples)."""
    return [b for b in app.BINDINGS if isinstance(b, Binding)]


class ReviewApp(App):
    TITLE = "workbench review"
    CSS_PATH = "review.tcss"
    COMMAND_PALETTE_BINDING = "f10"
    BINDINGS = [
        Binding("ctrl+j", "confirm_next", "Confirm+next", priority=True),
        Binding("ctrl+enter", "confirm_next", "Confirm+next", show=False, priority=True),
        Binding("alt+down,ctrl+n", "move(1)", "Next", priority=True),
        Binding("alt+up,ctrl+p", "move(-1)", "Previous", priority=True),
        Binding("ctrl+r", "reject", "Reject", priority=True),
        Binding("ctrl+o", "revert", "Revert to MT", priority=True),
        Binding("ctrl+t", "switch_queue", "Queue", priority=True),
        Binding("ctrl+f", "filter", "Filter/search", priority=True),
        Binding("slash", "filter(True)", "Search", show=False),
        # f3/f5/f7 arrive unchanged in every terminal. alt+digit and ctrl+digit only reach
        # the app from terminals with the kitty keyboard protocol: elsewhere ESC+digit is
        # read as the macOS Option character (¡ ™ £) and ctrl+digit is not sent at all.
        Binding("f3,alt+1,ctrl+1", "insert(1)", "Insert suggestion 1", show=False, priority=True),
        Binding("f5,alt+2,ctrl+2", "insert(2)", "Insert suggestion 2", show=False, priority=True),
        Binding("f7,alt+3,ctrl+3", "insert(3)", "Insert suggestion 3", show=False, priority=True),
        Binding("ctrl+s", "save", "Save now", show=False, priority=True),
        Binding("f4", "resolve", "Resolve", show=False, priority=True),
        Binding("f2", "stats", "Statistics"),
        Binding("f9", "dismiss_finding", "Dismiss QA finding", show=False),
        # ctrl+l and ctrl+g: plain control bytes, free in the editor and outside tmux's prefix
        Binding("ctrl+l", "history", "History", show=False),
        Binding("ctrl+g", "concordance", "Concordance", show=False),
        Binding("f8", "translate", "MT", show=False),
        # f12 reaches the app from every terminal (ctrl+g is the concordance's)
        Binding("f12", "add_word", "Add word to dictionary", show=False),
        Binding("f1,question_mark", "help", "Help"),
        Binding("escape", "focus_list", "To list", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]
    # What the help screen says about each action (the bindings above give the keys).
    ACTION_HELP = {
        "confirm_next": "confirm this unit (saving the text) and go to the next unconfirmed one",
        "move(1)": "next unit (the edit is saved first)",
        "move(-1)": "previous unit",
        "reject": "reject this unit (not exported) and go to the next",
        "revert": "revert the target to the original machine translation",
        "switch_queue": "switch between the Titles and Sentences queues (also tab in the list)",
        "filter": "filter by status, book, QA findings, glossary term; search in source and target",
        "filter(True)": "search (from the list)",
        "insert(1)": "replace the target with suggestion 1",
        "insert(2)": "replace the target with suggestion 2",
        "insert(3)": "replace the target with suggestion 3",
        "save": "save the edit now (it is saved anyway within a second)",
        "resolve": "a text that could not be saved: compare it with the stored one and choose "
                   "(conflict), or go to the next unit with a recovered text",
        "stats": "statistics: progress per book and queue, HTER distribution",
        "dismiss_finding": "dismiss the unit's first QA finding, here or its form everywhere, saying why "
                           "(kept in glossary/dismissed.tsv)",
        "add_word": "add the misspelt word under the cursor to the project dictionary "
                    "(glossary/dictionary.txt, shared by the team): no longer underlined",
        "translate": "machine-translate this queue's units that have no suggestion yet, in the "
                     "background (needs an installed model; f8 again stops)",
        "history": "this unit's history: who changed what and when, word by word; enter restores "
                   "a version as a new edit",
        "concordance": "search a word or phrase in the translation memory, the glossary and every unit; "
                       "enter inserts the target or goes to the unit",
        "help": "this help",
        "focus_list": "from the editor, go to the list",
        "quit": "save and quit (a text that cannot be saved: ctrl+q again quits, the text waits in its "
                "recovery file)",
    }

    # The command palette (f10): every action bound above, by name.
    PALETTE = (("confirm_next", "Confirm and next"), ("move(1)", "Next unit"), ("move(-1)", "Previous unit"),
               ("reject", "Reject"), ("revert", "Revert to machine translation"),
               ("switch_queue", "Switch queue"), ("filter", "Filter and search"),
               ("insert(1)", "Insert suggestion 1"), ("insert(2)", "Insert suggestion 2"),
               ("insert(3)", "Insert suggestion 3"), ("save", "Save now"),
               ("resolve", "Resolve an unsaved text (conflict or recovery)"),
               ("dismiss_finding", "Dismiss QA finding"), ("history", "Unit history (restore a version)"),
               ("concordance", "Concordance search (TM, glossary, units)"), ("add_word", "Add word to the dictionary"),
               ("translate", "Machine-translate this queue"),
               ("stats", "Statistics"), ("help", "Help"), ("focus_list", "Go to the list"),
               ("quit", "Save and quit"))

    def __init__(self, project: Project | Path | str, who: str = "reviewer", mt: Backend | None = None) -> None:
        super().__init__()
        self.project = as_project(project)
        self.who = who
        self.store: Store | None = None
        self.session: ReviewSession | None = None
        self.row: UnitRow | None = None  # the unit in the editor, as last saved or loaded
        self.suggestions: list[Suggestion] = []
        self.loaded = False
        self._dirty = False
        self._save_timer: Timer | None = None
        self._position_timer: Timer | None = None
        self._renderings: dict[tuple, list[SourceMemberRow]] = {}
        self._tm_ready = False  # TM lookups wait for the first paint
        self._folded_units: dict[str, concordance.Folded] = {}  # the concordance's, kept between openings
        self._lexicon_ready = False
        self.mt = mt
        self.mt_missing = mt.why_unavailable() if mt is not None else None  # asked once: an extra stays as it is
        self._mt_running = False
        self._mt_stop = False
        self.message = ""
        # input order (see on_event)
        self._inputs: deque[events.Event] = deque()
        self._typeahead = True  # keys wait until the first unit is shown
        self._input_ticket = 0  # the key the next ones wait for, 0 when none
        self._tickets = 0
        self._typed_into: TextArea | None = None  # the editor, while text sent to it may still be in its queue
        self._priority_keys = {k.strip() for b in _bindings(self) if b.priority for k in b.key.split(",")}
        self._review_actions = {b.action.split("(")[0] for b in _bindings(self)}
        self._input_since = 0.0
        # unsaved text (see flush)
        self.problem: Problem | None = None
        self._base: tuple[int, str] = (0, "")  # version and text the current edit started from
        self._leave: str | None = None  # action pressed once while the text could not be saved
        self._retry_timer: Timer | None = None
        self._recoveries: dict[int, Recovery] = {}  # unit id -> text a failed save left behind
        self._stray: list[Recovery] = []  # recovered texts whose unit is nowhere to be found
        self._offered: Recovery | None = None  # the recovered text put back in the editor
        self.findings: list[dict] = []
        self.spelling = EditorSpelling(self, self.project, self._render_suggestions)  # underlines, suggestions

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Static(id="queues")
                yield Static(id="filterline")
                yield UnitList(id="list", on_move=self._list_moved)
            # Fixed pane sizes: a new unit repaints the panes without a new layout.
            with Vertical(id="right"):
                yield TextPane("Loading the project…", id="source", classes="pane")
                yield Static(id="banner")
                yield TargetEditor(id="target", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
                with Horizontal(id="info"):
                    yield TextPane(id="context", classes="pane")
                    with Vertical(id="checks"):
                        yield TextPane(id="glossary", classes="pane")
                        yield TextPane(id="findings", classes="pane")
                yield TextPane(id="suggestions", classes="pane")
        yield Static(id="statusbar")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        # a short terminal (80x24) shrinks the panes so the suggestions stay in view
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def on_mount(self) -> None:
        for wid, title in (("source", "Source"), ("target", "Target (editable)"), ("context", "Context"),
                           ("glossary", "Glossary"), ("findings", "QA"), ("suggestions", "Suggestions")):
            self.query_one(f"#{wid}").border_title = title
        self.query_one("#banner").display = False
        self.sub_title = self.project.name
        self.set_interval(INPUT_STALL / 2, self._input_watchdog)
        self._load()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#target", TextArea)

    # --- input order ----------------------------------------------------------------------
    # Textual runs the app's priority bindings (ctrl+j, ctrl+n, ctrl+q…) in the app's own
    # message loop, but forwards every other key to the focused widget's queue, and runs
    # that widget's bindings (backspace, arrows) only when the key has bubbled back up to
    # the app. A key handled in one queue can therefore overtake keys still waiting in
    # another: a word typed right before ctrl+j reached the editor after the confirm, in
    # the next unit, whenever the terminal delivered both in one read (a paste, SSH, a
    # fast typist) or the app was busy. So keys go through in the order they came: text
    # typed into the editor streams straight to it (the editor handles it alone, in
    # order), and any other key waits until everything before it has been handled
    # wherever it went, and holds back the keys after it until it has been handled.
    # An action therefore always sees the editor with every key typed before it.

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._inputs.append(event)
            await self._next_input()
            return
        await super().on_event(event)

    @property
    def live_session(self) -> ReviewSession:
        """The review session: opened in on_mount, before any key, timer or worker can use it."""
        if self.session is None:
            raise RuntimeError("the review session is used before it is opened")
        return self.session

    @property
    def live_store(self) -> Store:
        """The store, opened with the session."""
        if self.store is None:
            raise RuntimeError("the store is used before it is opened")
        return self.store

    def _typing(self, event: events.Event) -> bool:
        """Does the editor handle this key (or paste) by itself, without bubbling?"""
        editor = self.editor
        if self.focused is not editor or editor.read_only or self.screen is not self.screen_stack[0]:
            return False
        if isinstance(event, events.Paste):
            return True
        return isinstance(event, events.Key) and event.is_printable and event.key not in self._priority_keys

    async def _next_input(self) -> None:
        while self._inputs and not self._input_ticket and not self._typeahead:
            event = self._inputs[0]
            if self._typing(event):
                self._inputs.popleft()
                self._typed_into = self.editor
                await super().on_event(event)  # forwarded to the editor's queue, behind the text before it
                continue
            if self._typed_into is not None:  # first let the editor take in the text typed so far
                self._wait_for(self._typed_into)
                self._typed_into = None
                return
            self._inputs.popleft()
            await super().on_event(event)  # a priority binding runs here; other keys are forwarded
            if event.is_forwarded:
                self._wait_for(self.focused or self.screen)
            else:  # handled here: done once what the action scheduled (e.g. a focus change) has run
                self._tickets += 1
                self._input_ticket = self._tickets
                self._input_since = time.monotonic()
                self.call_later(self._input_done, self._input_ticket)

    def _wait_for(self, target) -> None:
        """Hold the next keys until `target` and the parents the keys bubble to are done."""
        self._tickets += 1
        self._input_ticket = self._tickets
        self._input_since = time.monotonic()
        target.post_message(InputDone(self._input_ticket))

    def on_input_done(self, message: InputDone) -> None:
        # call_later: behind anything the key's handling asked the app to do next
        self.call_later(self._input_done, message.ticket)

    async def _input_done(self, ticket: int) -> None:
        if ticket == self._input_ticket:
            self._input_ticket = 0
            await self._next_input()

    async def _input_watchdog(self) -> None:
        # A key whose widget went away (a dialog closed under it) never reports back:
        # after INPUT_STALL, let the next keys through rather than freeze the keyboard.
        if self._input_ticket and time.monotonic() - self._input_since > INPUT_STALL:
            await self._input_done(self._input_ticket)

    async def _end_typeahead(self) -> None:
        self._typeahead = False
        await self._next_input()

    # --- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        try:
            store = open_store(self.project.store, create=False)
            store.set_busy_timeout(WRITE_WAIT)
            glossary = project_glossary(self.project)
            session = ReviewSession(store, glossary, who=self.who)
            session.load()
            found, keys, stray = self._find_recoveries(session)
        except (StoreError, ValueError) as e:
            self.call_from_thread(self._fail, str(e))
            return
        self.call_from_thread(self._loaded, store, session, found, keys, stray)

    def _find_recoveries(self, session: ReviewSession) -> tuple[dict[int, Recovery], set[str], list[Recovery]]:
        """This reviewer's texts an earlier session could not save, by the unit they are
        for now (followed through rebuilds), that unit's key, and the texts whose unit is gone."""
        found: dict[int, Recovery] = {}
        keys: set[str] = set()
        stray: list[Recovery] = []
        for rec in recovery.pending(self.project, self.who):
            unit = session.find_recovered(rec)
            if unit is None:
                stray.append(rec)
            else:
                found[unit.id] = rec
                keys.add(unit.key)
        return found, keys, stray

    def _fail(self, message: str) -> None:
        self.exit(return_code=2, message=message)

    def _loaded(self, store: Store, session: ReviewSession, found: dict[int, Recovery], keys: set[str],
                stray: list[Recovery]) -> None:
        # The queues are long-lived: keep the garbage collector from re-scanning them
        # on every collection, so moving through 50,000 units costs what 100 do.
        gc.freeze()
        self.store, self.session = store, session
        self._recoveries, self._stray = found, stray
        self.loaded = True
        if keys:  # open where unsaved work waits: the first such unit in queue order
            first = next((it.key for q in QUEUES for it in session.views[q].items if it.key in keys), None)
            if first is not None:
                session.go_to_key(first)
        self._show_queue()
        self.message = self._recovery_summary()
        self._update_status()
        self.editor.focus()
        self.call_later(self._end_typeahead)  # after the focus: typed-ahead keys go to the editor
        self._load_extras()
        self.spelling.start(store, session.glossary)

    def _recovery_summary(self) -> str:
        parts = []
        if self._recoveries:
            n = len(self._recoveries)
            parts.append(f"{n} unsaved text{'s' * (n > 1)} recovered from an earlier session"
                         + (" (f4: next one)" if n > 1 else ""))
        if self._stray:
            parts.append(f"{len(self._stray)} recovered text(s) for units that no longer exist: "
                         f"see {recovery.RECOVERY_DIR}/")
        return "; ".join(parts)

    @work(thread=True, exclusive=True, group="extras")
    def _load_extras(self) -> None:
        """What the first paint can do without: other renderings, the translation
        memory, the Russian lexicon for glossary hits in Russian titles."""
        store = self.live_store
        renderings: dict[tuple, list[SourceMemberRow]] = {}
        try:
            for src in store.sources():
                for m in src.members:
                    renderings[(m.file, m.kind, m.number)] = [
                        o for o in src.members if o is not m and o.title != m.title]
        except StoreError:
            return  # only suggestions are missing; the status bar reports store trouble on save
        if self.live_session.glossary is not None:
            self.live_session.glossary.morphology.load()  # Russian lemmas, off the UI thread
        self.call_from_thread(self._extras_loaded, renderings)

    def _extras_loaded(self, renderings) -> None:
        self._renderings, self._tm_ready = renderings, True
        self._lexicon_ready = True
        if self.row is not None:
            self._show_panes(self.row, self.editor.text)

    # --- showing ------------------------------------------------------------------------

    def _show_queue(self) -> None:
        s = self.live_session
        self.query_one("#list", UnitList).show(s.view)
        line = self.query_one("#filterline", Static)
        line.update(Text("filter: " + s.filter.describe(), style="yellow") if s.filter.active else "")
        line.display = s.filter.active
        self._show_unit()

    def _show_unit(self) -> None:
        with self.batch_update():  # one repaint for the list and every pane
            self._show_unit_now()

    def _show_unit_now(self) -> None:
        s = self.live_session
        self._set_problem(None)
        self.query_one("#banner", Static).display = False  # a notice about the unit left behind
        self._leave = None
        self._offered = None
        try:
            row = self._current_row()
        except StoreError as e:
            row = None
            self.message = f"cannot read the unit: {_tail(e)}"
        self.query_one("#list", UnitList).cursor_changed()
        self._update_queues()
        editor = self.editor
        if row is None:
            self.row = None
            self._set_editor("")
            editor.read_only = True
            self.query_one("#source", TextPane).update(Text("No unit matches.", style="dim"))
            for wid in ("context", "glossary", "findings", "suggestions"):
                self.query_one(f"#{wid}", TextPane).update("")
            self._update_status()
            return
        editor.read_only = False
        self.row = s.sync(row)
        self._base = (row.version, row.text)
        self._set_editor(row.text)
        rec = self._recoveries.get(row.id)
        if rec is not None:
            self._offer(row, rec)
        self._show_panes(row, editor.text)
        if self.problem is None:
            self._tell_replaced(row)
        self._schedule_position()

    def _tell_replaced(self, row: UnitRow) -> None:
        """This reviewer confirmed the unit and someone else has replaced the text
        since: say so (once) in the banner, and remember it was said."""
        if not row.history_count:
            return
        try:
            found = replaced.replaced_for(self.live_store.history(row.key), self.who)
            if found is None:
                return
            setting = f"{replaced.SEEN_SETTING}.{self.who}"
            seen = self.live_store.setting(setting)
            if not replaced.unseen([found], seen):
                return
            self.live_store.set_setting(setting, replaced.mark_seen(seen, found))
        except StoreError:
            return  # told on a later visit
        banner = self.query_one("#banner", Static)
        banner.update(Text.assemble(("⚑ ", "bold"), (f"{found.by} replaced your confirmed text", "bold"),
                                    f" at {history.when(found.at)} UTC  ·  ctrl+l: history"))
        banner.add_class("-notice")
        banner.display = True

    def _current_row(self) -> UnitRow | None:
        """The unit under the cursor as the store holds it now. A rebuild may have
        re-keyed or removed units since the queues were read: then read them again."""
        s = self.live_session
        item = s.current_item()
        if item is None:
            return None
        row = self.live_store.unit(item.key)
        if row is None:
            s.reload()
            self.query_one("#list", UnitList).show(s.view)
            item = s.current_item()
            row = self.live_store.unit(item.key) if item else None
        return row

    def _offer(self, row: UnitRow, rec: Recovery) -> None:
        """Put a recovered text back in the editor, as an edit (ctrl+z takes it back
        out). If the unit did not change since, it is saved like any edit; if it did,
        it is a conflict the reviewer resolves."""
        self._offered = rec
        self._base = (rec.base_version if rec.base_version is not None else row.version, rec.base_text)
        editor = self.editor
        editor.replace(rec.text, (0, 0), editor.document.end)
        when = rec.time[11:16]
        unchanged = (rec.unit_id == row.id and rec.base_version == row.version) or rec.base_text == row.text
        if unchanged:
            self._say(f"your unsaved text of {when} UTC is back ({rec.reason.split(';')[0]}); "
                      "it is saved in a moment, ctrl+z takes it out")
        else:
            self._set_problem(Problem(
                "conflict", f"your recovered text of {when} UTC and the stored one differ: f4 to choose",
                theirs=row, by=self._saved_by(row)))

    def _set_editor(self, text: str) -> None:
        self.editor.load_text(text)
        self._dirty = False

    def _show_panes(self, row: UnitRow, target: str) -> None:
        g = self.live_session.glossary
        if row.queue == "titles" and not self._lexicon_ready:
            hits = panes.french_hits(g, target, "target")  # Russian hits once the lexicon is loaded
        else:
            hits = panes.unit_hits(g, row, target)
        self.query_one("#source", TextPane).update(panes.source_pane(row, hits))
        self.query_one("#context", TextPane).update(panes.context_pane(row))
        self.query_one("#glossary", TextPane).update(panes.glossary_pane(hits))
        findings = []
        try:
            if row.line_start is not None and row.line_end is not None:
                findings = self._qa_view(self.live_store.findings(row.file, lines=(row.line_start, row.line_end)))
            self.suggestions = self._cheap_suggestions(row)
        except StoreError:
            self.suggestions = []
        self.findings = findings
        self.query_one("#findings", TextPane).update(panes.findings_pane(findings))
        self._render_suggestions()
        if self._tm_ready:
            self._tm_lookup(row.key, row.queue, row.source)
        self._update_status()

    def _qa_view(self, rows: list[FindingRow]) -> list[dict]:
        """Findings with their severity (the project's QA profile), dismissed ones and
        kinds turned off left out, most severe first."""
        from ..dismissals import (
            is_dismissed,
            load_dismissals,
            load_profile,
            severity_rank,
        )

        try:
            profile, dismissed = load_profile(self.project), load_dismissals(self.project)
        except InputError:
            profile, dismissed = {}, []
        out = []
        for f in (r.as_dict() for r in rows):
            sev = profile.get(f["kind"], "warning")
            if sev != "off" and not is_dismissed(f, dismissed) and not self.spelling.accepts(f):
                out.append({**f, "severity": sev})
        out.sort(key=lambda f: -severity_rank(f["severity"]))
        return out

    def action_dismiss_finding(self) -> None:
        if not self.loaded or not self.findings:
            self.notify("No QA finding to dismiss here.")
            return
        f = self.findings[0]

        def apply(answer) -> None:
            if answer is None:
                return
            from ..dismissals import Dismissal, add_dismissal

            everywhere, why = answer
            add_dismissal(self.project, Dismissal(f["kind"], f["term"], f["found"], "" if everywhere else f["file"],
                                                  0 if everywhere else f["line"], self.who, why))
            if self.row is not None:
                self._show_panes(self.row, self.query_one("#target", TextArea).text)
            self.notify(f"Dismissed {f['kind']} {f['found']!r}" + (" everywhere" if everywhere else ""))

        self.push_screen(DismissScreen(f), apply)

    def _cheap_suggestions(self, row: UnitRow) -> list[Suggestion]:
        out = []
        c = row.context
        for o in self._renderings.get((row.file, c.get("kind"), c.get("number")), []):
            where = f"{o.kind} {o.number or ''} in {o.file}".replace("  ", " ")
            if o.title and o.title != row.text:
                out.append(Suggestion("rendering", o.title, where))
        for sug in self.live_store.suggestions(row.key, kind="mt"):
            out.append(Suggestion("mt", sug.text, f"{sug.model} {sug.model_version}"))
        return out

    @work(thread=True, exclusive=True, group="tm")
    def _tm_lookup(self, key: str, queue: str, source: str) -> None:
        # the memory's concordance index proposes, rapidfuzz scores: `workbench tm search`'s matcher
        from ..tm import search

        try:
            matches = search(self.live_store, source, TM_SOURCE_LANG.get(queue), "fr", limit=3)
        except StoreError:
            return  # only suggestions are missing; a save reports store trouble
        found = [Suggestion("tm", m.target, m.origin, m.score) for m in matches]
        self.call_from_thread(self._tm_found, key, found)

    def _tm_found(self, key: str, found: list[Suggestion]) -> None:
        if self.row is None or self.row.key != key or not found:
            return
        others = [s for s in self.suggestions if s.kind != "tm"]
        renderings = [s for s in others if s.kind == "rendering"]
        self.suggestions = renderings + found + [s for s in others if s.kind == "mt"]
        self._render_suggestions()

    def _render_suggestions(self) -> None:
        current = self.editor.text
        text = self.spelling.pane_lines(self._key_of("add_word"))
        text.append_text(panes.suggestions_pane(self.suggestions, current, self.mt_missing))
        self.query_one("#suggestions", TextPane).update(text)
    @on(TextArea.SelectionChanged, "#target")
    def _cursor_moved(self) -> None:
        self.spelling.cursor_moved()

    def action_add_word(self) -> None:
        if self.loaded and self.row is not None:
            self._say(self.spelling.add_word_under_cursor())
            self._show_panes(self.row, self.editor.text)  # its QA finding goes too

    def _update_queues(self) -> None:
        s = self.live_session
        t = Text()
        for q in QUEUES:
            done, total = s.progress(q)
            style = "bold reverse" if q == s.queue else "dim"
            t.append(f" {QUEUE_LABELS[q]} {done}/{total} ", style=style)
            t.append(" ")
        self.query_one("#queues", Static).update(t, layout=False)

    def _update_status(self) -> None:
        s = self.live_session
        t = Text()
        row = self.row
        if row is not None:
            v = s.view
            t.append(f"{v.cursor + 1}/{len(v.visible)} ", style="bold")
            t.append(f"{row.status}", style=panes.STATUS_STYLE.get(row.status, ""))
            # of the saved text: it follows the typing within a second, without a TER per key
            t.append(f"  HTER {panes.hter(row.mt, row.text):.1f}")
            if self.problem is not None:
                t.append(f"  NOT SAVED: {self.problem.label}", style="bold white on red")
            else:
                t.append("  unsaved" if self._dirty else "  saved", style="yellow" if self._dirty else "green")
        if self.message:
            t.append("  " + self.message, style="italic")
        self.query_one("#statusbar", Static).update(t, layout=False)

    def _say(self, message: str) -> None:
        self.message = message
        self._update_status()

    def _set_problem(self, problem: Problem | None) -> None:
        """Show (or clear) why the editor's text is not in the store: a banner over
        the editor (it never takes the focus) and the status bar."""
        if problem is None and self.problem is None:
            return
        banner = self.query_one("#banner", Static)
        if problem is None:
            self.problem = None
            banner.display = False
            self._update_status()
            return
        if not problem.hint and self._leave is not None and self.problem is not None:
            problem.hint = self.problem.hint  # a retry that failed again: the leave hint still holds
        if not problem.hint:
            problem.hint = {"conflict": "f4: compare and choose", "gone": "your text is kept here and in "
                            f"{recovery.RECOVERY_DIR}/"}.get(problem.kind, "your text is kept here and in "
                                                             f"{recovery.RECOVERY_DIR}/ meanwhile")
        self.problem = problem
        self._show_banner()
        self._update_status()

    def _show_banner(self) -> None:
        p = self.problem
        assert p is not None  # shown for the problem just set
        banner = self.query_one("#banner", Static)
        banner.update(Text.assemble(("⚠ ", "bold"), (p.message, "bold"), "  ·  " + p.hint))
        banner.remove_class("-notice")
        banner.display = True

    # --- saving -------------------------------------------------------------------------

    @on(TextArea.Changed, "#target")
    def _edited(self) -> None:
        self.spelling.changed()  # underlines follow the text, checked once typing pauses
        if self.row is None:
            return
        # Loading a unit also posts Changed: only a difference from the stored text counts.
        was = self._dirty
        self._dirty = self.editor.text != self.row.text
        if self._dirty:
            self._leave = None  # typing again: a second press must be deliberate again
        if not was and not self._dirty:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self._dirty:
            self._save_timer = self.set_timer(SAVE_DELAY, self._autosave)
        self._update_status()

    def _autosave(self) -> None:
        self._save_timer = None
        self.flush()

    def flush(self) -> bool:
        """Commit the editor's text if it differs from the stored one. The text is read
        here, as the action that saves runs (a Changed message may still be on its way).
        False when it is not saved: an empty text, or a failure that leaves the text in
        the editor and in a recovery file (`problem` says why)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.row is None:
            return True
        text = self.editor.text
        if text == self.row.text:
            self._settled(text)
            return True
        if not text.strip():
            self._say("empty target not saved: reject the unit or revert it instead")
            return False
        if self.problem is not None and self.problem.kind in ("conflict", "gone"):
            self._keep(text)  # the latest typing, for the recovery file; the reviewer decides
            self._update_status()
            return False
        return self._save(text)

    def _save(self, text: str, follow: bool = True) -> bool:
        row = self.row
        assert row is not None  # only the unit in the editor is saved
        try:
            new = self.live_session.save_text(row, text)
        except ConflictError as e:
            self.row = self.live_session.sync(e.current)
            if not e.current.has_reviewer_work and follow:
                # only the machine text changed (a rebuild): no one's work to weigh against
                return self._save(text, follow=False)
            return self._failed(text, self._conflict_problem(e.current))
        except UnitNotFound:
            return self._follow(text) if follow else self._failed(text, Problem(
                "gone", "not saved: this unit was removed by a rebuild"))
        except StoreError as e:
            return self._failed(text, _problem_of(e))
        self._saved(new)
        return True

    def _follow(self, text: str) -> bool:
        """The unit's key vanished: a rebuild re-keyed it (same row, new key) or put a
        new unit in its place. Save there if what the edit started from is still what
        the store holds; otherwise it is a conflict."""
        row = self.row
        assert row is not None  # a save of the unit in the editor got here
        try:
            moved = self.live_session.follow(row)
        except StoreError as e:
            return self._failed(text, _problem_of(e))
        if moved is None:
            return self._failed(text, Problem("gone", "not saved: this unit was removed by a rebuild"))
        if moved.id == row.id:
            self.row = replace(row, key=moved.key)  # same row: the version check still holds
        elif not moved.has_reviewer_work or (moved.text, moved.status) == (row.text, row.status):
            self.row = moved  # a new unit: machine text only, or the text the edit started from
        else:
            self.row = moved
            return self._failed(text, self._conflict_problem(moved))
        self.message = "followed to its new key after a rebuild"
        self.query_one("#list", UnitList).refresh()
        return self._save(text, follow=False)

    def _conflict_problem(self, theirs: UnitRow) -> Problem:
        by = self._saved_by(theirs)
        return Problem("conflict", f"changed by {by or 'someone else'} while you edited it", theirs=theirs, by=by)

    def _saved_by(self, unit: UnitRow) -> str:
        """'ann at 2026-11-29 18:31 UTC': who changed the stored unit last ('' if unknown)."""
        try:
            rows = [h for h in self.live_store.history(unit.key) if h.action != "aside"]  # an aside changes nothing
        except StoreError:
            return ""
        return f"{rows[-1].who} at {history.when(rows[-1].at)} UTC" if rows else ""

    def _saved(self, new: UnitRow) -> None:
        self.row = new
        self._base = (new.version, new.text)
        self._dirty = False
        self._leave = None
        self._drop_recovery(new)
        if self.problem is not None:
            self._set_problem(None)
            self.message = "saved"
        elif not self.message.startswith("followed"):
            self.message = ""
        self.query_one("#list", UnitList).refresh()
        self._update_queues()
        self._update_status()

    def _settled(self, text: str) -> None:
        """The editor holds the stored text: nothing of the reviewer's is unsaved."""
        if self._offered is not None and self.row is not None:
            # a recovered text the reviewer took back out: history keeps it all the same
            try:
                self.live_session.set_aside(self.row, self._offered.text, "recovered text not kept")
            except StoreError:
                return  # keep the file; it is offered again next time
            self._drop_recovery(self.row)
        elif self.problem is not None and self.row is not None:
            self._drop_recovery(self.row)
        if self.problem is not None:
            self._set_problem(None)
        self._dirty = False

    def _failed(self, text: str, problem: Problem) -> bool:
        self._dirty = True
        where = self._keep(text, problem.message, problem.kind)
        if where is None:
            problem.message += "; the recovery file could not be written either"
        self._set_problem(problem)
        delay = RETRY_DELAY.get(problem.kind)
        if delay is not None and self._retry_timer is None:
            self._retry_timer = self.set_timer(delay, self._retry)
        return False

    def _keep(self, text: str, reason: str | None = None, kind: str | None = None) -> Path | None:
        """Write the editor's text to this unit's recovery file (atomically)."""
        row = self.row
        assert row is not None  # the text kept is the editor's, for its unit
        problem = self.problem
        rec = Recovery(key=row.key, text=text, who=self.who, time=recovery.now(),
                       reason=reason or (problem.message if problem else "not saved"),
                       kind=kind or (problem.kind if problem else ""),
                       unit_id=row.id, queue=row.queue, file=row.file, base_version=self._base[0],
                       base_text=self._base[1], mt=row.mt, line_start=row.line_start)
        try:
            path = recovery.write(self.project, rec)
        except OSError:
            return None
        self._recoveries[row.id] = rec
        return path

    def _drop_recovery(self, row: UnitRow) -> None:
        rec = self._recoveries.pop(row.id, None)
        if self.row is not None and self.row.id == row.id:
            self._offered = None
        for key in {row.key, *([rec.key] if rec else [])}:
            with contextlib.suppress(OSError):
                recovery.remove(self.project, self.who, key)

    def _retry(self) -> None:
        self._retry_timer = None
        if self.problem is not None and self.problem.kind in RETRY_DELAY and self.row is not None:
            self.flush()  # sets the problem again if it fails, with its next retry
        self._retry_left_behind()

    def _retry_left_behind(self) -> None:
        """Texts the reviewer left in a recovery file after a failure that may pass by
        itself (locked, full, lost): saved as soon as the store takes them, unless the
        unit changed meanwhile (then they wait to be offered back)."""
        current = self.row.id if self.row is not None else None
        waiting: list[float] = []
        for uid, rec in list(self._recoveries.items()):
            if uid == current or rec.kind not in RETRY_DELAY:
                continue  # a conflict or a removed unit waits for the reviewer
            try:
                unit = self.live_store.unit_by_id(uid)
                if unit is None:
                    continue
                if rec.base_version is not None and unit.version != rec.base_version:
                    continue  # changed meanwhile: offered back as a conflict
                new = self.live_session.save_text(unit, rec.text)
            except StoreError:
                waiting.append(RETRY_DELAY[rec.kind])
                continue
            self._drop_recovery(new)
            self._say(f"saved your earlier text of unit {new.key.rsplit('#', 1)[-1]}")
        if waiting and self._retry_timer is None:
            self._retry_timer = self.set_timer(min(waiting), self._retry)

    def _may_leave(self, action: str) -> bool:
        """Save before leaving the unit. When that fails the first press only says
        why; the same key again leaves, with the text in its recovery file (offered
        back on the way back to the unit, and retried meanwhile when that may help)."""
        if self.flush():
            self._leave = None
            return True
        if self.problem is None:
            return False  # an empty text
        if self._leave == action:
            self._leave = None
            self.message = f"your text of the last unit waits in {recovery.RECOVERY_DIR}/"
            return True
        self._leave = action
        key = self._key_of(action)
        self.problem.hint = f"{key} again: leave it in the recovery file" + (
            "; f4: choose" if self.problem.kind == "conflict" else "")
        self._show_banner()
        self._say(f"{key} again to leave it")
        return False

    def _key_of(self, action: str) -> str:
        for b in _bindings(self):
            if b.action == action:
                return _key_name(b.key.split(",")[-1])
        return "the same key"

    def _open_conflict(self) -> None:
        problem = self.problem
        assert problem is not None and problem.theirs is not None  # opened from a conflict's banner
        theirs = problem.theirs

        def chosen(choice: str | None) -> None:
            mine = self.editor.text
            if choice == "quit":
                self._leave = "quit"  # no second dialog: ctrl+q again quits, the text in its recovery file
                problem.hint = f"ctrl+q again quits, your text stays in {recovery.RECOVERY_DIR}/"
                self._show_banner()
                self._say("ctrl+q again to quit")
            elif choice == "mine":
                self._keep_mine(theirs, mine)
            elif choice == "theirs":
                self._take_theirs(theirs, mine)

        self.push_screen(ConflictScreen(theirs, self.editor.text, problem.message, problem.by), chosen)

    def _keep_mine(self, theirs: UnitRow, mine: str) -> None:
        if not mine.strip():
            self._say("your text is empty: take theirs, or type yours first")
            return
        try:
            new = self.live_session.save_text(theirs, mine)  # on top of theirs, which history keeps
        except ConflictError as e:  # changed yet again
            self.row = self.live_session.sync(e.current)
            self._failed(mine, self._conflict_problem(e.current))
            return
        except StoreError as e:
            self._failed(mine, _problem_of(e))
            return
        self._saved(new)
        self._say("kept your text (theirs stays in the history)")
        self._show_panes(new, mine)

    def _take_theirs(self, theirs: UnitRow, mine: str) -> None:
        try:
            if mine.strip() and mine != theirs.text:
                self.live_session.set_aside(theirs, mine, "conflict: took the other reviewer's text")
            current = self.live_store.unit(theirs.key) or theirs
        except StoreError as e:
            self._failed(mine, _problem_of(e))
            return
        self.row = self.live_session.sync(current)
        self._set_editor(current.text)
        self._saved(current)
        self._say("took the other reviewer's text (yours stays in the history)")
        self._show_panes(self.row, current.text)

    def _schedule_position(self) -> None:
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_DELAY, self._save_position)

    def _save_position(self) -> None:
        self._position_timer = None
        if self.session is not None:
            with contextlib.suppress(StoreError):  # only where to reopen; the next move tries again
                self.session.save_position()

    def _act(self, change) -> bool:
        """Run a status change on the current unit, saving the edit first."""
        if self.row is None or not self.flush():
            return False
        try:
            self.row = change(self.row)
        except ConflictError as e:
            self.row = self.live_session.sync(e.current)
            self._set_problem(self._conflict_problem(e.current))
            return False
        except UnitNotFound:
            # re-keyed by a rebuild: follow it (nothing typed is pending), then retry once
            try:
                moved = self.live_session.follow(self.row)
                if moved is None:
                    self._set_problem(Problem("gone", "this unit was removed by a rebuild"))
                    return False
                self.row = moved
                self.row = change(self.row)
            except StoreError as e:
                self._say(f"not done: {_tail(e)}")
                return False
        except StoreError as e:
            self._say(f"not done ({_problem_of(e).message.removeprefix('not saved: ')}): press again")
            return False
        self._base = (self.row.version, self.row.text)
        return True

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # A dialog on top owns the keyboard: the review's keys wait until it closes (tab
        # and Textual's other keys still work in it). The conflict dialog answers ctrl+q
        # itself: it must not open a second dialog.
        return not (self.screen.is_modal and action in self._review_actions and (action != "quit" or isinstance(self.screen, ConflictScreen)))

    def action_move(self, delta: int) -> None:
        if self.loaded and self._may_leave(f"move({delta})") and self.live_session.move(delta):
            self.message = ""  # what was said was about the unit left behind
            self._show_unit()

    def _list_moved(self, row: int, behind_typing: bool = False) -> None:
        """The list cursor moved (keys or mouse): called at once, not by a message, so
        the keys after it reach the unit it shows."""
        if self._typed_into is not None and not behind_typing:
            # a click while typed text may still wait in the editor's queue: after it
            self.editor.call_later(self._list_moved, row, True)
            return
        if self.loaded and self._may_leave("list"):
            self.live_session.go_to(row)
            self.message = ""  # what was said was about the unit left behind
            self._show_unit()

    def action_confirm_next(self) -> None:
        if not self.loaded or self.row is None:
            return
        text = self.editor.text
        if not text.strip():
            self._say("empty target: reject the unit or revert it instead")
            return
        if self._act(lambda r: self.live_session.set_status(r, "confirmed")):
            self.message = "confirmed"
            if not self.live_session.next_open():
                self.message = "every unit of this queue is confirmed or rejected"
            self._show_unit()
            self.editor.focus()

    def action_reject(self) -> None:
        if self.loaded and self._act(lambda r: self.live_session.set_status(r, "rejected")):
            self.message = "rejected"
            self.live_session.move(1)
            self._show_unit()

    def action_revert(self) -> None:
        if not self.loaded or self.row is None:
            return
        if self.problem is not None and self.problem.kind == "conflict":
            self._say("resolve the conflict first (f4)")
            return
        if not self.editor.text.strip():
            self._set_editor(self.row.text)  # nothing typed worth keeping: revert what is stored
        if self._act(self.live_session.revert):  # what was typed is saved first: history keeps it
            self._set_editor(self.row.text)
            self._show_panes(self.row, self.row.text)
            self._say("reverted to the machine translation")

    def action_switch_queue(self) -> None:
        if self.loaded and self._may_leave("switch_queue"):
            self.message = ""
            self.live_session.switch_queue()
            self._show_queue()

    def action_insert(self, n: int) -> None:
        if not self.loaded or self.row is None or n > len(self.suggestions):
            return
        editor = self.editor
        # an edit like typing: ctrl+z undoes it, the autosave commits it
        editor.replace(self.suggestions[n - 1].text, (0, 0), editor.document.end)
        editor.focus()

    def action_save(self) -> None:
        if not self.loaded:
            return
        if self.flush():
            self._say("saved")
        elif self.problem is not None and self.problem.kind == "conflict":
            self._say("f4 to compare and choose")

    def action_resolve(self) -> None:
        """f4: the conflict dialog for this unit, or the next unit with a recovered text."""
        if not self.loaded:
            return
        if self.problem is not None and self.problem.kind == "conflict" and self.row is not None:
            self._open_conflict()
            return
        others = [r for uid, r in sorted(self._recoveries.items(), key=lambda kv: kv[1].time)
                  if self.row is None or uid != self.row.id]
        if not others:
            self._say("nothing to resolve")
            return
        unit = self.live_session.find_recovered(others[0])
        if unit is not None and self._may_leave("resolve") and self.live_session.go_to_key(unit.key):
            self._show_queue()

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_focus_list(self) -> None:
        self.query_one("#list", UnitList).focus()

    def action_filter(self, search: bool = False) -> None:
        if not self.loaded or not self._may_leave("filter"):
            return

        def apply(f) -> None:
            if f is not None:
                try:
                    self.live_session.set_filter(f)
                except StoreError as e:
                    self._say(f"filter not applied: {_tail(e)}")
                    return
                self._show_queue()

        g = self.live_session.glossary
        self.push_screen(FilterScreen(self.live_session.filter, self.live_session.books(), g, focus_search=search), apply)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self._help_rows()))

    def _help_rows(self) -> list[tuple[str, str]]:
        rows = []
        for b in _bindings(self):
            rows.append((", ".join(_key_name(k) for k in b.key.split(",")), self.ACTION_HELP.get(b.action, b.description)))
        rows += [("tab", "in the list: switch queue; in the editor: move focus"),
                 ("enter", "in the list: edit the unit"),
                 ("up, down, pageup, pagedown, home, end", "in the list: move"),
                 ("ctrl+z, ctrl+y", "in the editor: undo, redo"),
                 (self.COMMAND_PALETTE_BINDING, "command palette")]
        return rows

    def action_translate(self) -> None:
        if not self.loaded:
            return
        if self._mt_running:
            self._mt_stop = True
            self._say("MT: stopping after the current batch…")
            return
        if self.mt is None or self.mt_missing:
            self._say(f"MT: {self.mt_missing or 'no MT backend in this session'}")
            return
        self._mt_running, self._mt_stop = True, False
        self._translate(self.mt, self.store, self.live_session.queue)

    @work(thread=True, exclusive=True, group="mt")
    def _translate(self, backend: Backend, store: Store, queue: str) -> None:
        from ..model import QUEUE_LANGS
        from ..mt.service import translate_units
        from ..text import InputError

        pair = QUEUE_LANGS[queue]
        try:
            translator = backend.translator(*pair)  # loads no model yet
            report = translate_units(
                store, translator, queue, *pair, glossary=self.live_session.glossary,
                progress=lambda done, total: self.call_from_thread(self._say, f"MT {done}/{total}"),
                should_stop=lambda: self._mt_stop)
        except (InputError, StoreError) as e:
            self.call_from_thread(self._mt_done, f"MT: {e}")
            return
        except Exception as e:  # a failing engine must not take the review screen down
            self.call_from_thread(self._mt_done, f"MT failed: {type(e).__name__}: {e}")
            return
        self.call_from_thread(self._mt_done, f"MT: {report.translated} new suggestions from {report.model}"
                              f" ({report.skipped} units had one already)" + (", stopped" if report.stopped else ""))

    def _mt_done(self, message: str) -> None:
        self._mt_running = False
        self._say(message)
        if self.row is not None:
            try:
                self.suggestions = self._cheap_suggestions(self.row)
            except StoreError:
                return
            self._render_suggestions()
            if self._tm_ready:
                self._tm_lookup(self.row.key, self.row.queue, self.row.source)

    def action_history(self) -> None:
        """ctrl+l: the unit's history (what is typed is saved first, so it is in it)."""
        if not self.loaded or self.row is None:
            return
        self.flush()
        row = self.row
        try:
            items = history.entries(row, self.live_store.history(row.key))
        except StoreError as e:
            self._say(f"history not read: {_tail(e)}")
            return

        def chosen(entry: history.Entry | None) -> None:
            if entry is not None:
                self._restore(entry)

        self.push_screen(history.HistoryScreen(items, self.editor.text, f"{row.file} l.{row.line_start}"), chosen)

    def _restore(self, entry: history.Entry) -> None:
        """An earlier text back as a new edit, saved at once through the normal save
        path (the version the reviewer saw: a change meanwhile is a conflict)."""
        if self.problem is not None and self.problem.kind == "conflict":
            self._say("resolve the conflict first (f4)")
            return
        editor = self.editor
        editor.replace(entry.text, (0, 0), editor.document.end)  # ctrl+z takes it back out
        if self.flush():
            self._say(f"restored the text of {history.when(entry.at)} ({entry.who})")
            if self.row is not None:
                self._show_panes(self.row, self.row.text)
        editor.focus()

    def action_concordance(self) -> None:
        """ctrl+g: concordance search, starting from the text selected in the editor."""
        if not self.loaded:
            return
        s = self.live_session
        units = [(q, it) for q in QUEUES for it in s.views[q].items]
        selected = self.editor.selected_text if self.focused is self.editor else ""
        initial = " ".join(selected.split()) if len(selected) < 200 else ""

        def chosen(hit: concordance.Hit | None) -> None:
            if hit is None:
                return
            if hit.kind == "unit" and hit.key is not None:
                if self._may_leave("concordance") and s.go_to_key(hit.key):
                    self.message = ""
                    self._show_queue()
                return
            if self.row is None:
                return
            editor = self.editor
            start, end = sorted((editor.selection.start, editor.selection.end))
            editor.replace(hit.target, start, end)  # an edit like typing: ctrl+z undoes it
            editor.focus()
            self._say(f"inserted from {hit.origin}")

        self.push_screen(concordance.ConcordanceScreen(initial, self.live_store, s.glossary, units,
                                                       self._folded_units), chosen)

    def action_stats(self) -> None:
        if self.loaded:
            self.flush()  # the figures include the text being typed, when it can be saved
            self.push_screen(StatsScreen(self.live_store))

    async def action_quit(self) -> None:
        self._mt_stop = True  # a running translation stops after its batch (what is done is kept)
        if self.loaded:
            if not self._may_leave("quit"):
                return  # an empty target, or a text not saved: the status bar says what to do
            self._save_position()
        self.exit()

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        if screen.is_modal:
            return  # the review's actions wait while a dialog is open (see check_action)
        for action, label in self.PALETTE:
            yield SystemCommand(label, self.ACTION_HELP[action], lambda a=action: self.run_action(a))

    def on_unmount(self) -> None:
        # a pending position save must not fire on the closed store: save it now instead
        timer = self._position_timer
        pending = timer is not None
        if timer is not None:
            timer.stop()
            self._position_timer = None
        if self.store is not None:
            if pending and self.session is not None:
                with contextlib.suppress(StoreError):  # only the reading position, never reviewer text
                    self.session.save_position()
            self.store.close()
