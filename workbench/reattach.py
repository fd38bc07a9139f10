"""Re-attachment: what a rebuild does with the units a document had before.

A pure decision over old units (as stored) and new unit seeds (as the pipeline made
them): a unit whose key came back is kept; a unit whose key vanished is dropped when
nobody worked on it, moved onto the most similar pristine new unit when somebody did,
or else kept as an orphan (reviewer work is never deleted). The store only executes
the plan, so every backend reconciles the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from rapidfuzz import fuzz

from .model import UnitSeed
from .units import normalise_for_key

REATTACH_MIN_RATIO = 90.0
_MAX_LINE_PENALTY = 5.0  # points: enough to break ties between repeats, not to beat a better text


class Matchable(Protocol):
    """What similarity matching reads of a unit."""

    @property
    def queue(self) -> str: ...
    @property
    def mt(self) -> str: ...
    @property
    def line_start(self) -> int | None: ...


class OldUnit(Matchable, Protocol):
    """What the decision reads of a stored unit."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def has_reviewer_work(self) -> bool: ...


Old = TypeVar("Old", bound=Matchable)
New = TypeVar("New", bound=Matchable)


def pair_up(old: Sequence[Old], new: Sequence[New]) -> list[tuple[Old, New, float]]:
    """Greedy best-first matching of units that lost their key to new units:
    (old, new, similarity) pairs, best first, each unit used at most once.

    Text similarity (of the normalised machine translations, same queue, at least
    REATTACH_MIN_RATIO) decides; line distance costs at most 5 points, enough to pick
    the nearest of several identical sentences without overriding a clearly better
    text. Ties go to the earlier old unit, then the earlier new unit."""
    norms = [normalise_for_key(c.mt) for c in new]
    scored: list[tuple[float, float, int, int]] = []
    for i, o in enumerate(old):
        a = normalise_for_key(o.mt)
        for j, n in enumerate(new):
            if n.queue != o.queue or not a or not norms[j]:
                continue
            ratio = fuzz.ratio(a, norms[j], score_cutoff=REATTACH_MIN_RATIO)
            if ratio:
                dist = abs((o.line_start or 0) - (n.line_start or 0))
                scored.append((ratio - min(dist, 100) / 20, ratio, i, j))
    scored.sort(key=lambda t: (-t[0], t[2], t[3]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, ratio, i, j in scored:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old[i], new[j], round(ratio, 1)))
    return pairs


@dataclass(frozen=True, slots=True)
class Move:
    """Re-key the reviewer's unit `old_id` onto the new unit `new_key` (its history
    goes with it; the pristine unit that would have had the key is not kept)."""

    old_id: int
    old_key: str
    new_key: str
    ratio: float


@dataclass(frozen=True, slots=True)
class ReattachPlan:
    keep: tuple[str, ...]  # keys both old and new: the stored unit is updated in place
    insert: tuple[str, ...]  # new keys that become new units (moves not included)
    drop: tuple[int, ...]  # ids of old units whose key vanished, nobody worked on them
    move: tuple[Move, ...]  # worked-on units re-attached, best match first
    orphan: tuple[int, ...]  # ids of worked-on units with no new home (kept, flagged)


def _unit_order(seed: UnitSeed, age: tuple[int, int]) -> tuple[bool, int, bool, int, tuple[int, int]]:
    # The store's unit order: segment index, first line (missing ones first), then age.
    s, ln = seed.segment_index, seed.line_start
    return (s is not None, s or 0, ln is not None, ln or 0, age)


def plan_reattachment(old: Sequence[OldUnit], new: Sequence[UnitSeed]) -> ReattachPlan:
    """Decide what a rebuild does with a document's `old` units given its `new` seeds.

    Candidates for a move are the new units nobody worked on: new keys and kept keys
    of pristine units (after the rebuild they carry the seed's text and lines). They
    are matched in the store's unit order, stored units before new ones (a stored
    unit is older), so the tie-breaks of `pair_up` do not depend on the backend."""
    new_keys = {s.key for s in new}
    by_key = {u.key: u for u in old}
    keep = tuple(s.key for s in new if s.key in by_key)
    worked = [u for u in old if u.key not in new_keys and u.has_reviewer_work]
    drop = tuple(u.id for u in old if u.key not in new_keys and not u.has_reviewer_work)
    moves: list[Move] = []
    if worked:
        ranked = []
        for pos, s in enumerate(new):
            stored = by_key.get(s.key)
            if stored is not None and stored.has_reviewer_work:
                continue
            age = (0, stored.id) if stored is not None else (1, pos)
            ranked.append((_unit_order(s, age), s))
        candidates = [s for _, s in sorted(ranked, key=lambda t: t[0])]
        moves = [Move(o.id, o.key, n.key, ratio) for o, n, ratio in pair_up(worked, candidates)]
    moved_ids = {m.old_id for m in moves}
    moved_keys = {m.new_key for m in moves}
    return ReattachPlan(
        keep=keep,
        insert=tuple(s.key for s in new if s.key not in by_key and s.key not in moved_keys),
        drop=drop,
        move=tuple(moves),
        orphan=tuple(u.id for u in worked if u.id not in moved_ids),
    )
