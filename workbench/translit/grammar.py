"""Grammar of a Russian headline, scored with pymorphy3's tags: the cases a
preposition governs, adjective-noun agreement, a headline's usual openings, verbs
agreeing with their subject, infinitives after modal words.

The headline choice (`headline`) uses these scores to choose among the readings
of a slug's words; higher fits better, 0 is neutral. Scores are remembered by
the lexicon whose parses they read.
"""

from __future__ import annotations

from workbench.lexicon import Lexicon, memoized

# words after which an infinitive is expected: "планирует производить"
_MODAL_LEMMAS = {"планировать", "намереваться", "мочь", "хотеть", "собираться", "начать", "продолжить",
                 "стать", "предложить", "намерен", "готовый", "решить", "помочь", "позволить", "смочь",
                 "намеренный", "должный", "удаться", "договориться", "предлагать", "решать", "планироваться",
                 "возможный", "необходимый", "нужно", "надо", "важно", "следовать", "предстоять", "призвать",
                 "стремиться", "рассчитывать", "согласиться", "обязаться", "начинать", "продолжать", "готовиться",
                 "пора", "как", "успеть", "успевать", "уметь", "суметь", "пытаться", "попытаться", "стараться",
                 "постараться", "бояться", "отказаться", "отказываться", "собраться", "можно", "нельзя",
                 "нужный", "обязанный", "перестать", "прекратить", "разрешить", "запретить"}
# the future auxiliary: "будет входить" (but not "был снят")
_AUX_FUTURE = "быть"

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


@memoized(50_000)
def compound_part(lex: Lexicon, a: str) -> bool:
    """белорусско, торгово, научно: an adjective's stem + о, the first part of a compound."""
    if len(a) < 5 or a[-1] != "о":
        return False
    return any(w in lex.words and any(p.tag.POS == "ADJF" for p in lex.parses(w))
               for w in (a[:-1] + "ий", a[:-1] + "ый", a[:-1] + "ой"))


@memoized(200_000)
def pair_score(lex: Lexicon, a: str, b: str) -> float:
    """Grammar of two adjacent words: a bonus when they fit (adjective + noun,
    preposition + governed case, modal + infinitive, noun + genitive), a cost when
    they cannot (a preposition with a case it does not govern, an adjective in
    another form than its noun)."""
    pa_all, pb_all = lex.parses(a), lex.parses(b)
    if pb_all and compound_part(lex, a) and any(p.tag.POS == "ADJF" for p in pb_all[:2]):
        return 1.5  # the first part of a compound adjective: "белорусско китайский"
    if not pa_all or not pb_all:
        return 0.0
    cases = _PREP_CASES.get(a)
    if cases is not None and pa_all[0].tag.POS == "PREP":
        return _governed(cases, pb_all)
    best = max([0.0] + [_fit(a, pa, pb) for pa in pa_all[:3] for pb in pb_all[:3]])
    # an adjective and a noun after it that match in no reading
    if best == 0.0 and all(p.tag.POS in ("ADJF", "PRTF") for p in pa_all) and all(p.tag.POS == "NOUN" for p in pb_all) \
            and not any(adj_noun(p.tag, q.tag) for p in pa_all for q in pb_all):
        return -DISAGREE_COST
    return best


def _governed(cases: frozenset[str], pb_all: list) -> float:
    """A preposition and the word after it, which it governs in one of `cases`."""
    nominal = [p for p in pb_all if p.tag.POS in _NOMINAL and p.tag.case]
    if not nominal and all(p.tag.POS in ("VERB", "INFN") for p in pb_all):
        return -GOVERN_COST  # "в развить": a preposition before a verb
    if not nominal or any(p.tag.POS not in _NOMINAL for p in pb_all[:2]):
        return 0.0
    if any(_case(p.tag) in cases for p in nominal):
        return 0.6
    return -GOVERN_COST


_DEPENDENT_POS = ("NOUN", "ADJF", "PRTF", "NPRO")  # what a noun takes in the genitive, a verb as object


def _fit(a: str, pa, pb) -> float:
    """How well one parse of `a` and one of the next word fit together (0: not at all):
    the first of these patterns the two parses make."""
    ta, tb = pa.tag, pb.tag
    if ta.POS in ("ADJF", "PRTF") and tb.POS == "NOUN":
        return 1.2 if adj_noun(ta, tb) else 0.0
    if ta.POS == "NUMR" and tb.POS == "NOUN":
        return 0.5
    if tb.POS == "INFN" and _takes_infinitive(a, pa):
        return 1.5
    if tb.POS in _DEPENDENT_POS:
        if ta.POS == "NOUN" and _case(tb) == _G and "Fixd" not in tb:
            return 0.5  # правительство беларуси, экспорт белорусской продукции
        if ta.POS in ("VERB", "INFN") and _takes_object(pa, tb):
            return 0.5  # высечь прибыль, становится платформой
    return 0.0


def _takes_infinitive(a: str, pa) -> bool:
    """A modal or intent word (планировать, должен) or a noun of intent (возможность, план) before an infinitive."""
    if pa.normal_form == _AUX_FUTURE:
        return pa.tag.POS == "VERB" and pa.tag.tense == "futr"
    return pa.normal_form in _MODAL_LEMMAS or pa.normal_form in _INF_NOUNS or a in _INF_NOUNS


def _takes_object(pa, tb) -> bool:
    """A transitive verb and its accusative object, or a copula and its instrumental."""
    return (pa.tag.transitivity == "tran" and _case(tb) == _A) or (pa.normal_form in _COPULA_ABLT and _case(tb) == _I)


