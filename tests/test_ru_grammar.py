"""The headline grammar that transliteration uses to choose among readings
(higher scores fit better)."""

from workbench.ru_grammar import adj_noun, pair_score


def test_preposition_governs_its_case() -> None:
    assert pair_score("в", "россию") > 0 > pair_score("в", "россией")
    assert pair_score("для", "россии") > pair_score("для", "россию")


def test_adjective_agrees_with_its_noun() -> None:
    assert pair_score("новый", "завод") > 0 > pair_score("новая", "завод")


def test_adj_noun_on_tags() -> None:
    from workbench.translit import Lexicon

    lex = Lexicon.get()
    adj, noun = lex.parses("белорусская")[0].tag, lex.parses("продукция")[0].tag
    assert adj_noun(adj, noun)
    assert not adj_noun(lex.parses("белорусский")[0].tag, noun)
