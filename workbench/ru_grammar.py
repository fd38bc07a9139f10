"""Grammar of a Russian headline, scored with pymorphy3's tags: the cases a
preposition governs, adjective-noun agreement, a headline's usual openings, verbs
agreeing with their subject, infinitives after modal words.

Transliteration (`workbench.translit`) uses these scores to choose among the
readings of a slug's words; lower is better, 0 is neutral.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.translit import Lexicon


def _lexicon() -> Lexicon:
    from workbench.translit import Lexicon  # here: translit imports this module

    return Lexicon.get()


# words after which an infinitive is expected: "планирует производить"
_MODAL_LEMMAS = {"планировать", "намереваться", "мочь", "хотеть", "собираться", "начать", "продолжить",
                 "стать", "предложить", "намерен", "готовый", "решить", "помочь", "позволить", "смочь",
                 "намеренный", "должный", "удаться", "договориться", "предлагать", "решать", "планироваться",
                 "возможный", "необходимый", "нужно", "надо", "важно", "следовать", "предстоять", "призвать",
                 "стремиться", "рассчитывать", "согласиться", "обязаться", "начинать", "продолжать", "готовиться",
                 "собираться", "пора", "как"}

_CASE_NORM = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct"}
_G, _D, _A, _I, _L = "gent", "datv", "accs", "ablt", "loct"
# the cases a preposition governs
_PREP_CASES: dict[str, frozenset[str]] = {
    **{p: frozenset({_L, _A}) for p in ("в", "во", "на")},
    **{p: frozenset({_L}) for p in ("о", "об", "обо")},  # "о" + accusative is not headline Russian
    "при": frozenset({_L}),
    "по": frozenset({_D, _L, _A}),
    **{p: frozenset({_I, _G}) for p in ("с", "со")},
    **{p: frozenset({_D}) for p in ("к", "ко", "благодаря", "согласно", "вопреки", "навстречу")},
    **{p: frozenset({_G}) for p in ("для", "из", "изо", "от", "ото", "до", "у", "без", "около", "после", "среди",
                                     "вокруг", "против", "кроме", "вне", "возле", "вдоль", "внутри", "ради",
                                     "вместо", "накануне", "помимо", "свыше", "из-за", "из-под", "касательно")},
    "между": frozenset({_I, _G}),
    **{p: frozenset({_I, _A}) for p in ("за", "под", "подо")},
    **{p: frozenset({_I}) for p in ("над", "перед", "передо")},
    **{p: frozenset({_A}) for p in ("через", "про", "сквозь")},
}
# nouns and short adjectives that take an infinitive: "возможность производить"
_INF_NOUNS = {"возможность", "намерение", "готовность", "решение", "право", "цель", "задача", "попытка",
              "необходимость", "способность", "стремление", "желание", "план", "время", "пора", "смысл",
              "предложение", "шанс", "умение", "обязательство", "рад", "должен", "намерен", "готов",
              "способный", "вынужденный"}
# verbs whose complement is in the instrumental: "становится платформой", "является партнером"
_COPULA_ABLT = {"стать", "становиться", "являться", "считаться", "остаться", "оставаться", "называться",
                "назвать", "признать", "выступить", "выступать", "служить", "послужить", "быть"}
_NOMINAL = frozenset({"NOUN", "ADJF", "PRTF", "NPRO", "NUMR"})
# an oblique case at the start of a headline is rare; these words open headlines
_OPENING_POS = frozenset({"VERB", "INFN", "PRTS", "ADJS", "PREP", "CONJ", "ADVB", "PRCL", "PRED", "COMP", "INTJ",
                          "GRND", "NUMR"})
FIRST_OBLIQUE_COST = 0.7  # a headline opening with a genitive (`мер бишкека` for мэр бишкека)
DISAGREE_COST = 0.6  # an adjective and the noun after it in different forms
GOVERN_COST = 0.8  # a preposition and a word in a case it does not govern
SUBJECT_COST = 0.8  # a verb disagreeing with the subject


def _case(t) -> str | None:
    c = t.case
    return _CASE_NORM.get(c, c)


def adj_noun(ta, tb, coordinated: bool = False) -> bool:
    """An adjective and its noun agree; `coordinated` allows a singular adjective
    before a plural noun ("минская и брестская области")."""
    if _case(ta) != _case(tb):
        return False
    if ta.number == tb.number:
        return ta.number == "plur" or ta.gender == tb.gender or ta.gender is None or tb.gender is None \
            or "ms-f" in tb
    return coordinated and ta.number == "sing" and tb.number == "plur"


@lru_cache(maxsize=50_000)
def compound_part(a: str) -> bool:
    """белорусско, торгово, научно: an adjective's stem + о, the first part of a compound."""
    if len(a) < 5 or a[-1] != "о":
        return False
    lex = _lexicon()
    return any(w in lex.words and any(p.tag.POS == "ADJF" for p in lex.parses(w))
               for w in (a[:-1] + "ий", a[:-1] + "ый", a[:-1] + "ой"))