def agree(lex: Lexicon, a: list, b: list) -> float:
    """Bonus when two adjacent words' best parses agree (for lists of parses)."""
    if not a or not b:
        return 0.0
    return pair_score(lex, a[0].word, b[0].word)


@memoized(50_000)
def first_name(lex: Lexicon, a: str) -> bool:
    ps = lex.parses(a)
    return bool(ps) and "Name" in ps[0].tag


@memoized(100_000)
def opening_score(lex: Lexicon, a: str) -> float:
    """A headline starts with a nominative, a verb, a preposition …, not a genitive."""
    ps = lex.parses(a)
    if not ps:
        return 0.0
    t = ps[0].tag  # the likeliest reading (мер is a genitive far more often than a verb)
    if t.POS in _OPENING_POS or _case(t) in ("nomn", "accs", None):
        return 0.0
    return -FIRST_OBLIQUE_COST


@memoized(100_000)
def chain_score(lex: Lexicon, gov: str, adj: str, noun: str) -> float:
    """A preposition or a copula, an adjective and its noun: one case must suit
    all three ("становится стратегической платформой", not "… платформы")."""
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


@memoized(100_000)
def context_score(lex: Lexicon, ws: tuple[str, ...]) -> float:
    """Grammar beyond neighbours: the first verb agrees with a nominative noun
    before it ("возможность … появится", not "появился"); an infinitive
    coordinated with an infinitive ("развивать и расширять"); "как правильно
    встретить"; coordinated adjectives before a plural noun."""
    return _Context(lex, list(ws)).score()


def _verb_fits(vt, st) -> bool:
    """A finite verb and a nominative subject agree in number (and gender in the past)."""
    if vt.number and st.number and vt.number != st.number:
        return False
    return not (vt.tense == "past" and vt.number == "sing" and vt.gender and st.gender and "ms-f" not in st and vt.gender != st.gender)


class _Context:
    """One walk over a headline's words, clause by clause, adding up `context_score`."""

    def __init__(self, lex: Lexicon, ws: list[str]) -> None:
        self.lex, self.ws = lex, ws
        self.s = 0.0
        self.subjects: list = []  # tags of the nominatives before the clause's first verb
        self.verb_seen = False

    def score(self) -> float:
        for i, w in enumerate(self.ws):
            ps = self.lex.parses(w)
            if not ps:
                continue
            pos = ps[0].tag.POS
            if pos == "CONJ" and w != "и":
                # a new clause: "… что связывает", "как будет развиваться"
                self.subjects = [p.tag for p in ps if p.tag.POS == "NPRO" and p.tag.case == "nomn"]
                self.verb_seen = False
                continue
            if not self.verb_seen:
                self.subject_or_verb(i, w, ps)
            if 0 < i < len(self.ws) - 1 and pos in ("ADJF", "PRTF"):
                self.adjective(i, w)
            if pos == "INFN" and i >= 2:
                self.infinitive(i)
        return self.s

    def _after_preposition(self, i: int) -> bool:
        prev = self.lex.parses(self.ws[i - 1]) if i > 0 else []
        return bool(prev) and prev[0].tag.POS == "PREP"

    def subject_or_verb(self, i: int, w: str, ps: list) -> None:
        """Before the clause's first verb: collect subjects, then check the verb against them."""
        pos = ps[0].tag.POS
        if pos in ("NOUN", "NPRO") and not self._after_preposition(i):
            self.subjects += [p.tag for p in ps[:3] if p.tag.case == "nomn" and p.tag.POS in ("NOUN", "NPRO")]
        elif pos in ("VERB", "INFN", "PRTS"):
            self.verb_seen = True
            self.verb(i, w, ps)

    def verb(self, i: int, w: str, ps: list) -> None:
        ws, t0 = self.ws, ps[0].tag
        if self.subjects and t0.POS == "VERB" and i > 0 and ws[i - 1] not in ("и", "не"):
            # (a verb in the first or second person has its own pronoun: "… беларусь: расширяем")
            fits = t0.person in ("1per", "2per") or any(
                _verb_fits(p.tag, st) for p in ps[:4] if p.tag.POS == "VERB" for st in self.subjects
            )
            self.s += 0.5 if fits else -SUBJECT_COST
        elif t0.POS == "INFN" and i > 0 and pair_score(self.lex, ws[i - 1], w) > 0:
            self.verb_seen = False  # "возможность производить": the verb comes later
        elif self.subjects and t0.POS == "INFN":
            self.s -= SUBJECT_COST  # a subject, then an infinitive nothing asks for

    def adjective(self, i: int, w: str) -> None:
        """An adjective between a governing word and its noun, or coordinated with another."""
        ws = self.ws
        self.s += chain_score(self.lex, ws[i - 1], w, ws[i + 1])
        if self._coordinated(i) and pair_score(self.lex, w, ws[i + 1]) < 0:
            self.s += DISAGREE_COST  # "минская и брестская области" is right

    def _coordinated(self, i: int) -> bool:
        """ws[i] is the second of two adjectives joined by "и" ("минская и брестская области")."""
        if i < 2 or self.ws[i - 1] != "и":
            return False
        p = self.lex.parses(self.ws[i - 2])
        return bool(p) and p[0].tag.POS in ("ADJF", "PRTF")

    def infinitive(self, i: int) -> None:
        """Infinitives coordinated ("развивать и расширять") or after "как правильно"."""
        ws, lex = self.ws, self.lex
        prev2 = lex.parses(ws[i - 2])
        if ws[i - 1] == "и" and prev2 and prev2[0].tag.POS == "INFN":
            self.s += 1.2
        elif ws[i - 2] in ("как", "чтобы", "что") and lex.parses(ws[i - 1]) and \
                lex.parses(ws[i - 1])[0].tag.POS == "ADVB":
            self.s += 1.0
