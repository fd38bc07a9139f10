"""User-written patterns (the glossary's slug stems): catastrophic backtracking is
refused before any work, and every search is bounded by a timeout."""

from __future__ import annotations

import pytest
from conftest import ROOT

from workbench.regex_safety import TIMEOUT, UnsafePattern, compile_user_pattern
from workbench.terms import GlossaryError, parse_glossary

# Each takes Python's backtracking engine exponential time (or a polynomial of high
# degree) on a failing text: the run of the repeated character (`'a' * 30 + '!'`) is
# split between the repetitions in exponentially many ways, all tried before failing.
CATASTROPHIC = [
    r"([a-z-]+)+!",  # the pattern that hung `build`
    r"^(a+)+$",
    r"(a*)*b",
    r"(x+x+)+y",
    r"(a|aa)*b",  # overlapping alternatives under a repetition
    r"(a|a)*b",  # Python parses it as a(?:|): two empty branches, two ways through
    r"(?:ab|a|b)*c",
    r"(\w+_)+x",  # `_` is a word character: each one can end either repetition
    r"(\w+[-_]?)+x",
    r"(?:[a-z]+|[a-z0-9]+)+-x",
    r"(.*a){12}",
    r"(a+){2,}b",
    r"(a?){30}b",  # no loop, but the 30 copies share a text in C(30, n) ways
    r"velik\w*[-_](\w+\w+)*kam",  # inside a realistic stem
]

# Nested or repeated, yet every text is read one way (or a bounded number of ways).
SAFE = [
    r"([a-z]+-)+park",  # the separator is not in the repeated class
    r"(ab)+c",
    r"a{2,5}b",
    r"(?:\w+-){0,3}park",
    r"(ab|a)(bc|c)*d",
    r"(a|b)*c",
    r"velik(\w|[a-z])*kam",  # a one-character alternation is a character class
    r"a*a*b",
    r"\w*-\w*-\w*-x",
    r"(?<![a-z0-9])mtz(?![a-z0-9])",
    r"(^|[-_/])belta([-_]|$)",
    r"belgospi(s|sh)c?h?eprom",
]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_are_refused(pattern):
    with pytest.raises(UnsafePattern, match="backtrack catastrophically"):
        compile_user_pattern(pattern)


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_are_accepted(pattern):
    rx = compile_user_pattern(pattern)
    rx.search("x" * 5000 + "-park", timeout=TIMEOUT)


def test_every_stem_of_the_real_glossary_is_accepted():
    rows = (ROOT / "glossary" / "glossary.tsv").read_text(encoding="utf-8").split("\n")[1:]
    stems = [r.split("\t")[5] for r in rows if r.strip() and not r.startswith("#") and r.split("\t")[5]]
    assert len(stems) > 200
    for s in stems:
        compile_user_pattern(s)


def test_invalid_and_empty_matching_patterns_are_refused():
    with pytest.raises(UnsafePattern, match="missing \\)"):
        compile_user_pattern("velik(kam")
    with pytest.raises(UnsafePattern, match="matches every slug"):
        compile_user_pattern("(?:gomel)?")


def test_glossary_names_file_and_line_of_the_stem():
    text = ("fr\tru\tcomment\tid\ttype\tslug_stems\tvariants\tforbidden\tnote\n"
            "Amkodor\tАмкодор\tx\tamkodor\tcompany\tamkodor\t\t\t\n"
            "Belshina\tБелшина\tx\tbelshina\tcompany\t([a-z-]+)+!\t\t\t\n")
    with pytest.raises(GlossaryError, match=r"^g\.tsv:3: bad slug stem regex '\(\[a-z-\]\+\)\+!': "
                                            r"it can backtrack catastrophically"):
        parse_glossary(text, "g.tsv")


def test_a_slow_stem_the_test_lets_through_is_stopped_by_the_timeout():
    """Polynomial backtracking (four `[a-z]*` in a row: degree 4) is not refused up
    front; on a long slug the search stops at the timeout with the stem's file:line."""
    text = ("fr\tru\tcomment\tid\ttype\tslug_stems\tvariants\tforbidden\tnote\n"
            "Amkodor\tАмкодор\tx\tamkodor\tcompany\t(?<![0-9])[a-z]*[a-z]*[a-z]*[a-z]*[0-9]\t\t\t\n")
    g = parse_glossary(text, "g.tsv")
    assert g.concepts_in_slug("amkodor-2") == {"amkodor"}
    with pytest.raises(GlossaryError, match=r"^g\.tsv:2: slug stem regex .* took over"):
        g.concepts_in_slug("a" * 5000)