@lru_cache(maxsize=200_000)
def pair_score(a: str, b: str) -> float:
    """Grammar of two adjacent words: a bonus when they fit (adjective + noun,
    preposition + governed case, modal + infinitive, noun + genitive), a cost when
    they cannot (a preposition with a case it does not govern, an adjective in
    another form than its noun)."""
    lex = _lexicon()
    pa_all, pb_all = lex.parses(a), lex.parses(b)
    if pb_all and compound_part(a) and any(p.tag.POS == "ADJF" for p in pb_all[:2]):
        return 1.5  # the first part of a compound adjective: "белорусско китайский"
    if not pa_all or not pb_all:
        return 0.0
    cases = _PREP_CASES.get(a)
    if cases is not None and pa_all[0].tag.POS == "PREP":
        nominal = [p for p in pb_all if p.tag.POS in _NOMINAL and p.tag.case]
        if not nominal and all(p.tag.POS in ("VERB", "INFN") for p in pb_all):
            return -GOVERN_COST  # "в развить": a preposition before a verb
        if not nominal or any(p.tag.POS not in _NOMINAL for p in pb_all[:2]):
            return 0.0
        if any(_case(p.tag) in cases for p in nominal):
            return 0.6
        return -GOVERN_COST
    best = 0.0
    for pa in pa_all[:3]:
        ta = pa.tag
        for pb in pb_all[:3]:
            tb = pb.tag
            s = 0.0
            if ta.POS in ("ADJF", "PRTF") and tb.POS == "NOUN":
                if adj_noun(ta, tb):
                    s = 1.2
            elif ta.POS == "NUMR" and tb.POS == "NOUN":
                s = 0.5
            elif tb.POS == "INFN" and (pa.normal_form in _MODAL_LEMMAS or pa.normal_form in _INF_NOUNS
                                       or a in _INF_NOUNS):
                s = 1.5
            elif ta.POS == "NOUN" and tb.POS in ("NOUN", "ADJF", "PRTF", "NPRO") and _case(tb) == _G \
                    and "Fixd" not in tb:
                s = 0.5  # правительство беларуси, экспорт белорусской продукции
            elif ta.POS in ("VERB", "INFN") and tb.POS in ("NOUN", "ADJF", "PRTF", "NPRO") and (
                (ta.transitivity == "tran" and _case(tb) == _A)
                or (pa.normal_form in _COPULA_ABLT and _case(tb) == _I)
            ):
                s = 0.5  # высечь прибыль, становится платформой
            best = max(best, s)
    if best == 0.0:
        # an adjective and a noun after it that match in no reading
        if all(p.tag.POS in ("ADJF", "PRTF") for p in pa_all) and all(p.tag.POS == "NOUN" for p in pb_all) \
                and not any(adj_noun(p.tag, q.tag) for p in pa_all for q in pb_all):
            return -DISAGREE_COST
    return best


def agree(a, b) -> float:
    """Bonus when two adjacent words' best parses agree (for lists of parses)."""
    if not a or not b:
        return 0.0
    return pair_score(a[0].word, b[0].word)


@lru_cache(maxsize=50_000)
def first_name(a: str) -> bool:
    ps = _lexicon().parses(a)
    return bool(ps) and "Name" in ps[0].tag


@lru_cache(maxsize=100_000)
def opening_score(a: str) -> float:
    """A headline starts with a nominative, a verb, a preposition …, not a genitive."""
    ps = _lexicon().parses(a)
    if not ps:
        return 0.0
    t = ps[0].tag  # the likeliest reading (мер is a genitive far more often than a verb)
    if t.POS in _OPENING_POS or _case(t) in ("nomn", "accs", None):
        return 0.0
    return -FIRST_OBLIQUE_COST


def _verb_fits(vt, st) -> bool:
    """A finite verb and a nominative subject agree in number (and gender in the past)."""
    if vt.number and st.number and vt.number != st.number:
        return False
    if vt.tense == "past" and vt.number == "sing" and vt.gender and st.gender and "ms-f" not in st \
            and vt.gender != st.gender:
        return False
    return True


