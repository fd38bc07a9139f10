"""The choice among the readings of a headline's words.

Each word's readings score on their own (letter mapping, frequency); the
headline scores the grammar between them (`grammar`): a Viterbi pass over
neighbours, then changes of one word, or of two verbs, while the whole headline
scores better. Where neighbours cannot fit, the other forms of their lexemes
and their one-letter repairs are offered (slugs with a wrong ending).
"""

from __future__ import annotations

from workbench.lexicon import Lexicon
from workbench.translit.candidates import Option
from workbench.translit.grammar import (
    adj_noun,
    context_score,
    first_name,
    opening_score,
    pair_score,
)
from workbench.translit.repairs import INFLECT_COST, inflections
from workbench.translit.rules import plain_reading
from workbench.translit.search import INSERT_COST, Reading, word_readings

INFN_PRIOR = 0.5  # headlines use finite verbs, infinitives mostly after "планирует"
SURNAME_BONUS = 1.8  # a first name is followed by a surname, rarely by a common noun
LATIN_RUN_BONUS = 1.5  # English words come in runs ("international trade and industry fair")

Options = list[list[Option]]  # the readings offered for each word of the headline
Owns = list[list[float]]  # the score of each reading on its own


def own_scores(options: Options, lex: Lexicon) -> Owns:
    return [[_own(rs, pen, lex) for rs, pen in opts] for opts in options]


def _own(rs: list[Reading], pen: float, lex: Lexicon) -> float:
    own = sum(r.score for r in rs) - pen
    parses = lex.parses(rs[0].ru)
    if parses and all(p.tag.POS == "INFN" for p in parses[:2]):
        own -= INFN_PRIOR
    return own


def is_latin(r: Reading) -> bool:
    return not r.known and r.ru.isascii() and r.ru.isalpha()


def _link(a: Reading, b: Reading, lex: Lexicon) -> float:
    bonus = pair_score(lex, a.ru, b.ru)
    if not b.known and b.ru[-2:] == a.ru[-2:] and first_name(lex, a.ru):
        bonus += SURNAME_BONUS  # a surname after a first name, in its case: "виктором орбаном"
    if is_latin(a) and is_latin(b):
        bonus += LATIN_RUN_BONUS
    return bonus


def _total(options: Options, owns: Owns, choice: list[int], lex: Lexicon) -> float:
    s = 0.0
    prev = None
    ws: list[str] = []
    for i, k in enumerate(choice):
        rs = options[i][k][0]
        s += owns[i][k]
        if prev is None:
            s += opening_score(lex, rs[0].ru)
        else:
            s += _link(prev, rs[0], lex)
        prev = rs[-1]
        ws += [r.ru for r in rs]
    return s + context_score(lex, tuple(ws))


def viterbi(options: Options, owns: Owns, lex: Lexicon) -> list[int]:
    """The best reading of each word for its own score and its neighbours' grammar."""
    if not options:
        return []
    score = [owns[0][k] + opening_score(lex, rs[0].ru) for k, (rs, _) in enumerate(options[0])]
    back: list[list[int]] = []  # for each word after the first: the best previous reading of each reading
    for i in range(1, len(options)):
        cur, ptr = [], []
        for k, (rs, _) in enumerate(options[i]):
            best, arg = 0.0, -1
            for j, s in enumerate(score):
                c = s + owns[i][k] + _link(options[i - 1][j][0][-1], rs[0], lex)
                if arg < 0 or c > best:
                    best, arg = c, j
            cur.append(best)
            ptr.append(arg)
        score = cur
        back.append(ptr)
    k = max(range(len(score)), key=score.__getitem__)
    path = [k]
    for ptr in reversed(back):
        k = ptr[k]
        path.append(k)
    return path[::-1]


def improve(options: Options, owns: Owns, choice: list[int], lex: Lexicon) -> list[int]:
    """Change one word at a time while the whole headline scores better (the
    grammar beyond neighbours: subject and verb, coordinated infinitives)."""
    best = _total(options, owns, choice, lex)
    for _ in range(3):
        changed = False
        for i in range(len(options)):
            for k in range(len(options[i])):
                if k == choice[i]:
                    continue
                trial = [*choice[:i], k, *choice[i + 1:]]
                t = _total(options, owns, trial, lex)
                if t > best + 1e-9:
                    best, choice, changed = t, trial, True
        if not changed:
            break
    # verb forms depend on each other across the headline (производить … появится
    # against производит … появился): change two of them at once
    verbs = [i for i, opts in enumerate(options) if len(opts) > 1 and _has_verb(opts, lex)]
    for x, i in enumerate(verbs):
        for j in verbs[x + 1 :]:
            for ki in range(min(4, len(options[i]))):
                for kj in range(min(4, len(options[j]))):
                    if ki == choice[i] or kj == choice[j]:
                        continue
                    trial = list(choice)
                    trial[i], trial[j] = ki, kj
                    t = _total(options, owns, trial, lex)
                    if t > best + 1e-9:
                        best, choice = t, trial
    return choice


