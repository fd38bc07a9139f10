from __future__ import annotations

import hashlib

import pytest

from workbench.model import Segment, Sentence
from workbench.units import normalise_for_key, sentence_units

F = "000_test.txt"


def body(index: int, sentences: list[tuple[str, int]], article: int | None = 1,
         kind: str = "body", file: str = F) -> Segment:
    lines = tuple(line for _, line in sentences)
    return Segment(
        file=file, index=index, kind=kind, article=article,
        text=" ".join(t for t, _ in sentences), line_start=min(lines), line_end=max(lines),
        lines=lines, sentences=tuple(Sentence(t, line, line) for t, line in sentences),
    )


@pytest.mark.parametrize(
    "a, b",
    [
        ("Il dit « bonjour » à Lénine.", 'Il dit "bonjour" à Lénine.'),
        ("Il dit « bonjour » à Lénine.", "Il dit “bonjour” à Lénine."),
        ("Quoi ? Déjà !", "Quoi? Déjà!"),
        ("Quoi\u202f? Déjà\u00a0!", "Quoi ? Déjà !"),
        ("  Le   congrès\nde 1918 ", "Le congrès de 1918"),
        ("LE CONGRÈS", "le congrès"),
        ("l’homme", "l'homme"),
        ("1917–1918", "1917-1918"),
        ("la déﬁnition", "la définition"),
        ("Et puis…", "Et puis..."),
        ("e\u0301tat", "état"),  # decomposed vs composed
        ("voir ( p. 12 )", "voir (p. 12)"),
    ],
)
def test_normalise_equal(a: str, b: str) -> None:
    assert normalise_for_key(a) == normalise_for_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Lénine parla.", "Trotski parla."),
        ("Il vint en 1917.", "Il vint en 1918."),
        ("la paix", "la pai x"),
    ],
)
def test_normalise_keeps_real_differences(a: str, b: str) -> None:
    assert normalise_for_key(a) != normalise_for_key(b)


def test_key_format_and_fields() -> None:
    [u] = sentence_units([body(3, [("Le congrès s'ouvrit.", 12)], article=2)])
    digest = hashlib.sha1(normalise_for_key("Le congrès s'ouvrit.").encode()).hexdigest()[:16]
    assert u.key == f"{F}#s:{digest}:0"
    assert (u.file, u.queue, u.source, u.mt) == (F, "sentences", "Le congrès s'ouvrit.",
                                                 "Le congrès s'ouvrit.")
    assert (u.line_start, u.line_end, u.segment_index, u.article) == (12, 12, 3, 2)
    assert u.context == {"prev": "", "next": ""}


def test_key_stable_across_cleaning_changes() -> None:
    before = sentence_units([body(0, [("Il dit « bonjour ».", 10), ("Fin.", 11)])])
    # Different segment index, line numbers, quotes and spacing: same identities.
    after = sentence_units([
        body(0, [("Préface.", 1)], kind="front_matter"),
        body(5, [('Il  dit "bonjour".', 40), ("Fin.", 41)]),
    ])
    assert [u.key for u in before] == [u.key for u in after]
    assert after[0].line_start == 40 and after[0].segment_index == 5


def test_occurrences_count_within_file() -> None:
    units = sentence_units([
        body(0, [("Applaudissements.", 1), ("Il parla.", 2)]),
        body(1, [("APPLAUDISSEMENTS.", 3), ("Applaudissements !", 4)]),
        body(0, [("Applaudissements.", 1)], file="001_other.txt"),
    ])
    keys = [u.key for u in units]
    assert len(set(keys)) == len(keys)
    assert [k.rsplit(":", 1)[1] for k in keys] == ["0", "0", "1", "0", "0"]
    assert keys[0].split("#")[1].rsplit(":", 1)[0] == keys[2].split("#")[1].rsplit(":", 1)[0]
    # "!" is a real difference from "."
    assert keys[3].rsplit(":", 2)[1] != keys[0].rsplit(":", 2)[1]
    assert keys[4].startswith("001_other.txt#s:") and keys[4].endswith(":0")


def test_only_body_and_fallback_to_segment_text() -> None:
    segs = [
        body(0, [("Titre", 1)], kind="heading"),
        Segment(F, 1, "body", 1, "Un paragraphe sans phrases.", 2, 3, (2, 3)),
        body(2, [("Note 1.", 9)], kind="footnote"),
        Segment(F, 3, "body", 1, "   ", 4, 4, (4,)),  # empty: skipped
    ]
    [u] = sentence_units(segs)
    assert (u.source, u.line_start, u.line_end, u.segment_index) == (
        "Un paragraphe sans phrases.", 2, 3, 1)


def test_context_stays_inside_article() -> None:
    units = sentence_units([
        body(0, [("A1.", 1), ("A2.", 2)], article=1),
        body(1, [("A3.", 3)], article=1),
        body(2, [("B1.", 5)], article=2),
    ])
    ctx = {u.source: u.context for u in units}
    assert ctx["A1."] == {"prev": "", "next": "A2."}
    assert ctx["A2."] == {"prev": "A1.", "next": "A3."}  # crosses segments
    assert ctx["A3."] == {"prev": "A2.", "next": ""}  # not into article 2
    assert ctx["B1."] == {"prev": "", "next": ""}
