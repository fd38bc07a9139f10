"""Re-attachment: what a rebuild does with the units a document had before.

A pure decision over old units (as stored) and new unit seeds (as the pipeline made
them): a unit whose key came back is kept; a unit whose key vanished is dropped when
nobody worked on it, and otherwise follows its sentence by content:

1. exact: the same normalised text (a paragraph inserted before, the file renamed);
2. fuzzy: rapidfuzz ratio of at least REATTACH_MIN_RATIO (a word fixed in the source);
3. neighbours: a lower ratio (ANCHORED_MIN_RATIO) when the sentences on both sides
   came back unchanged (a word fixed in a short sentence);
4. split: the old text matches a run of consecutive new sentences (a sentence split
   in two), and the reviewer's text divides into as many sentences;

or else it is kept as an orphan with the reason (reviewer work is never deleted).
The store only executes the plan, so every backend reconciles the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein, Opcodes

from .model import UnitSeed
from .units import normalise_for_key

REATTACH_MIN_RATIO = 90.0
ANCHORED_MIN_RATIO = 60.0  # both neighbours unchanged: the place is sure, the text may differ more
SPLIT_MAX_PARTS = 4
RENAMED_MIN_SHARE = 0.5  # share of sentences two files must have in common to be one book
_MAX_LINE_PENALTY = 5.0  # points: enough to break ties between repeats, not to beat a better text


class Matchable(Protocol):
    """What similarity matching reads of a unit."""

    @property
    def queue(self) -> str: ...
    @property
    def mt(self) -> str: ...
    @property
    def line_start(self) -> int | None: ...
    @property
    def context(self) -> dict[str, Any]: ...


class OldUnit(Matchable, Protocol):
    """What the decision reads of a stored unit."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def has_reviewer_work(self) -> bool: ...


Old = TypeVar("Old", bound=Matchable)
New = TypeVar("New", bound=Matchable)


def _neighbours(u: Matchable) -> tuple[str, str]:
    ctx = u.context or {}
    return normalise_for_key(ctx.get("prev") or ""), normalise_for_key(ctx.get("next") or "")


def _anchored(o: Matchable, n: Matchable) -> bool:
    """Both sentences around `o` came back around `n` (a missing one, at an article's
    edge, must be missing on both sides; at least one must be present)."""
    a, b = _neighbours(o), _neighbours(n)
    return a == b and any(a)


def how_matched(ratio: float) -> str:
    return "exact" if ratio >= 100 else "fuzzy" if ratio >= REATTACH_MIN_RATIO else "neighbours"


def pair_up(old: Sequence[Old], new: Sequence[New]) -> list[tuple[Old, New, float]]:
    """Greedy best-first matching of units that lost their key to new units:
    (old, new, similarity) pairs, best first, each unit used at most once.

    Text similarity (of the normalised machine translations, same queue, at least
    REATTACH_MIN_RATIO, or ANCHORED_MIN_RATIO between unchanged neighbours) decides;
    line distance costs at most 5 points, enough to pick the nearest of several
    identical sentences without overriding a clearly better text. Ties go to the
    earlier old unit, then the earlier new unit."""
    norms = [normalise_for_key(c.mt) for c in new]
    scored: list[tuple[float, float, int, int]] = []
    for i, o in enumerate(old):
        a = normalise_for_key(o.mt)
        for j, n in enumerate(new):
            if n.queue != o.queue or not a or not norms[j]:
                continue
            ratio = fuzz.ratio(a, norms[j], score_cutoff=ANCHORED_MIN_RATIO)
            if ratio and (ratio >= REATTACH_MIN_RATIO or _anchored(o, n)):
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

    @property
    def how(self) -> str:
        return how_matched(self.ratio)


@dataclass(frozen=True, slots=True)
class Split:
    """The old sentence now reads as several: the reviewer's row is re-keyed onto the
    first part, each later part (a new unit) receives its share of the reviewer's text
    and status. `parts` are (new_key, text, status) in reading order."""

    old_id: int
    old_key: str
    parts: tuple[tuple[str, str, str], ...]
    ratio: float
    how: str = "split"


