"""The re-attachment decision, without a database: old units x new seeds -> plan."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.model import UnitSeed
from workbench.reattach import REATTACH_MIN_RATIO, Move, pair_up, plan_reattachment

F = "000_test.txt"


@dataclass(frozen=True)
class Old:
    id: int
    key: str
    mt: str
    line_start: int | None
    has_reviewer_work: bool
    queue: str = "sentences"


def seed(key: str, mt: str, line: int, queue: str = "sentences", segment: int = 0) -> UnitSeed:
    return UnitSeed(key=key, file=F, queue=queue, source=mt, mt=mt, line_start=line,
                    line_end=line, segment_index=segment)


SENT = "Le ministre a annoncé une nouvelle usine de tracteurs à Minsk."
SENT_FIXED = "Le ministre a annoncé une nouvelle usine de tracteurs à Minsk !"  # a cleaner's fix


def test_kept_keys_stay_and_pristine_vanished_units_are_dropped() -> None:
    old = [Old(1, "a", "Bonjour.", 1, True), Old(2, "b", "Au revoir.", 2, False)]
    plan = plan_reattachment(old, [seed("a", "Bonjour.", 1), seed("c", "Tout autre chose.", 3)])
    assert plan.keep == ("a",)
    assert plan.drop == (2,)
    assert plan.insert == ("c",)
    assert plan.move == () and plan.orphan == ()


def test_worked_unit_moves_to_the_similar_new_unit_not_a_different_one() -> None:
    old = [Old(7, "old", SENT, 10, True)]
    new = [seed("x", "Une phrase sans aucun rapport avec la précédente.", 10), seed("y", SENT_FIXED, 11)]
    plan = plan_reattachment(old, new)
    assert plan.move == (Move(7, "old", "y", plan.move[0].ratio),)
    assert plan.move[0].ratio >= REATTACH_MIN_RATIO
    assert plan.insert == ("x",)  # the moved-onto key is the reviewer's row, not a new unit
    assert plan.orphan == () and plan.drop == ()


def test_worked_unit_without_a_home_is_orphaned_never_dropped() -> None:
    old = [Old(3, "gone", SENT, 5, True)]
    plan = plan_reattachment(old, [seed("z", "Rien à voir.", 5)])
    assert plan.orphan == (3,) and plan.drop == () and plan.move == ()


def test_nearest_of_identical_repeats_wins() -> None:
    old = [Old(4, "old", SENT, 100, True)]
    new = [seed("far", SENT_FIXED, 10), seed("near", SENT_FIXED, 98)]
    assert [m.new_key for m in plan_reattachment(old, new).move] == ["near"]


def test_only_pristine_units_receive_work_and_queues_never_mix() -> None:
    old = [Old(5, "old", SENT, 1, True), Old(6, "busy", SENT_FIXED, 2, True)]
    new = [seed("busy", SENT_FIXED, 2), seed("title", SENT_FIXED, 1, queue="titles")]
    plan = plan_reattachment(old, new)
    assert plan.move == () and plan.orphan == (5,)  # "busy" has its own reviewer work


def test_a_kept_pristine_unit_can_receive_work_before_a_new_one() -> None:
    # Same text and line: the stored (older) unit wins the tie, as the store orders units.
    old = [Old(8, "old", SENT, 1, True), Old(9, "kept", SENT_FIXED, 1, False)]
    new = [seed("fresh", SENT_FIXED, 1), seed("kept", SENT_FIXED, 1)]
    plan = plan_reattachment(old, new)
    assert [m.new_key for m in plan.move] == ["kept"]
    assert plan.insert == ("fresh",)


def test_pair_up_uses_each_unit_once_best_first() -> None:
    a, b = Old(1, "a", SENT, 1, True), Old(2, "b", SENT_FIXED, 1, True)
    pairs = pair_up([a, b], [seed("n", SENT_FIXED, 1)])
    assert [(o.key, n.key, r) for o, n, r in pairs] == [("b", "n", 100.0)]
