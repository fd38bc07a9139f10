"""Invariants of the segmentation on every bundled book (and the short gold
book): no footnote text in the body, no body text in a footnote."""

from __future__ import annotations

import functools
import re

import pytest
from conftest import BOOKS, GOLD, book_text

from workbench.pipeline import analyse_text
from workbench.segment import is_citation

# What only a reference prints: the resource tag, the URL label, a URL.
REFERENCE = re.compile(r"\[\s*[Rr]essource\s+[ée]lectronique|\bURL\s*:|https?://|\bwww\.\w")
# A sentence end followed by the capital of another sentence ("... en 2023. Les ...").
SENTENCE_BREAK = re.compile(r"[a-zà-ÿ]{3,}[.!?] [A-ZÀ-Ý][a-zà-ÿ]")

KEYS = [*sorted(BOOKS), "short"]


@functools.cache
def analysis(key: str):
    if key == "short":
        return analyse_text((GOLD / "short_book.txt").read_text(encoding="utf-8"), "short_book.txt")
    return analyse_text(book_text(key), BOOKS[key])


@pytest.mark.parametrize("key", KEYS)
def test_no_reference_in_a_body_sentence(key):
    bad = [
        (x.line_start, x.text[:120])
        for s in analysis(key)[0].segments
        if s.kind == "body"
        for x in s.sentences
        if REFERENCE.search(x.text)
    ]
    assert not bad, bad[:5]


def reads_as_body(text: str) -> bool:
    """A footnote reads as a body paragraph when nothing in it cites (no URL, tag,
    `//`, year dashes, pages) and it is long or holds two sentences."""
    if is_citation(text) or REFERENCE.search(text):
        return False
    return len(text) > 300 or len(SENTENCE_BREAK.findall(text)) >= 2


@pytest.mark.parametrize("key", KEYS)
def test_no_body_paragraph_in_a_footnote(key):
    bad = [
        (s.line_start, s.text[:120])
        for s in analysis(key)[0].segments
        if s.kind == "footnote" and reads_as_body(s.text)
    ]
    assert not bad, bad[:5]


def test_reads_as_body_tells_them_apart():
    """The predicate the invariant rests on, on both kinds of text from the books."""
    assert reads_as_body(
        "Tous ces faits montrent que la création de l'association sino-biélorusse des universités "
        "constituera une étape importante. Elle profitera également aux économies des deux pays. "
        "Les partenaires en sont convaincus."
    )
    assert not reads_as_body("156 La BUTB et l'administration chinoise de Shenyang ont convenu de coopérer dans le")
    assert not reads_as_body(
        "24 Minnikhanov, R. Il est important d'approfondir la coopération des producteurs de matières premières, "
        "avant tout, dans la sphère de la construction mécanique / R. Minnikhanov // Directions prioritaires. - 2019. - C. 12."
    )


@pytest.mark.parametrize("key", KEYS)
def test_no_mt_placeholder_or_spaced_marker_left_in_the_body(key):
    body = "\n".join(s.text for s in analysis(key)[0].segments if s.kind == "body")
    assert "xml-ph-" not in body
    assert not re.search(r"\(\d{1,3} \)", body)