@dataclass(frozen=True, slots=True)
class ReattachPlan:
    keep: tuple[str, ...]  # keys both old and new: the stored unit is updated in place
    insert: tuple[str, ...]  # new keys that become new units (moves and first split parts not included)
    drop: tuple[int, ...]  # ids of old units whose key vanished, nobody worked on them
    move: tuple[Move, ...]  # worked-on units re-attached, best match first
    orphan: tuple[int, ...]  # ids of worked-on units with no new home (kept, flagged)
    split: tuple[Split, ...] = ()  # worked-on units whose sentence was split
    why: Mapping[int, str] = field(default_factory=dict)  # orphan id -> the reason, for the report


def _unit_order(seed: UnitSeed, age: tuple[int, int]) -> tuple[bool, int, bool, int, tuple[int, int]]:
    # The store's unit order: segment index, first line (missing ones first), then age.
    s, ln = seed.segment_index, seed.line_start
    return (s is not None, s or 0, ln is not None, ln or 0, age)


def _find_split(o: OldUnit, new: Sequence[UnitSeed], free: Sequence[bool]) -> tuple[int, int, float] | None:
    """The run new[i:j] (2 to SPLIT_MAX_PARTS consecutive free units of one segment)
    whose joined text best matches `o`'s, at least REATTACH_MIN_RATIO."""
    a = normalise_for_key(o.mt)
    best: tuple[int, int, float] | None = None
    for i in range(len(new)):
        if not free[i] or new[i].queue != o.queue:
            continue
        joined = normalise_for_key(new[i].mt)
        for j in range(i + 1, min(len(new), i + SPLIT_MAX_PARTS)):
            if not free[j] or new[j].segment_index != new[i].segment_index:
                break
            joined += " " + normalise_for_key(new[j].mt)
            if len(joined) > len(a) * 1.2:
                break
            ratio = fuzz.ratio(a, joined, score_cutoff=REATTACH_MIN_RATIO)
            if ratio and (best is None or ratio > best[2]):
                best = (i, j + 1, ratio)
    return best


def _map_offset(ops: Opcodes, pos: int) -> int:
    """Where offset `pos` of an edit's source lands in its destination."""
    for op in ops:
        if op.src_start <= pos < op.src_end or (op.src_start == op.src_end == pos):
            if op.tag == "equal":
                return op.dest_start + pos - op.src_start
            return op.dest_start if pos - op.src_start < (op.src_end - op.src_start) / 2 else op.dest_end
    return ops[-1].dest_end if ops else pos


def _bare(t: str) -> str:
    return normalise_for_key(t).rstrip(" .!?,;:")


def _cut(text: str, pieces: Sequence[str], old_mt: str) -> tuple[list[str], list[str]] | None:
    """Cut `old_mt` where it now reads as `pieces`, and the reviewer's `text` (a
    correction of `old_mt`) at the same places: boundaries carried through character
    alignments, snapped to the nearest space. Returns (text parts, old_mt parts)."""
    joined = " ".join(pieces)
    to_old = Levenshtein.opcodes(joined, old_mt)
    to_text = Levenshtein.opcodes(old_mt, text)
    mt_cuts, text_cuts, pos = [], [], 0
    for piece in pieces[:-1]:
        pos += len(piece)
        at_mt = _map_offset(to_old, pos)
        at = _map_offset(to_text, at_mt)
        spaces = [m for m in range(max(0, at - 12), min(len(text), at + 12)) if text[m].isspace()]
        if not spaces:
            return None
        mt_cuts.append(at_mt)
        text_cuts.append(min(spaces, key=lambda m: abs(m - at)))
        pos += 1

    def parts(s: str, cuts: list[int]) -> list[str]:
        bounds = [0, *cuts, len(s)]
        return [s[bounds[k]:bounds[k + 1]].strip() for k in range(len(bounds) - 1)]

    return parts(text, text_cuts), parts(old_mt, mt_cuts)


def _like(part: str, piece: str) -> str:
    """`part` ending and beginning as its new sentence does."""
    end = piece.rstrip()[-1:]
    if end in ".!?" and part[-1:] in (",", ";", ":"):
        part = part[:-1] + end
    elif end in ".!?" and part[-1:].isalnum():
        part += end
    if piece[:1].isupper() and part[:1].islower():
        part = part[0].upper() + part[1:]
    return part


