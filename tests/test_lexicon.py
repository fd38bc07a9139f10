"""The Russian lexicon: extra words belong to the lexicon made with them, and
nothing one lexicon caches changes what another one reads."""

from __future__ import annotations

from conftest import lexicon

from workbench.lexicon import Lexicon, Morphology, name_forms
from workbench.translit import transliterate

SLUG = "predprijatija-bellesbumproma-uvelichili-eksport"


def known(lex: Lexicon, slug: str) -> dict[str, bool]:
    return {w.ru: w.known for w in transliterate(slug, lex).words}


def test_extra_words_belong_to_their_lexicon() -> None:
    plain = lexicon()
    before = transliterate(SLUG, plain).to_dict()
    assert known(plain, SLUG)["беллесбумпрома"] is False
    # a glossary name and its case forms, in another lexicon sharing the morphology
    named = Lexicon(["Беллесбумпром"], plain.morphology)
    assert known(named, SLUG)["беллесбумпрома"] is True
    assert named.known("беллесбумпромом") and not plain.known("беллесбумпромом")
    # the first lexicon reads as before: no cache is shared
    assert transliterate(SLUG, plain).to_dict() == before


def test_name_forms_give_the_cases_of_a_nominative() -> None:
    assert {"беллесбумпром", "беллесбумпрома", "беллесбумпромом"} <= name_forms("беллесбумпром")
    assert {"гомель", "гомеля", "гомелем"} <= name_forms("гомель")
    assert name_forms("великий камень") == {"великий камень"}


def test_morphology_parses_and_lemmas() -> None:
    m = Morphology()
    assert m.lemma("тракторов") == "трактор"
    assert m.lemma("объёмы") == "объем"  # ё written е
    assert m.parses("тракторов")[0].tag.POS == "NOUN"
    assert m.parses("гомсельмашем") == []  # not in the dictionary: no guess


def test_frequencies_cached_on_disk_are_wordfreqs(tmp_path, monkeypatch):
    """The compiled cache is written once, read back the same, and rebuilt when damaged."""
    import re

    from wordfreq import get_frequency_dict

    from workbench import lexicon as lx

    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    built = lx._frequencies.__wrapped__()
    files = list(tmp_path.glob("ru-freq-*.pickle"))
    assert len(files) == 1 and not list(tmp_path.glob(".ru-freq-*"))
    read = lx._frequencies.__wrapped__()
    want = get_frequency_dict("ru", "best")
    for freq, words in (built, read):
        assert list(freq.items()) == list(want.items())  # order too: near_words reads it most frequent first
        assert words == sorted(w for w in want if re.fullmatch(r"[а-яё]+", w))
    files[0].write_bytes(b"not a pickle")
    assert lx._frequencies.__wrapped__()[1] == built[1]
