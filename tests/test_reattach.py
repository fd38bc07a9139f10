"""The re-attachment decision, without a database: old units x new seeds -> plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.model import UnitSeed
from workbench.reattach import (
    ANCHORED_MIN_RATIO,
    REATTACH_MIN_RATIO,
    Move,
    pair_up,
    plan_reattachment,
    recognise_renamed,
)

F = "000_test.txt"


@dataclass(frozen=True)
class Old:
    id: int
    key: str
    mt: str
    line_start: int | None
    has_reviewer_work: bool
    queue: str = "sentences"
    context: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    status: str = "confirmed"

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.mt)


def seed(key: str, mt: str, line: int, queue: str = "sentences", segment: int = 0,
         context: dict[str, Any] | None = None) -> UnitSeed:
    return UnitSeed(key=key, file=F, queue=queue, source=mt, mt=mt, line_start=line,
                    line_end=line, segment_index=segment, context=context or {})


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


PREV, NEXT = "La phrase d'avant reste la même.", "Celle d'après aussi."
SHORT = "La coopération dans le domaine de l'éducation se développe également."
REWORDED = "La coopération dans le domaine de l'enseignement se renforce également."


def test_a_reworded_short_sentence_follows_only_between_unchanged_neighbours() -> None:
    around = {"prev": PREV, "next": NEXT}
    old = [Old(1, "old", SHORT, 10, True, context=around)]
    placed = plan_reattachment(old, [seed("new", REWORDED, 10, context=around)])
    [move] = placed.move
    assert move.how == "neighbours" and ANCHORED_MIN_RATIO <= move.ratio < REATTACH_MIN_RATIO
    elsewhere = plan_reattachment(old, [seed("new", REWORDED, 10, context={"prev": "Autre.", "next": NEXT})])
    assert elsewhere.move == () and elsewhere.orphan == (1,)
    assert "not found" in elsewhere.why[1]


def test_an_unrelated_sentence_between_the_same_neighbours_is_no_home() -> None:
    around = {"prev": PREV, "next": NEXT}
    old = [Old(1, "old", SHORT, 10, True, context=around)]
    plan = plan_reattachment(old, [seed("new", "Rien de commun avec la phrase corrigée.", 10, context=around)])
    assert plan.move == () and plan.orphan == (1,)


LONG = ("Les parties ont convenu de créer des entreprises communes dans le domaine de la"
        " construction de machines agricoles.")
PART1 = "Les parties ont convenu de créer des entreprises communes."
PART2 = "Elles travailleront dans le domaine de la construction de machines agricoles."


def test_a_split_sentence_divides_the_reviewers_text() -> None:
    old = [Old(1, "old", LONG, 5, True, text=LONG.replace("créer", "fonder").replace("agricoles", "de ferme"))]
    new = [seed("a", PART1, 5), seed("b", PART2, 5), seed("c", "Autre chose.", 6)]
    plan = plan_reattachment(old, new)
    assert plan.move == () and plan.orphan == ()
    [split] = plan.split
    assert split.parts == (
        ("a", "Les parties ont convenu de fonder des entreprises communes.", "confirmed"),
        # corrected words kept; new words the reviewer never saw: back to draft
        ("b", "Dans le domaine de la construction de machines de ferme.", "draft"),
    )
    assert plan.insert == ("b", "c")  # the first part is the reviewer's row


def test_a_split_keeps_new_words_of_a_part_the_reviewer_left_alone() -> None:
    old = [Old(1, "old", LONG, 5, True, text=LONG.replace("créer", "fonder"))]
    [split] = plan_reattachment(old, [seed("a", PART1, 5), seed("b", PART2, 5)]).split
    assert split.parts[1] == ("b", PART2, "draft")


def test_a_split_whose_reviewer_text_does_not_divide_is_listed_with_the_reason() -> None:
    old = [Old(1, "old", LONG, 5, True, text="Texte entièrement récrit.")]
    plan = plan_reattachment(old, [seed("a", PART1, 5), seed("b", PART2, 5)])
    assert plan.split == () and plan.orphan == (1,)
    assert "split into 2 (a, b)" in plan.why[1]


def test_parts_of_different_segments_are_no_split() -> None:
    old = [Old(1, "old", LONG, 5, True)]
    plan = plan_reattachment(old, [seed("a", PART1, 5, segment=1), seed("b", PART2, 5, segment=2)])
    assert plan.split == () and plan.orphan == (1,)


BOOK_A = [f"Phrase numéro {n} du premier livre." for n in range(20)]
BOOK_B = [f"Phrase numéro {n} du second livre." for n in range(20)]


def test_a_renamed_or_re_extracted_book_is_recognised_by_its_content() -> None:
    re_extracted = BOOK_A[:16] + ["Une phrase que la nouvelle extraction coupe autrement."] * 4
    found = recognise_renamed({"a.txt": BOOK_A, "b.txt": BOOK_B}, {"a2.txt": re_extracted, "c.txt": BOOK_B[:3]
                                                                  + [f"Autre {n}." for n in range(17)]})
    assert found == {"a2.txt": ("a.txt", 0.941)}  # 16 of 17 distinct sentences


def test_a_new_book_sharing_a_few_citations_is_not_a_renamed_one() -> None:
    shared = BOOK_A[:5] + BOOK_B[5:]
    assert recognise_renamed({"a.txt": BOOK_A}, {"b.txt": shared}) == {}
