"""The published headline restored from a slug's lower-case words (`translit.casing`)."""

from pathlib import Path

import pytest
from conftest import lexicon

from workbench.evaluate import headline_scores, read_gold_headlines
from workbench.translit.casing import restore_headline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project_lex():
    from workbench.pipeline import project_lexicon
    from workbench.terms import project_glossary

    return project_lexicon(project_glossary(ROOT))


def h(text: str, lex, title_fr: str = "") -> str:
    return restore_headline(text.split(), lex, title_fr)


def test_names_places_and_acronyms_are_capitalised():
    lex = lexicon()
    assert h("песков прокомментировал заявления в москве", lex) == "Песков прокомментировал заявления в Москве"
    assert h("пять человек погибли в дтп на трассе м1", lex) == "Пять человек погибли в ДТП на трассе М1"
    # a first name before its surname, though the dictionary mostly reads it as a novel
    assert h("прибыл роман головченко", lex) == "Прибыл Роман Головченко"
    # the adjective of a place names the region it stands before, not a marathon
    assert h("в гомельской области", lex) == "В Гомельской области"
    assert h("участие в минском полумарафоне", lex) == "Участие в минском полумарафоне"
    # a cut abbreviation stays in lower case, after a number too
    assert h("инвестировано почти 347 млн", lex) == "Инвестировано почти 347 млн"
    assert h("до 30 проц годовых", lex) == "До 30 проц годовых"
    # words the dictionary lacks: a surname read from the slug, a compound of known words
    assert h("сторонники садыра жапарова", lex) == "Сторонники Садыра Жапарова"
    assert h("очаровали велопутешественника из москвы", lex) == "Очаровали велопутешественника из Москвы"


def test_compounds_are_hyphenated_as_the_dictionary_writes_them():
    lex = lexicon()
    assert h("социально экономическое развитие", lex) == "Социально-экономическое развитие"
    assert h("депутаты утвердили премьер министра", lex) == "Депутаты утвердили премьер-министра"
    assert h("в центре санкт петербурга", lex) == "В центре Санкт-Петербурга"
    assert h("открытие торгово развлекательного центра", lex) == "Открытие торгово-развлекательного центра"
    assert h("в работе венгерско белорусского бизнес форума", lex) == \
        "В работе венгерско-белорусского бизнес-форума"
    assert h("брест отмечает 75 летие освобождения", lex) == "Брест отмечает 75-летие освобождения"
    # a preposition and a word of its own are no adverb
    assert h("движение по новому мосту", lex) == "Движение по новому мосту"
    assert h("ставка рефинансирования", lex) == "Ставка рефинансирования"


def test_the_glossary_spelling_and_the_french_title_punctuation(project_lex):
    assert h("администрация сэз гродноинвест приняла участие", project_lex).startswith("Администрация СЭЗ")
    assert "БелАЗа" in h("продукция белаза", project_lex)
    fr = "Nikitina : la coopération avec Gomselmash se développe"
    assert h("никитина сотрудничество с гомсельмашем развивается", project_lex, fr) == \
        "Никитина: сотрудничество с Гомсельмашем развивается"
    fr = '"Gomselmash" présentera ses machines'
    assert h("гомсельмаш представит технику", project_lex, fr) == "«Гомсельмаш» представит технику"


def test_the_published_headlines_gold():
    """The gold's own words, lower-cased and split at hyphens, come back cased and
    hyphenated as published far more often than with sentence case alone."""
    lex = lexicon()
    from workbench.evaluate import headline_words

    gold = read_gold_headlines(ROOT / "tests" / "gold" / "headlines.tsv")
    assert len(gold) >= 150 and len({r["site"] for r in gold}) >= 50
    ours, peer = [], []
    for r in gold:
        ws = [p.lower() for w in headline_words(r["headline"]) for p in w.split("-")]
        ours.append((restore_headline(ws, lex), r["headline"]))
        peer.append((" ".join(ws).capitalize(), r["headline"]))
    s, base = headline_scores(ours), headline_scores(peer)
    assert s["case"] >= 0.95 > base["case"]
    assert s["exact"] >= 0.65 > base["exact"]
