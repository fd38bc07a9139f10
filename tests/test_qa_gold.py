"""QA precision against the hand-judged sample (tests/gold/qa_judged.jsonl).

The sample was drawn at random per kind from the findings on the bundled corpus,
each call checked against the book with a reason. The checks as they are now must
keep precision at least 0.9 on what was judged, and still make every finding that
was judged real."""

from __future__ import annotations

import functools

import pytest

from conftest import CORPUS, GOLD, ROOT
from workbench.evaluate import qa_scores, read_gold_qa
from workbench.pipeline import check_files
from workbench.qa import KINDS
from workbench.terms import project_glossary

GOLD_QA = GOLD / "qa_judged.jsonl"


@functools.cache
def scores():
    findings = [f.to_dict() for f in check_files(sorted(CORPUS.glob("*.txt")), project_glossary(ROOT))]
    return qa_scores(findings, read_gold_qa(GOLD_QA))


def test_gold_is_a_judged_sample_of_every_kind():
    gold = read_gold_qa(GOLD_QA)
    kinds = {g["kind"] for g in gold}
    assert set(KINDS) <= kinds
    for g in gold:
        assert g["verdict"] in ("real", "false") and len(g["reason"]) > 10, g


@pytest.mark.parametrize("kind", KINDS)
def test_precision_per_kind(kind):
    s = scores().get(kind)
    if s is None or s.findings == 0:
        return  # a check that now finds nothing has no false alarm (its real findings are checked below)
    assert s.judged >= min(5, s.findings) or s.judged == s.findings, f"{kind}: too few judged findings left"
    assert s.precision >= 0.9, f"{kind}: precision {s.precision:.2f} ({s.real}/{s.judged})"


@pytest.mark.parametrize("kind", KINDS)
def test_real_findings_are_still_made(kind):
    s = scores().get(kind)
    lost = [(g["file"][:3], g["line"], g["found"]) for g in (s.lost if s else [])]
    assert not lost, f"{kind}: real findings no longer made: {lost}"