def _has_verb(opts: list[Option], lex: Lexicon) -> bool:
    return any(p.tag.POS in ("VERB", "INFN") for rs, _ in opts for p in lex.parses(rs[0].ru)[:2])


def completes(w: str, r: Reading, lex: Lexicon) -> bool:
    """Is `r` the slug word `w` completed with a letter at its end? The slug may
    stop inside its last word (sites cut slugs): a start of a word is not
    completed with letters nothing shows (pakista, not пакистан)."""
    if r.cost < INSERT_COST or not (w.isascii() and w.isalpha()):
        return False
    p = plain_reading(w)
    return r.ru.startswith(p) and len(r.ru) > len(p) and not lex.known(p) and lex.has_prefix(p)


def _add_repairs(options: Options, j: int, words: list[str], final: bool, lex: Lexicon, have: set[str]) -> bool:
    """Offer the one-letter repairs of slug word j (frequent words only)."""
    added = False
    if len(words[j]) >= 5 and words[j].isascii():
        for e in word_readings(words[j].lower(), lex, edits=1):
            if final and j == len(words) - 1 and completes(words[j], e, lex):
                continue
            if e.ru not in have and e.freq >= 3.0:
                have.add(e.ru)
                options[j].append(([e], 0.0))
                added = True
    return added


def add_inflections(options: Options, choice: list[int], words: list[str], final: bool, lex: Lexicon) -> bool:
    """Where neighbours cannot fit together (a preposition and a case it does not
    govern, an adjective and its noun in different forms), offer the other forms
    of both words, and their one-letter repairs (`v-razviti` -> в развитии); and
    the repairs of a word read letter by letter. `final`: the last of `words`
    ends the slug (which may be cut inside it)."""
    added = False
    for i in range(1, len(options)):
        a, b = options[i - 1][choice[i - 1]][0][-1], options[i][choice[i]][0][0]
        if not _misfit(options, choice, i, lex):
            continue
        for j, r in ((i - 1, a), (i, b)):
            rs, _ = options[j][choice[j]]
            if len(rs) != 1 or not r.known or r.web:
                continue
            have = {o[0][0].ru for o in options[j]}
            for f in inflections(lex, r.ru):
                if f not in have:
                    have.add(f)
                    cost = r.cost + INFLECT_COST + 0.1 * abs(len(f) - len(r.ru))
                    options[j].append(([Reading(f, cost, True, lex.zipf(f))], 0.0))
                    added = True
            added |= _add_repairs(options, j, words, final, lex, have)
    for j, k in enumerate(choice):
        rs = options[j][k][0]
        if len(rs) == 1 and (not rs[0].known or rs[0].web) and any(o[0][0].known for o in options[j]):
            # read letter by letter although known readings exist (`razviti`: развить
            # cannot follow "в"): its repairs may fit
            added |= _add_repairs(options, j, words, final, lex, {o[0][0].ru for o in options[j]})
    return added


def _misfit(options: Options, choice: list[int], i: int, lex: Lexicon) -> bool:
    """Words i-1 and i, as chosen, cannot stand together."""
    a, b = options[i - 1][choice[i - 1]][0][-1], options[i][choice[i]][0][0]
    if pair_score(lex, a.ru, b.ru) >= 0:
        return False
    if i + 1 < len(options) and pair_score(lex, a.ru, options[i + 1][choice[i + 1]][0][0].ru) > 0:
        return False  # a noun used as a modifier: "совместном бизнес форуме"
    # coordinated adjectives: "минская и брестская области"
    return not (i >= 2 and options[i - 2][choice[i - 2]][0][-1].ru == "и" and any(
        adj_noun(p.tag, q.tag, True) for p in lex.parses(a.ru) for q in lex.parses(b.ru)
    ))
