"""No pipeline stage keeps project data in module state: the glossary, the Russian
lexicon and the title word lexicon own their caches, so two projects in one process
(the tests, a server) never see each other's words and nothing outlives its owner."""

from __future__ import annotations

import gc
import importlib
import weakref

from conftest import ROOT

from workbench.lexicon import Lexicon, Morphology
from workbench.terms import Glossary, load_glossary
from workbench.wordalign import TitleLexicon, learn_lexicon

# the pipeline stages (the first import-linter contract names the same modules)
STAGES = ("text", "segment", "footnotes", "markers", "sentences", "slugs", "lexicon", "translit", "align",
          "wordalign", "terms", "qa", "units", "biblio", "spelling", "grammar", "mt_artifacts", "proofing",
          "reattach", "masking")
PROJECT_DATA = (Glossary, Lexicon, Morphology, TitleLexicon)


def test_no_stage_module_holds_a_glossary_or_a_lexicon():
    for name in STAGES:
        module = importlib.import_module(f"workbench.{name}")
        held = [k for k, v in vars(module).items() if isinstance(v, PROJECT_DATA)]
        assert not held, f"workbench.{name} keeps {held} at module level"


def test_a_glossary_used_for_matching_and_masking_is_freed_with_its_caches():
    from workbench.masking import term_spans

    g = load_glossary(ROOT / "glossary")
    assert g.fuzzy("Gomselmashch") is not None  # the fuzzy cache and the Russian index are filled
    assert term_spans("Гомсельмаш и Беларусь", g, "ru")
    ref = weakref.ref(g)
    del g
    gc.collect()
    assert ref() is None, "a module-level cache still holds the glossary"


def test_the_title_lexicon_lemmatises_with_the_morphology_it_is_given():
    pairs = [("Le conseil des ministres", "совет министров"), ("Le conseil de la ville", "совет города")]
    morphology = Morphology()
    lex = learn_lexicon(pairs, morphology=morphology)
    assert lex.morphology is morphology
    assert lex.ru_key("советы") == "совет"
    assert "советы" in morphology._lemmas  # the lemmas are cached by the morphology passed in
    assert "совет" in lex.ru_fr  # learnt over lemmas: both titles' совет count as one word
