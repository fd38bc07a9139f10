"""The review TUI: correct machine translations unit by unit, never losing an edit.

Layout: the segment list on the left (a virtual list), the editor on the right
(source, editable target, context, glossary hits, QA findings, suggestions), a status
bar with progress and the current unit's HTER.

Safety: every edit is saved at most `SAVE_DELAY` seconds after the last keystroke,
and before any move, confirm, reject or quit; each save is one store transaction with
history and the version the reviewer saw, so another reviewer's change raises a
conflict the reviewer resolves instead of being overwritten.

Nothing here imports argostranslate or torch: MT runs in `workbench.mt`, imported
by a worker only when the reviewer asks for a translation.
"""

from __future__ import annotations

import gc
import importlib.util
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from ..store import ConflictError, Store, StoreError, UnitRow
from ..terms import project_glossary
from . import panes
from .panes import Suggestion
from ..text import InputError
from .screens import ConflictScreen, DismissScreen, FilterScreen, HelpScreen, StatsScreen
from .session import QUEUE_LABELS, QUEUES, ReviewSession
from .text_pane import TargetEditor, TextPane
from .unit_list import UnitList

SAVE_DELAY = 0.8  # seconds of quiet typing before an edit is committed
POSITION_DELAY = 1.0


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
        Binding("ctrl+1,alt+1", "insert(1)", "Insert suggestion 1", show=False, priority=True),
        Binding("ctrl+2,alt+2", "insert(2)", "Insert suggestion 2", show=False, priority=True),
        Binding("ctrl+3,alt+3", "insert(3)", "Insert suggestion 3", show=False, priority=True),
        Binding("ctrl+s", "save", "Save now", show=False, priority=True),
        Binding("f2", "stats", "Statistics"),
        Binding("f4", "dismiss_finding", "Dismiss QA finding", show=False),
        Binding("f8", "translate", "MT", show=False),
        Binding("f1,question_mark", "help", "Help"),
        Binding("escape", "focus_list", "To list", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]
    # What the help screen says about each action (the bindings above give the keys).
    HELP = {
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
        "stats": "statistics: progress per book and queue, HTER distribution",
        "dismiss_finding": "dismiss the unit's first QA finding, here or its form everywhere, saying why "
                           "(kept in glossary/dismissed.tsv)",
        "translate": "machine-translate this queue's units that have no suggestion yet, in the "
                     "background (needs an installed model; f8 again stops)",
        "help": "this help",
        "focus_list": "from the editor, go to the list",
        "quit": "save and quit",
    }

    def __init__(self, project: Path | str, who: str = "reviewer") -> None:
        super().__init__()
        self.project = Path(project)
        self.who = who
        self.store: Store | None = None
        self.session: ReviewSession | None = None
        self.row: UnitRow | None = None  # the unit in the editor, as last saved or loaded
        self.suggestions: list[Suggestion] = []
        self.loaded = False
        self._dirty = False
        self._save_timer = None
        self._position_timer = None
        self._renderings: dict[tuple, list[dict]] = {}
        self._tm: list[tuple[str, str, str]] = []
        self._lexicon_ready = False
        self.mt_available = importlib.util.find_spec("argostranslate") is not None
        self._mt_running = False
        self._mt_stop = False
        self.message = ""
        self.findings: list[dict] = []

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Static(id="queues")
                yield Static(id="filterline")
                yield UnitList(id="list")
            # Fixed pane sizes: a new unit repaints the panes without a new layout.
            with Vertical(id="right"):
                yield TextPane("Loading the project…", id="source", classes="pane")
                yield TargetEditor(id="target", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
                with Horizontal(id="info"):
                    yield TextPane(id="context", classes="pane")
                    with Vertical(id="checks"):
                        yield TextPane(id="glossary", classes="pane")
                        yield TextPane(id="findings", classes="pane")
                yield TextPane(id="suggestions", classes="pane")
        yield Static(id="statusbar")
        yield Footer()

    def on_mount(self) -> None:
        for wid, title in (("source", "Source"), ("target", "Target (editable)"), ("context", "Context"),
                           ("glossary", "Glossary"), ("findings", "QA"), ("suggestions", "Suggestions")):
            self.query_one(f"#{wid}").border_title = title
        self.sub_title = self.project.name
        self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        try:
            store = Store.open(self.project, create=False)
            glossary = project_glossary(self.project)
            session = ReviewSession(store, glossary, who=self.who)
            session.load()
        except (StoreError, ValueError) as e:
            self.call_from_thread(self._fail, str(e))
            return
        self.call_from_thread(self._loaded, store, session)

    def _fail(self, message: str) -> None:
        self.exit(return_code=2, message=message)

    def _loaded(self, store: Store, session: ReviewSession) -> None:
        # The queues are long-lived: keep the garbage collector from re-scanning them
        # on every collection, so moving through 50,000 units costs what 100 do.
        gc.freeze()
        self.store, self.session = store, session
        self.loaded = True
        self._show_queue()
        self.query_one("#target", TextArea).focus()
        self._load_extras()

    @work(thread=True, exclusive=True, group="extras")
    def _load_extras(self) -> None:
        """What the first paint can do without: other renderings, the translation
        memory, the Russian lexicon for glossary hits in Russian titles."""
        store = self.store
        renderings: dict[tuple, list[dict]] = {}
        for src in store.sources():
            for m in src["members"]:
                renderings[(m["file"], m["kind"], m["number"])] = [
                    o for o in src["members"] if o is not m and o["title"] != m["title"]]
        tm = store.tm_entries()
        if self.session.glossary is not None:
            from ..translit import Lexicon

            Lexicon.get()
        self.call_from_thread(self._extras_loaded, renderings, tm)

    def _extras_loaded(self, renderings, tm) -> None:
        self._renderings, self._tm = renderings, tm
        self._lexicon_ready = True
        if self.row is not None:
            self._show_panes(self.row, self.query_one("#target", TextArea).text)

    # --- showing ------------------------------------------------------------------------

    def _show_queue(self) -> None:
        s = self.session
        self.query_one("#list", UnitList).show(s.view)
        line = self.query_one("#filterline", Static)
        line.update(Text("filter: " + s.filter.describe(), style="yellow") if s.filter.active else "")
        line.display = s.filter.active
        self._show_unit()

    def _show_unit(self) -> None:
        with self.batch_update():  # one repaint for the list and every pane
            self._show_unit_now()

    def _show_unit_now(self) -> None:
        s = self.session
        self.query_one("#list", UnitList).cursor_changed()
        self._update_queues()
        item = s.current_item()
        editor = self.query_one("#target", TextArea)
        if item is None:
            self.row = None
            self._set_editor("")
            editor.read_only = True
            self.query_one("#source", TextPane).update(Text("No unit matches.", style="dim"))
            for wid in ("context", "glossary", "findings", "suggestions"):
                self.query_one(f"#{wid}", TextPane).update("")
            self._update_status()
            return
        editor.read_only = False
        row = s.sync(self.store.unit(item.key))
        self.row = row
        self._set_editor(row.text)
        self._show_panes(row, row.text)
        self._schedule_position()

    def _set_editor(self, text: str) -> None:
        self.query_one("#target", TextArea).load_text(text)
        self._dirty = False

    def _show_panes(self, row: UnitRow, target: str) -> None:
        g = self.session.glossary
        if row.queue == "titles" and not self._lexicon_ready:
            hits = panes.french_hits(g, target, "target")  # Russian hits once the lexicon is loaded
        else:
            hits = panes.unit_hits(g, row, target)
        self.query_one("#source", TextPane).update(panes.source_pane(row, hits))
        self.query_one("#context", TextPane).update(panes.context_pane(row))
        self.query_one("#glossary", TextPane).update(panes.glossary_pane(hits))
        findings = []
        if row.line_start is not None:
            findings = self._qa_view(self.store.findings(row.file, lines=(row.line_start, row.line_end)))
        self.findings = findings
        self.query_one("#findings", TextPane).update(panes.findings_pane(findings))
        self.suggestions = self._cheap_suggestions(row)
        self._render_suggestions()
        if self._tm:
            self._tm_lookup(row.key, row.source)
        self._update_status()

    def _qa_view(self, findings: list[dict]) -> list[dict]:
        """Findings with their severity (the project's QA profile), dismissed ones and
        kinds turned off left out, most severe first."""
        from ..dismissals import is_dismissed, load_dismissals, load_profile, severity_rank

        try:
            profile, dismissed = load_profile(self.project), load_dismissals(self.project)
        except InputError:
            profile, dismissed = {}, []
        out = []
        for f in findings:
            sev = profile.get(f["kind"], "warning")
            if sev != "off" and not is_dismissed(f, dismissed):
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
            where = f"{o['kind']} {o['number'] or ''} in {o['file']}".replace("  ", " ")
            if o["title"] and o["title"] != row.text:
                out.append(Suggestion("rendering", o["title"], where))
        for sug in self.store.suggestions(row.key, kind="mt"):
            out.append(Suggestion("mt", sug["text"], f"{sug['model']} {sug['model_version']}"))
        return out

    @work(thread=True, exclusive=True, group="tm")
    def _tm_lookup(self, key: str, source: str) -> None:
        from ..formats.tmx import tm_matches

        found = [Suggestion("tm", tgt, origin, score) for score, _src, tgt, origin in tm_matches(source, self._tm)]
        self.call_from_thread(self._tm_found, key, found)

    def _tm_found(self, key: str, found: list[Suggestion]) -> None:
        if self.row is None or self.row.key != key or not found:
            return
        others = [s for s in self.suggestions if s.kind != "tm"]
        renderings = [s for s in others if s.kind == "rendering"]
        self.suggestions = renderings + found + [s for s in others if s.kind == "mt"]
        self._render_suggestions()

    def _render_suggestions(self) -> None:
        current = self.query_one("#target", TextArea).text
        self.query_one("#suggestions", TextPane).update(
            panes.suggestions_pane(self.suggestions, current, self.mt_available))

    def _update_queues(self) -> None:
        s = self.session
        t = Text()
        for q in QUEUES:
            done, total = s.progress(q)
            style = "bold reverse" if q == s.queue else "dim"
            t.append(f" {QUEUE_LABELS[q]} {done}/{total} ", style=style)
            t.append(" ")
        self.query_one("#queues", Static).update(t, layout=False)

    def _update_status(self) -> None:
        s = self.session
        t = Text()
        row = self.row
        if row is not None:
            v = s.view
            t.append(f"{v.cursor + 1}/{len(v.visible)} ", style="bold")
            t.append(f"{row.status}", style=panes.STATUS_STYLE.get(row.status, ""))
            # of the saved text: it follows the typing within a second, without a TER per key
            t.append(f"  HTER {panes.hter(row.mt, row.text):.1f}")
            t.append("  unsaved" if self._dirty else "  saved", style="yellow" if self._dirty else "green")
        if self.message:
            t.append("  " + self.message, style="italic")
        self.query_one("#statusbar", Static).update(t, layout=False)

    def _say(self, message: str) -> None:
        self.message = message
        self._update_status()

    # --- saving -------------------------------------------------------------------------

    @on(TextArea.Changed, "#target")
    def _edited(self) -> None:
        if self.row is None:
            return
        # Loading a unit also posts Changed: only a difference from the stored text counts.
        was = self._dirty
        self._dirty = self.query_one("#target", TextArea).text != self.row.text
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
        """Commit the editor's text if it changed. False when it could not be saved
        (a conflict is being shown, or the text is empty)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self._dirty or self.row is None:
            return True
        text = self.query_one("#target", TextArea).text
        if not text.strip():
            self._say("empty target not saved: reject the unit or revert it instead")
            return False
        try:
            self.row = self.session.save_text(self.row, text)
        except ConflictError as e:
            self._conflict(e.current, text)
            return False
        self._dirty = False
        self.message = ""
        self.query_one("#list", UnitList).refresh()
        self._update_queues()
        self._update_status()
        return True

    def _conflict(self, theirs: UnitRow, mine: str) -> None:
        def chosen(choice: str | None) -> None:
            if choice == "mine":
                try:
                    self.row = self.session.save_text(theirs, mine)  # on top of theirs
                except ConflictError as e:  # changed yet again: ask again
                    self._conflict(e.current, mine)
                    return
                self._dirty = False
                self._say("kept your text")
            else:
                self.row = self.session.sync(theirs)
                self._set_editor(theirs.text)
                self._say("took the other reviewer's text")
            self.query_one("#list", UnitList).refresh()
            self._show_panes(self.row, self.query_one("#target", TextArea).text)

        self.push_screen(ConflictScreen(theirs, mine), chosen)

    def _schedule_position(self) -> None:
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_DELAY, self._save_position)

    def _save_position(self) -> None:
        self._position_timer = None
        if self.session is not None:
            self.session.save_position()

    def _act(self, change) -> bool:
        """Run a status change on the current unit, saving the edit first."""
        if self.row is None or not self.flush():
            return False
        try:
            self.row = change(self.row)
        except ConflictError as e:
            self._conflict(e.current, self.query_one("#target", TextArea).text)
            return False
        return True

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # A dialog on top owns the keyboard: the editor's keys wait until it closes.
        if self.screen.is_modal and action not in ("quit", "command_palette"):
            return False
        return True

    def action_move(self, delta: int) -> None:
        if self.loaded and self.flush() and self.session.move(delta):
            self._show_unit()

    @on(UnitList.Moved)
    def _list_moved(self, event: UnitList.Moved) -> None:
        if self.loaded and self.flush():
            self.session.go_to(event.row)
            self._show_unit()

    def action_confirm_next(self) -> None:
        if not self.loaded or self.row is None:
            return
        text = self.query_one("#target", TextArea).text
        if not text.strip():
            self._say("empty target: reject the unit or revert it instead")
            return
        if self._act(lambda r: self.session.set_status(r, "confirmed")):
            self.message = "confirmed"
            if not self.session.next_open():
                self.message = "every unit of this queue is confirmed"
            self._show_unit()
            self.query_one("#target", TextArea).focus()

    def action_reject(self) -> None:
        if self.loaded and self._act(lambda r: self.session.set_status(r, "rejected")):
            self.message = "rejected"
            self.session.move(1)
            self._show_unit()

    def action_revert(self) -> None:
        if not self.loaded or self.row is None:
            return
        self._dirty = False  # the revert replaces whatever was typed
        if self._act(self.session.revert):
            self._set_editor(self.row.text)
            self._show_panes(self.row, self.row.text)
            self._say("reverted to the machine translation")

    def action_switch_queue(self) -> None:
        if self.loaded and self.flush():
            self.session.switch_queue()
            self._show_queue()

    def action_insert(self, n: int) -> None:
        if not self.loaded or self.row is None or n > len(self.suggestions):
            return
        editor = self.query_one("#target", TextArea)
        # an edit like typing: ctrl+z undoes it, the autosave commits it
        editor.replace(self.suggestions[n - 1].text, (0, 0), editor.document.end)
        editor.focus()

    def action_save(self) -> None:
        if self.loaded and self.flush():
            self._say("saved")

    def action_focus_editor(self) -> None:
        self.query_one("#target", TextArea).focus()

    def action_focus_list(self) -> None:
        self.query_one("#list", UnitList).focus()

    def action_filter(self, search: bool = False) -> None:
        if not self.loaded or not self.flush():
            return

        def apply(f) -> None:
            if f is not None:
                self.session.set_filter(f)
                self._show_queue()

        g = self.session.glossary
        self.push_screen(FilterScreen(self.session.filter, self.session.books(), g, focus_search=search), apply)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self._help_rows()))

    def _help_rows(self) -> list[tuple[str, str]]:
        rows = []
        for b in self.BINDINGS:
            rows.append((b.key.replace(",", ", "), self.HELP.get(b.action, b.description)))
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
        if not self.mt_available:
            self._say("MT: install the MT extra first: pip install -e '.[mt]'")
            return
        self._mt_running, self._mt_stop = True, False
        self._translate(self.session.queue)

    @work(thread=True, exclusive=True, group="mt")
    def _translate(self, queue: str) -> None:
        from .. import mt  # imported here: the TUI never loads the MT stack unasked
        from ..text import InputError

        pair = ("ru", "fr") if queue == "titles" else ("fr", "fr")
        try:
            report = mt.translate_units(
                self.store, queue, *pair, glossary=self.session.glossary,
                progress=lambda done, total: self.call_from_thread(self._say, f"MT {done}/{total}"),
                should_stop=lambda: self._mt_stop)
        except (InputError, StoreError) as e:
            self.call_from_thread(self._mt_done, f"MT: {e}")
            return
        self.call_from_thread(self._mt_done, f"MT: {report.translated} new suggestions from {report.model}"
                              f" ({report.skipped} units had one already)" + (", stopped" if report.stopped else ""))

    def _mt_done(self, message: str) -> None:
        self._mt_running = False
        self._say(message)
        if self.row is not None:
            self.suggestions = self._cheap_suggestions(self.row)
            self._render_suggestions()
            if self._tm:
                self._tm_lookup(self.row.key, self.row.source)

    def action_stats(self) -> None:
        if self.loaded and self.flush():
            self.push_screen(StatsScreen(self.store))

    async def action_quit(self) -> None:
        self._mt_stop = True  # a running translation stops after its batch (what is done is kept)
        if self.loaded:
            if not self.flush():
                return  # a conflict or an empty target to settle first
            self.session.save_position()
        self.exit()

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        for action, label in (("confirm_next", "Confirm and next"), ("reject", "Reject"),
                              ("translate", "Machine-translate this queue"),
                              ("revert", "Revert to machine translation"), ("switch_queue", "Switch queue"),
                              ("filter", "Filter and search"), ("stats", "Statistics"), ("help", "Help")):
            yield SystemCommand(label, self.HELP[action], lambda a=action: self.run_action(a))

    def on_unmount(self) -> None:
        # a pending position save must not fire on the closed store: save it now instead
        pending = self._position_timer is not None
        if pending:
            self._position_timer.stop()
            self._position_timer = None
        if self.store is not None:
            if pending and self.session is not None:
                try:
                    self.session.save_position()
                except StoreError:
                    pass  # only the reading position, never reviewer text
            self.store.close()
