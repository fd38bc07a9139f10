"""The headline grammar that transliteration uses to choose among readings
(higher scores fit better)."""

from conftest import lexicon

from workbench.translit.grammar import adj_noun, pair_score


def test_preposition_governs_its_case() -> None:
    lex = lexicon()
    assert pair_score(lex, "в", "россию") > 0 > pair_score(lex, "в", "россией")
    assert pair_score(lex, "для", "россии") > pair_score(lex, "для", "россию")


def test_adjective_agrees_with_its_noun() -> None:
    lex = lexicon()
    assert pair_score(lex, "новый", "завод") > 0 > pair_score(lex, "новая", "завод")


def test_adj_noun_on_tags() -> None:
    lex = lexicon()
    adj, noun = lex.parses("белорусская")[0].tag, lex.parses("продукция")[0].tag
    assert adj_noun(adj, noun)
    assert not adj_noun(lex.parses("белорусский")[0].tag, noun)
