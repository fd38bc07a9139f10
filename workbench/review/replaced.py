"""Confirmed work replaced by someone else, read from the units' history.

A reviewer confirms a text; another reviewer later changes that text (keeps theirs
in a conflict, edits or reverts a confirmed unit). The first reviewer must learn it:
the review screen says so on their next visit to the unit (and remembers, per
reviewer, what it has told), and `workbench status` counts such units per reviewer.

Pure functions over `HistoryRow`s; the setting that remembers what was shown is
read and written by the callers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..storage.base import HistoryRow

SEEN_SETTING = "review.replaced_seen"  # + ".<who>": {unit id: the last history id shown}
NOT_REVIEWERS = frozenset({"build"})  # rebuilds move units; they never rewrite a reviewer's text


@dataclass(frozen=True)
class Replaced:
    unit_id: int
    key: str  # the unit's key when it was replaced
    by: str
    at: str
    history_id: int  # the replacing row
    mine: str  # the confirmed text that was replaced
    now: str  # the text it was replaced with


def replaced_for(rows: Sequence[HistoryRow], who: str) -> Replaced | None:
    """The latest replacement of `who`'s confirmed text in one unit's history, or
    None: `who` never confirmed it, nobody else changed the text since, or `who`
    acted on the unit again since (they have seen it and decided)."""
    mine: str | None = None
    hit: Replaced | None = None
    for h in rows:
        if h.action == "aside" or h.who in NOT_REVIEWERS:
            continue  # a text set aside never was the unit's; a rebuild keeps the text
        if h.who == who:
            mine = h.new_text if h.new_status == "confirmed" else None  # their latest action decides
            hit = None
            continue
        if mine is None or h.new_text is None or h.new_text == h.old_text:
            continue
        hit = None if h.new_text == mine else Replaced(h.unit_id, h.unit_key, h.who, h.at, h.id, mine, h.new_text)
    return hit


def replaced_by_reviewer(rows: Iterable[HistoryRow]) -> dict[str, list[Replaced]]:
    """Every reviewer's replaced confirmations, over many units' history rows (in
    history order)."""
    by_unit: dict[int, list[HistoryRow]] = defaultdict(list)
    for h in rows:
        by_unit[h.unit_id].append(h)
    out: dict[str, list[Replaced]] = defaultdict(list)
    for unit_rows in by_unit.values():
        confirmers = {h.who for h in unit_rows if h.new_status == "confirmed" and h.who not in NOT_REVIEWERS}
        for who in sorted(confirmers):
            r = replaced_for(unit_rows, who)
            if r is not None:
                out[who].append(r)
    return dict(out)


def unseen(found: Iterable[Replaced], seen: dict[str, Any] | None) -> list[Replaced]:
    """Those not shown yet to the reviewer (`seen`: their SEEN_SETTING value)."""
    seen = seen or {}
    return [r for r in found if int(seen.get(str(r.unit_id), 0)) < r.history_id]


def mark_seen(seen: dict[str, Any] | None, r: Replaced) -> dict[str, Any]:
    return {**(seen or {}), str(r.unit_id): r.history_id}


def status_counts(rows: Iterable[HistoryRow], seen_of) -> dict[str, dict[str, int]]:
    """{reviewer: {"replaced": n, "not yet seen": m}} for `workbench status`;
    `seen_of(who)` gives a reviewer's SEEN_SETTING value."""
    return {who: {"replaced": len(found), "not yet seen": len(unseen(found, seen_of(who)))}
            for who, found in sorted(replaced_by_reviewer(rows).items())}
