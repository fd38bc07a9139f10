"""French sentence splitting (workbench.sentences) on excerpts of the corpus."""

from __future__ import annotations

import pytest
from conftest import segment_at

from workbench.sentences import split_sentences


@pytest.mark.parametrize(
    "text,expected",
    [
        # initials and abbreviations (004 lines 126-127; 001 line 60)
        (
            "En septembre 2018, lors des discussions entre les chefs d'État A. Lukashenko et "
            "Sh. Merziyoyev, il a été noté que les pays ont le potentiel. La tâche est censée être accomplie.",
            [
                "En septembre 2018, lors des discussions entre les chefs d'État A. Lukashenko et "
                "Sh. Merziyoyev, il a été noté que les pays ont le potentiel.",
                "La tâche est censée être accomplie.",
            ],
        ),
        ("Zalessky, B.L. Free economic zones / B.L. Zalessky. Fin.", ["Zalessky, B.L. Free economic zones / B.L. Zalessky.", "Fin."]),
        ("Il a rencontré M. Dupont et lu la p. 12 du n° 3. Ensuite.", ["Il a rencontré M. Dupont et lu la p. 12 du n° 3.", "Ensuite."]),
        ("Minsk Dairy Plant No. 1 et Slutsk Cheese Factory. Cette tendance.", ["Minsk Dairy Plant No. 1 et Slutsk Cheese Factory.", "Cette tendance."]),
        # decimals and ellipses (004 line 226; 003 line 19)
        ("L'entreprise emploiera environ 1,2 mille travailleurs. La nouvelle entreprise.", ["L'entreprise emploiera environ 1,2 mille travailleurs.", "La nouvelle entreprise."]),
        ("les fils qui sont nécessaires <...> à l'usine. Cela s'avère moins cher.", ["les fils qui sont nécessaires <...> à l'usine.", "Cela s'avère moins cher."]),
        ("ont augmenté de 81,9%1...\". Parmi les régions.", ["ont augmenté de 81,9%1...\".", "Parmi les régions."]),
        # markers glued after the final punctuation (001 lines 17, 29)
        (
            "des zones économiques libres.1 Cette innovation devrait permettre de réduire le délai.",
            ["des zones économiques libres.1", "Cette innovation devrait permettre de réduire le délai."],
        ),
        (
            'pour des projets d\'investissement spécifiques"2. Il convient de rappeler.',
            ['pour des projets d\'investissement spécifiques"2.', "Il convient de rappeler."],
        ),
        # 004's markers moved to the start of the next sentence (line 133)
        (
            'les technologies de l\'information" . 3Un peu plus tard, en novembre 2018.',
            ['les technologies de l\'information" .', "3Un peu plus tard, en novembre 2018."],
        ),
        # a quotation inside a sentence that goes on
        (
            'Il a déclaré : "Nous irons. Nous verrons", a-t-il ajouté. Ensuite.',
            ['Il a déclaré : "Nous irons. Nous verrons", a-t-il ajouté.', "Ensuite."],
        ),
        # a closing quote opened in an earlier line (000 line 109)
        (
            'étudier au Belarus"4 . Quant à l\'interaction entre les communautés.',
            ['étudier au Belarus"4 .', "Quant à l'interaction entre les communautés."],
        ),
    ],
)
def test_split(text, expected):
    assert split_sentences(text) == expected


def test_real_paragraph_001():
    # 001 lines 5-35: the first paragraph of the book
    s = segment_at("001", 17)
    texts = [x.text for x in s.sentences]
    assert any(t.endswith("zones économiques libres.1") for t in texts)
    assert any(t.startswith("Cette innovation devrait permettre") for t in texts)
    assert not any(t.startswith(("B.", "A.", "L.")) for t in texts)


def test_long_runs_of_punctuation_split_like_short_ones():
    # a run of dot leaders inside a paragraph is one candidate boundary, read whole
    leaders = "Voir le chapitre 2" + "." * 60 + " Ensuite la suite. Puis la fin."
    assert split_sentences(leaders) == ["Voir le chapitre 2" + "." * 60, "Ensuite la suite.", "Puis la fin."]
    assert split_sentences("Le mot" + "." * 60 + "x et la suite.") == ["Le mot" + "." * 60 + "x et la suite."]