def _coordinated(ws: list[str], i: int, lex: Lexicon) -> bool:
    """ws[i] is the second of two adjectives joined by "и" ("минская и брестская области")."""
    if i < 2 or ws[i - 1] != "и":
        return False
    p = lex.parses(ws[i - 2])
    return bool(p) and p[0].tag.POS in ("ADJF", "PRTF")


@lru_cache(maxsize=100_000)
def chain_score(gov: str, adj: str, noun: str) -> float:
    """A preposition or a copula, an adjective and its noun: one case must suit
    all three ("становится стратегической платформой", not "… платформы")."""
    lex = _lexicon()
    pg, pa, pn = lex.parses(gov), lex.parses(adj), lex.parses(noun)
    if not pg or not pa or not pn or not all(p.tag.POS == "NOUN" for p in pn[:2]):
        return 0.0
    if gov in _PREP_CASES and pg[0].tag.POS == "PREP":
        cases = _PREP_CASES[gov]
    elif pg[0].tag.POS == "VERB" and pg[0].normal_form in _COPULA_ABLT:
        cases = frozenset({_I, "nomn"})
    else:
        return 0.0
    pairs = [(p, q) for p in pa if p.tag.POS in ("ADJF", "PRTF") for q in pn if adj_noun(p.tag, q.tag, True)]
    if not pairs:
        return 0.0  # no agreement: the pair itself is scored
    return 0.4 if any(_case(q.tag) in cases for _, q in pairs) else -0.6


@lru_cache(maxsize=100_000)
def context_score(ws: tuple[str, ...]) -> float:
    return _context(list(ws), _lexicon())


def _context(ws: list[str], lex: Lexicon) -> float:
    """Grammar beyond neighbours: the first verb agrees with a nominative noun
    before it ("возможность … появится", not "появился"); an infinitive
    coordinated with an infinitive ("развивать и расширять"); "как правильно
    встретить"; coordinated adjectives before a plural noun."""
    s = 0.0
    subjects: list = []
    verb_seen = False
    for i, w in enumerate(ws):
        ps = lex.parses(w)
        if not ps:
            continue
        t0 = ps[0].tag
        pos = t0.POS
        if pos == "CONJ" and w != "и":
            # a new clause: "… что связывает", "как будет развиваться"
            subjects = [p.tag for p in ps if p.tag.POS == "NPRO" and p.tag.case == "nomn"]
            verb_seen = False
            continue
        if not verb_seen and pos in ("NOUN", "NPRO") and not (
            i > 0 and lex.parses(ws[i - 1]) and lex.parses(ws[i - 1])[0].tag.POS == "PREP"
        ):
            subjects += [p.tag for p in ps[:3] if p.tag.case == "nomn" and p.tag.POS in ("NOUN", "NPRO")]
        elif not verb_seen and pos in ("VERB", "INFN", "PRTS"):
            verb_seen = True
            if subjects and pos == "VERB" and i > 0 and ws[i - 1] not in ("и", "не"):
                # (a verb in the first or second person has its own pronoun: "… беларусь: расширяем")
                fits = t0.person in ("1per", "2per") or any(
                    _verb_fits(p.tag, st) for p in ps[:4] if p.tag.POS == "VERB" for st in subjects
                )
                s += 0.5 if fits else -SUBJECT_COST
            elif pos == "INFN" and i > 0 and pair_score(ws[i - 1], w) > 0:
                verb_seen = False  # "возможность производить": the verb comes later
            elif subjects and pos == "INFN":
                s -= SUBJECT_COST  # a subject, then an infinitive nothing asks for
        if 0 < i < len(ws) - 1 and pos in ("ADJF", "PRTF"):
            s += chain_score(ws[i - 1], w, ws[i + 1])
            if _coordinated(ws, i, lex) and pair_score(w, ws[i + 1]) < 0:
                s += DISAGREE_COST  # "минская и брестская области" is right
        if pos == "INFN" and i >= 2:
            prev2 = lex.parses(ws[i - 2])
            if ws[i - 1] == "и" and prev2 and prev2[0].tag.POS == "INFN":
                s += 1.2
            elif ws[i - 2] in ("как", "чтобы", "что") and lex.parses(ws[i - 1]) and \
                    lex.parses(ws[i - 1])[0].tag.POS == "ADVB":
                s += 1.0
    return s