def _divide(o: OldUnit, status: str, pieces: Sequence[UnitSeed]) -> tuple[tuple[str, str], ...] | None:
    """(text, status) per new sentence, or None when the reviewer's text does not
    divide the same way (then the edit is listed, not guessed). A part the reviewer
    corrected takes the corrected words; a part they left as it was takes its new
    machine translation. A part whose machine translation changed beyond the cut
    (words the reviewer never saw) goes back to draft."""
    cut = _cut(o.text, [p.mt for p in pieces], o.mt)
    if cut is None:
        return None
    out = []
    for part, seen, piece in zip(*cut, pieces, strict=True):
        if not part or not seen:
            return None
        same_source = _bare(seen) == _bare(piece.mt)
        if _bare(part) == _bare(seen):  # left as it was
            text = piece.mt
        elif fuzz.ratio(normalise_for_key(part), normalise_for_key(piece.mt)) >= ANCHORED_MIN_RATIO:
            text = _like(part, piece.mt)
        else:
            return None
        out.append((text, status if same_source or status in ("new", "draft") else "draft"))
    return tuple(out)


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
    splits: list[Split] = []
    why: dict[int, str] = {}
    if worked:
        ranked = []
        pristine = []
        for pos, s in enumerate(new):
            stored = by_key.get(s.key)
            busy = stored is not None and stored.has_reviewer_work
            pristine.append(not busy)
            if busy:
                continue
            age = (0, stored.id) if stored is not None else (1, pos)
            ranked.append((_unit_order(s, age), s))
        candidates = [s for _, s in sorted(ranked, key=lambda t: t[0])]
        moves = [Move(o.id, o.key, n.key, ratio) for o, n, ratio in pair_up(worked, candidates)]
        taken = {m.new_key for m in moves}
        moved = {m.old_id for m in moves}
        free = [ok and s.key not in taken for ok, s in zip(pristine, new, strict=True)]
        for o in worked:
            if o.id in moved:
                continue
            found = _find_split(o, new, free)
            if found is None:
                why[o.id] = "sentence not found in rebuild (no new sentence of this book is similar enough)"
                continue
            i, j, ratio = found
            keys = [s.key for s in new[i:j]]
            texts = _divide(o, o.status, new[i:j])
            if texts is None:
                why[o.id] = (f"sentence split into {j - i} ({', '.join(keys)}); the reviewer's text"
                             " does not divide into as many sentences")
                continue
            for k in range(i, j):
                free[k] = False
            parts = tuple((k, t, st) for k, (t, st) in zip(keys, texts, strict=True))
            splits.append(Split(o.id, o.key, parts, round(ratio, 1)))
    placed = {m.old_id for m in moves} | {s.old_id for s in splits}
    first_parts = {m.new_key for m in moves} | {s.parts[0][0] for s in splits}
    return ReattachPlan(
        keep=keep,
        insert=tuple(s.key for s in new if s.key not in by_key and s.key not in first_parts),
        drop=drop,
        move=tuple(moves),
        orphan=tuple(u.id for u in worked if u.id not in placed),
        split=tuple(splits),
        why=why,
    )


def recognise_renamed(
    gone: Mapping[str, Iterable[str]], arrived: Mapping[str, Iterable[str]],
    min_share: float = RENAMED_MIN_SHARE,
) -> dict[str, tuple[str, float]]:
    """Which new file is which vanished one, by content: {new name: (old name, share)}.

    Each file is given by its sentences; the share is the part of the smaller file's
    distinct sentences (normalised) found in the other. A renamed file shares all of
    them, a re-extracted one most; two different books of the series share a few
    citations at most. Best pairs first, each file used once."""
    def norm(texts: Iterable[str]) -> set[str]:
        return {t for t in map(normalise_for_key, texts) if t}

    old_sets = {name: norm(t) for name, t in gone.items()}
    new_sets = {name: norm(t) for name, t in arrived.items()}
    scored = []
    for new_name, b in new_sets.items():
        for old_name, a in old_sets.items():
            if a and b:
                share = len(a & b) / min(len(a), len(b))
                if share >= min_share:
                    scored.append((share, new_name, old_name))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    out: dict[str, tuple[str, float]] = {}
    used: set[str] = set()
    for share, new_name, old_name in scored:
        if new_name not in out and old_name not in used:
            out[new_name] = (old_name, round(share, 3))
            used.add(old_name)
    return out
