"""The review session: queues, filters, position and reviewer actions, without any UI.

The TUI is a thin layer over this class, so every workflow (edit, confirm, reject,
revert, conflict, reopen) is testable without a terminal. All writes go through the
store, one transaction each, with the version the reviewer saw: a unit another
reviewer changed meanwhile raises `ConflictError` instead of being overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import QUEUE_LABELS, QUEUES, REVIEWED_STATUSES
from ..storage.base import UnitIndexRow
from ..store import ConflictError, SQLiteStore, UnitRow
from ..terms import Glossary, ru_title_concepts

DONE = frozenset(REVIEWED_STATUSES)
POSITION_SETTING = "review.position"
LABEL_CHARS = 80

__all__ = ["QUEUES", "QUEUE_LABELS", "ConflictError", "Filter", "Item", "ReviewSession"]


@dataclass(slots=True)
class Item:
    """One row of the segment list: what the list shows, nothing more."""
    key: str
    file: str
    status: str
    score: float | None
    number: int | None
    source: str
    text: str
    version: int

    @property
    def label(self) -> str:
        return (self.text.strip() or self.source)[:LABEL_CHARS]

    @classmethod
    def from_row(cls, r: UnitIndexRow) -> Item:
        return cls(key=r.key, file=r.file, status=r.status, score=r.score, number=r.number,
                   source=r.source, text=r.text, version=r.version)


@dataclass(frozen=True)
class Filter:
    statuses: frozenset[str] = frozenset()  # empty: every status
    book: str | None = None
    with_findings: bool = False
    term: str | None = None  # a glossary concept id
    search: str = ""  # case-insensitive, in source and target

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.book or self.with_findings or self.term or self.search)

    def describe(self) -> str:
        parts = []
        if self.statuses:
            parts.append("status " + ",".join(sorted(self.statuses)))
        if self.book:
            parts.append("book " + self.book)
        if self.with_findings:
            parts.append("with QA findings")
        if self.term:
            parts.append("term " + self.term)
        if self.search:
            parts.append(f"/{self.search}")
        return "; ".join(parts)


@dataclass
class QueueView:
    items: list[Item]
    visible: list[int]  # indexes into items, in order, after the filter
    cursor: int = 0  # index into visible
    by_key: dict[str, int] = field(default_factory=dict)
    done: int = 0  # items confirmed or approved, kept up to date by the session


class ReviewSession:
    def __init__(self, store: SQLiteStore, glossary: Glossary | None = None, who: str = "reviewer"):
        self.store = store
        self.glossary = glossary
        self.who = who
        self.queue = "titles"
        self.filter = Filter()
        self.views: dict[str, QueueView] = {}
        self._findings: set[str] | None = None
        self._term_cache: dict[str, set[str]] = {}

    # --- loading ------------------------------------------------------------------

    def load(self) -> None:
        self._load_views()
        # each reviewer's own place; the shared one of older projects as a start
        pos = self.store.setting(self._position_setting) or self.store.setting(POSITION_SETTING) or {}
        for q in QUEUES:
            key = (pos.get("keys") or {}).get(q)
            view = self.views[q]
            i = view.by_key.get(key) if key else None
            view.cursor = i if i is not None else self._first_open(view)
        if pos.get("queue") in QUEUES:
            self.queue = pos["queue"]
        elif not self.views["titles"].items and self.views["sentences"].items:
            self.queue = "sentences"

    def _load_views(self) -> None:
        for q in QUEUES:
            items = [Item.from_row(row) for row in self.store.unit_index(q)]
            self.views[q] = QueueView(items, list(range(len(items))),
                                      by_key={it.key: i for i, it in enumerate(items)},
                                      done=sum(it.status in DONE for it in items))

    def reload(self) -> None:
        """Read the queues again (after a rebuild added, removed or re-keyed units),
        keeping the filter and, where they still exist, the units under the cursors."""
        keep = {q: self.current_item(q) for q in QUEUES}
        cursors = {q: v.cursor for q, v in self.views.items()}
        self._findings = None
        self._term_cache.clear()
        self._load_views()
        self.set_filter(self.filter)
        for q, v in self.views.items():
            it = keep[q]
            pos = next((n for n, i in enumerate(v.visible) if v.items[i].key == it.key), None) if it else None
            v.cursor = pos if pos is not None else min(cursors.get(q, 0), max(0, len(v.visible) - 1))

    def go_to_key(self, key: str) -> bool:
        """Show the unit `key` (in its queue, clearing a filter that hides it)."""
        for q, v in self.views.items():
            i = v.by_key.get(key)
            if i is None:
                continue
            if i not in v.visible:
                self.set_filter(Filter())
            self.queue = q
            v.cursor = v.visible.index(i)
            return True
        return False

    @property
    def _position_setting(self) -> str:
        return f"{POSITION_SETTING}.{self.who}"

    @staticmethod
    def _first_open(view: QueueView) -> int:
        for n, i in enumerate(view.visible):
            if view.items[i].status not in DONE:
                return n
        return 0

    def save_position(self) -> None:
        self.store.set_setting(self._position_setting, {
            "queue": self.queue,
            "keys": {q: (it.key if (it := self.current_item(q)) else None) for q in QUEUES},
        })

    # --- navigation ---------------------------------------------------------------

    @property
    def view(self) -> QueueView:
        return self.views[self.queue]

    def current_item(self, queue: str | None = None) -> Item | None:
        v = self.views.get(queue or self.queue)
        if not v or not v.visible:
            return None
        v.cursor = max(0, min(v.cursor, len(v.visible) - 1))
        return v.items[v.visible[v.cursor]]

    def current(self) -> UnitRow | None:
        item = self.current_item()
        return self.store.unit(item.key) if item else None

    def move(self, delta: int) -> bool:
        v = self.view
        new = max(0, min(v.cursor + delta, len(v.visible) - 1))
        moved = new != v.cursor
        v.cursor = new
        return moved

    def go_to(self, row: int) -> None:
        self.view.cursor = max(0, min(row, len(self.view.visible) - 1))

    def next_open(self) -> bool:
        """Move to the next unit (after the current one, wrapping) that is not done
        nor rejected: both are decided, confirm+next goes to what still waits."""
        v = self.view
        n = len(v.visible)
        for step in range(1, n + 1):
            j = (v.cursor + step) % n
            if v.items[v.visible[j]].status not in DONE | {"rejected"}:
                v.cursor = j
                return True
        return False

    def switch_queue(self, queue: str | None = None) -> None:
        self.queue = queue or QUEUES[(QUEUES.index(self.queue) + 1) % len(QUEUES)]

    # --- filtering ----------------------------------------------------------------

    def books(self) -> list[str]:
        return sorted({it.file for v in self.views.values() for it in v.items})

    def set_filter(self, f: Filter) -> None:
        keep = {q: self.current_item(q) for q in QUEUES}
        self.filter = f
        if f.with_findings and self._findings is None:
            self._findings = self.store.keys_with_findings()
        for q, v in self.views.items():
            v.visible = [i for i, it in enumerate(v.items) if self._matches(q, it, f)]
            kept = keep[q]
            pos = next((n for n, i in enumerate(v.visible) if v.items[i].key == kept.key), None) if kept else None
            v.cursor = pos if pos is not None else 0

    def _matches(self, queue: str, it: Item, f: Filter) -> bool:
        if f.statuses and it.status not in f.statuses:
            return False
        if f.book and it.file != f.book:
            return False
        if f.with_findings and it.key not in (self._findings or ()):
            return False
        if f.search:
            needle = f.search.casefold()
            if needle not in it.source.casefold() and needle not in it.text.casefold():
                return False
        return not (f.term and it.key not in self._term_keys(f.term))

    def _term_keys(self, cid: str) -> set[str]:
        """Units whose target (French) or source contains the concept."""
        if cid not in self._term_cache:
            keys = set()
            g = self.glossary
            if g is not None:
                for q, v in self.views.items():
                    for it in v.items:
                        if any(h.concept.id == cid for h in g.find(it.text)) or (q == "titles" and cid in ru_title_concepts(g, it.source)):
                            keys.add(it.key)
            self._term_cache[cid] = keys
        return self._term_cache[cid]

    # --- actions ------------------------------------------------------------------

    def _refresh_item(self, row: UnitRow) -> None:
        v = self.views.get(row.queue)
        if v is None:
            return
        i = v.by_key.get(row.key)
        if i is not None:
            v.done += (row.status in DONE) - (v.items[i].status in DONE)
            v.items[i] = replace(v.items[i], status=row.status, text=row.text, version=row.version)

    def sync(self, row: UnitRow) -> UnitRow:
        """Record what the store holds now (after a load or another reviewer's change)."""
        self._refresh_item(row)
        return row

    def follow(self, row: UnitRow) -> UnitRow | None:
        """The unit `row` became after a rebuild re-keyed it (or put a new unit in its
        place): the list item takes the new key. None when it is gone for good."""
        new = self.store.successor(row)
        if new is None:
            return None
        v = self.views.get(row.queue)
        if v is not None and new.key != row.key:
            i = v.by_key.pop(row.key, None)
            j = v.by_key.get(new.key)
            if i is not None and j is None:  # the list shows it under its new key
                v.by_key[new.key] = i
                v.items[i] = replace(v.items[i], key=new.key)
            elif i is not None:
                v.by_key[row.key] = i  # the new key has its own row: leave the list as it is
        self._refresh_item(new)
        return new

    def find_recovered(self, rec) -> UnitRow | None:
        """The unit a recovery file (`recovery.Recovery`) is for, as the store holds it
        now: by its permanent id, else by key, else where a rebuild put it."""
        if rec.unit_id is not None:
            u = self.store.unit_by_id(rec.unit_id)
            if u is not None and (u.key == rec.key or u.mt == rec.mt):  # ids of deleted rows may be reused
                return u
        u = self.store.unit(rec.key)
        if u is not None:
            return u
        if not rec.mt:
            return None
        ghost = UnitRow(id=-1, key=rec.key, file=rec.file, queue=rec.queue, source="", mt=rec.mt,
                        text=rec.base_text, status="new", origin="mt", version=0,
                        line_start=rec.line_start, line_end=rec.line_start, segment_index=None,
                        article=None, context={}, orphaned=False, note="", history_count=0,
                        created_at="", updated_at="")
        return self.store.successor(ghost)

    def set_aside(self, row: UnitRow, text: str, reason: str) -> UnitRow:
        """Keep `text` in the unit's history without making it the unit's text."""
        return self.store.set_aside(row.key, text, who=self.who, reason=reason)

    def save_text(self, row: UnitRow, text: str) -> UnitRow:
        """Save an edit made on `row` (the version the reviewer saw). Unchanged text is
        not an action. Raises ConflictError if the unit changed meanwhile."""
        if text == row.text:
            return row
        new = self.store.edit(row.key, text, who=self.who, expected_version=row.version)
        self._refresh_item(new)
        return new

    def set_status(self, row: UnitRow, status: str) -> UnitRow:
        new = self.store.set_status(row.key, status, who=self.who, expected_version=row.version)
        self._refresh_item(new)
        return new

    def confirm(self, row: UnitRow, text: str) -> UnitRow:
        """Save the text (its own transaction), then the status (another one)."""
        if text.strip():
            row = self.save_text(row, text)
        return self.set_status(row, "confirmed")

    def revert(self, row: UnitRow) -> UnitRow:
        new = self.store.revert(row.key, who=self.who, expected_version=row.version)
        self._refresh_item(new)
        return new

    # --- progress -----------------------------------------------------------------

    def progress(self, queue: str) -> tuple[int, int]:
        v = self.views[queue]
        return v.done, len(v.items)
