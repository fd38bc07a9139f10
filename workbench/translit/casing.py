"""The headline as a site would publish it, from the lower-case words a slug gives.

A slug keeps neither case nor hyphens. Russian orthography puts them back from
the words themselves: sentence case; capitals for names, places and
organisations (pymorphy3's Name/Surn/Patr/Geox/Orgn/Trad tags), capitals for
acronyms (Abbr, and short letter clusters the dictionary cannot read); the
glossary's own spelling for its terms (МТЗ, БелАЗ, Гомсельмаш); the adjective
of a region's name before область/район (Гомельской области); hyphens where the
dictionary writes a compound (социально-экономическое, премьер-министра) or where
the first part only lives in compounds (торгово-развлекательного,
бизнес-форума), and after a number (75-летие, 81-ю). Where the French title
shows it, the speaker's colon (Никитина: …) and quotation marks around a name
(«Гомсельмаш»).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from workbench.lexicon import Lexicon
from workbench.slugs import skeleton
from workbench.translit.grammar import adj_noun, compound_part

NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
NAME_SHARE = 0.5  # share of a word's parse weight that must be a name to capitalise it
FIRST_NAME_SHARE = 0.05  # a first name before a surname needs only some weight as a name
AREA_NOUNS = frozenset({"область", "район", "край", "округ", "губерния", "уезд", "волость", "воеводство"})
COMPOUND_HEADS = 20  # dictionary compounds a first part must start (бизнес-: 485) to join a new one
COMPOUND_TAILS = 5  # ... with at least this many different second parts
ORDINAL_ENDS = frozenset({"й", "я", "е", "го", "му", "м", "ю", "х", "ми", "ой", "ей"})
NUMERAL_STEMS = ("сто", "пяти", "двух", "трех", "десяти")  # 75-летие: столетие, пятилетие
STATE_NOUNS = frozenset({"республика", "федерация", "королевство", "княжество"})
CUT_WORD_ZIPF = 4.0  # a word this frequent (тысяча, процент) explains a cut abbreviation (тыс, проц)
JOINERS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
_VOWELS = set("аеёиоуыэюяaeiouy")
_LATIN = re.compile(r"^[a-z]+$")
_NUMBER = re.compile(r"\d$")
_ROAD = re.compile(r"^[а-я]{1,2}\d{1,3}$")
_ROMAN = re.compile(r"^[ivxlcdm]{1,4}$")


def restore_headline(words: list[str], lex: Lexicon, title_fr: str = "") -> str:
    """`words` (lower case, as `transliterate` reads them) as a published headline."""
    ws = join_compounds(join_numbers([w for w in words if w], lex), lex)
    out: list[str] = []
    for i, w in enumerate(ws):
        prev = ws[i - 1] if i else ""
        nxt = ws[i + 1] if i + 1 < len(ws) else ""
        out.append(case_word(w, prev, nxt, lex))
    if out:
        out[0] = _sentence_start(out[0])
    return punctuate(out, title_fr)


# ---------------------------------------------------------------- case


def case_word(w: str, prev: str, nxt: str, lex: Lexicon) -> str:
    """One word in its published case, its neighbours as context."""
    if not w or not w[0].isalpha():
        return w
    if _LATIN.match(w):
        return _latin_case(w)
    if _ROAD.match(w):
        return w.upper()  # М1, Р23: a road's letter and number
    if "-" in w:
        parts = w.split("-")
        if any(lex.cased.get(p) for p in parts) or _name_share(w, lex) >= NAME_SHARE:
            # a hyphenated name: each part capitalised (Санкт-Петербурга, Нарва-Йыэсуу)
            return "-".join(lex.cased.get(p) or (p[:1].upper() + p[1:] if len(p) > 2 else p) for p in parts)
        return "-".join(case_word(p, "", "", lex) if p.isdigit() or _LATIN.match(p) or lex.cased.get(p)
                        or _is_acronym(p, lex) else p for p in parts)
    cased = lex.cased.get(w)
    if cased:
        return cased
    if _is_acronym(w, lex) and not _NUMBER.search(prev):
        return w.upper()  # (after a number, an abbreviation is a unit: 347 млн, 5 тыс)
    if nxt and _area_adjective(w, nxt, lex):
        return _cap(w)
    if _agrees_as_adjective(w, nxt, lex):
        return w  # минском полумарафоне: an adjective, whatever else it could be
    if _name_share(w, lex) >= NAME_SHARE or _first_name(w, nxt, lex) or _surname_after(w, prev, lex):
        return _cap(w)
    if prev and _area_noun_before_name(w, nxt, lex):
        return _cap(w)
    return w


def _latin_case(w: str) -> str:
    """A Latin word left in a Russian headline is a brand or a name (Microsoft,
    Galaxy), or an acronym (WTA, roman numerals)."""
    from wordfreq import zipf_frequency

    if _ROMAN.match(w) or (len(w) <= 4 and (not _VOWELS & set(w) or zipf_frequency(w, "en") < 3.0)):
        return w.upper()
    return _cap(w)


def _is_acronym(w: str, lex: Lexicon) -> bool:
    """ДТП, США, АЭС (the dictionary's abbreviations, but not the cut words млн,
    тыс, руб); МЦД, КХЛ, НПЗ (short letter clusters the dictionary lacks)."""
    ps = _parses(w, lex)
    if ps:
        total = sum(p.score for p in ps) or 1.0
        # an initialism does not decline (ДТП, США); вуз, вузы is a word of its own
        return sum(p.score for p in ps if "Abbr" in p.tag and "Fixd" in p.tag) / total >= NAME_SHARE \
            and not _cut_word(w, lex)
    if len(w) <= 4:
        return not (_VOWELS & set(w)) or _unreadable(w, lex)
    return False


def _cut_word(w: str, lex: Lexicon) -> bool:
    """An abbreviation by cutting (тыс: тысяча, проц: процент, млн: миллион), written
    in lower case: the start, or the consonants, of a frequent word."""
    if len(w) < 3:
        return False
    k = bisect_left(lex.sorted_words, w)
    for cand in lex.sorted_words[k:k + 2000]:
        if not cand.startswith(w):
            break
        if cand != w and lex.zipf(cand) >= CUT_WORD_ZIPF:
            return True
    return False


def _unreadable(w: str, lex: Lexicon) -> bool:
    """pymorphy3 finds no word shape at all for it (сэз, пэт)."""
    ps = lex.morphology.analyzer.parse(w)
    return not ps or all(p.tag.POS is None for p in ps)


def _noun_names(ps) -> float:
    """The weight of name readings among parses: nouns tagged as names, and
    adjectival surnames (an adjective of a place is written in lower case)."""
    total = sum(p.score for p in ps) or 1.0
    return sum(p.score for p in ps if (p.tag.POS == "NOUN" and NAME_TAGS & p.tag.grammemes)
               or "Surn" in p.tag) / total


def _name_share(w: str, lex: Lexicon) -> float:
    """How much of a word's reading is a name. A word outside the dictionary is
    read letter by letter from the slug: a name (Жапаров, Кличко, Цинциннати),
    unless it is a compound of a known word (велопутешественника) or an adjective."""
    if not w.replace("-", "").isalpha():
        return 0.0
    ps = _parses(w, lex)
    if ps:
        if any("Orgn" in p.tag for p in ps[:1]) and _compound_of_known(w, lex):
            return 0.0  # стеклозавод, химзаводе: the dictionary's Orgn on a plain compound noun
        return _noun_names(ps)
    if len(w) < 3 or _compound_of_known(w, lex):
        return 0.0
    guess = lex.morphology.analyzer.parse(w)[:1]
    return 0.0 if guess and guess[0].tag.POS in ("ADJF", "ADJS", "VERB", "INFN", "PRTF", "GRND", "ADVB") else 1.0


def _parses(w: str, lex: Lexicon) -> list:
    """The dictionary's parses, also for a word whose ё the slug wrote as е (съемка)."""
    return lex.parses(w) or lex.memo(_yo_parses, 20_000)(w)


def _yo_parses(lex: Lexicon, w: str) -> list:
    if "е" not in w:
        return []
    return [p for p in lex.morphology.analyzer.parse(w) if p.is_known][:6]


def _compound_of_known(w: str, lex: Lexicon) -> bool:
    """вело+путешественника, стекло+завод, не+торжественно: a prefix and a dictionary word."""
    for k in range(2, len(w) - 3):
        head, tail = w[:k], w[k:]
        if (k >= 3 or head == "не") and len(tail) >= 5 and _parses(tail, lex) and lex.zipf(tail) >= 2.5:
            return True
    return False


def _has_name_reading(w: str, lex: Lexicon, tags: frozenset[str]) -> bool:
    ps = lex.parses(w)
    total = sum(p.score for p in ps) or 1.0
    return bool(ps) and sum(p.score for p in ps if tags & p.tag.grammemes) / total >= FIRST_NAME_SHARE


def _first_name(w: str, nxt: str, lex: Lexicon) -> bool:
    """Роман Головченко, Кая Каллас: a first name, in the case of the surname after it."""
    if not nxt or not _has_name_reading(w, lex, frozenset({"Name"})):
        return False
    ps = lex.parses(nxt)
    if not ps:
        return _name_share(nxt, lex) >= NAME_SHARE
    total = sum(p.score for p in ps) or 1.0
    return sum(p.score for p in ps if "Surn" in p.tag) / total >= NAME_SHARE


def _surname_after(w: str, prev: str, lex: Lexicon) -> bool:
    """Олегом Мельниченко: a surname reading right after a first name."""
    if not prev:
        return False
    pp = lex.parses(prev)
    total = sum(p.score for p in pp) or 1.0
    first = bool(pp) and sum(p.score for p in pp if "Name" in p.tag) / total >= NAME_SHARE
    return first and _has_name_reading(w, lex, frozenset({"Surn"}))


def _adjective_parses(w: str, lex: Lexicon) -> list:
    ps = lex.parses(w) or (lex.morphology.analyzer.parse(w)[:4] if w.isalpha() and len(w) > 3 else [])
    return [p for p in ps if p.tag.POS == "ADJF"]


def _area_adjective(w: str, nxt: str, lex: Lexicon) -> bool:
    """Гомельской области, Ганцевичском районе: the adjective of a name before
    the kind of area it names is part of the name."""
    adj = _adjective_parses(w, lex)
    if not adj:
        return False
    nouns = [p for p in lex.parses(nxt)[:3] if p.normal_form in AREA_NOUNS]
    return any(adj_noun(a.tag, n.tag) for a in adj for n in nouns)


def _agrees_as_adjective(w: str, nxt: str, lex: Lexicon) -> bool:
    """Can `w` be an adjective that agrees with the noun after it?"""
    if not nxt:
        return False
    adj = [p for p in _parses(w, lex) if p.tag.POS == "ADJF" and "Surn" not in p.tag]
    if not adj:
        return False
    nps = _parses(nxt, lex) or (lex.morphology.analyzer.parse(nxt)[:3] if nxt.isalpha() else [])
    nouns = [p for p in nps[:3] if p.tag.POS == "NOUN"]
    return any(adj_noun(a.tag, n.tag) for a in adj for n in nouns)


def _area_noun_before_name(w: str, nxt: str, lex: Lexicon) -> bool:
    """Республики Беларусь: a state's kind before its name."""
    return bool(nxt) and any(p.normal_form in STATE_NOUNS for p in lex.parses(w)[:2]) \
        and _name_share(nxt, lex) >= NAME_SHARE


def _cap(w: str) -> str:
    return w[:1].upper() + w[1:]


def _sentence_start(w: str) -> str:
    if w[:1].isalpha() and w[:1].islower() and not (w[1:2].isupper()):  # iPhone keeps its case
        return _cap(w)
    return w


# ---------------------------------------------------------------- numbers

MONTHS = frozenset({"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
                    "ноябрь", "декабрь"})


def join_numbers(ws: list[str], lex: Lexicon) -> list[str]:
    """Numbers a slug splits at their punctuation: a date (21 11 2019: 21.11.2019),
    a range of days (7 9 ноября: 7-9 ноября), a decimal before a noun in the
    genitive singular a fraction takes (91 97 рубля: 91,97 рубля)."""
    out: list[str] = []
    i = 0
    while i < len(ws):
        w = ws[i]
        a = ws[i:i + 4]
        if len(a) >= 3 and all(x.isdigit() for x in a[:3]) and _is_date(a[0], a[1], a[2]):
            out.append(".".join(a[:3]))
            i += 3
            continue
        if len(a) >= 3 and a[0].isdigit() and a[1].isdigit() and len(a[1]) <= 2:
            nxt = a[2]
            if _month(nxt, lex):
                out.append(f"{a[0]}-{a[1]}")
                i += 2
                continue
            if any(p.tag.POS == "NOUN" and "gent" in p.tag and "sing" in p.tag for p in lex.parses(nxt)[:1]):
                out.append(f"{a[0]},{a[1]}")
                i += 2
                continue
        out.append(w)
        i += 1
    return out


def _is_date(d: str, m: str, y: str) -> bool:
    return 1 <= int(d) <= 31 and 1 <= int(m) <= 12 and len(y) == 4 and y[:2] in ("19", "20")


def _month(w: str, lex: Lexicon) -> bool:
    return any(p.normal_form in MONTHS for p in lex.parses(w)[:2])


# ---------------------------------------------------------------- hyphens


def join_compounds(ws: list[str], lex: Lexicon) -> list[str]:
    """Adjacent words written as one hyphenated word."""
    out: list[str] = []
    i = 0
    while i < len(ws):
        w = ws[i]
        while i + 1 < len(ws) and _hyphenate(w, ws[i + 1], ws[i + 2] if i + 2 < len(ws) else "", lex):
            w = f"{w}-{ws[i + 1]}"
            i += 1
        out.append(w)
        i += 1
    return out


def _hyphenate(a: str, b: str, after: str, lex: Lexicon) -> bool:
    if not (a and b) or not b[0].isalpha():
        return False
    if a.isdigit():
        # 75-летие, 81-ю: a number and the rest of a word
        return b in ORDINAL_ENDS or any(s + b in lex.words for s in NUMERAL_STEMS)
    last = a.rsplit("-", 1)[-1]
    if not (last.isalpha() and b.isalpha()) or _LATIN.match(last) or _LATIN.match(b):
        return False
    joined = f"{a}-{b}"
    a_known, b_known = last in lex.words, b in lex.words
    if joined in lex.words:
        # по новому мосту: a preposition and a word of its own stay apart
        return not (a_known and b_known and _is_joiner(last, lex) and not _is_joiner(b, lex))
    bp = lex.parses(b)
    if not bp:
        return False
    if not a_known and compound_part(lex, last) and bp[0].tag.POS == "ADJF":
        return True
    if not _productive_head(last, lex):
        return False
    if not a_known and compound_part(lex, last):
        # торгово-развлекательного, белорусско-российского: a stem that only lives in compounds
        return bp[0].tag.POS == "ADJF"
    ap = lex.parses(last)
    # бизнес-форума: a noun that heads many dictionary compounds, before a common noun
    return bool(ap) and ap[0].tag.POS == "NOUN" and bp[0].tag.POS == "NOUN" \
        and not (NAME_TAGS & bp[0].tag.grammemes) and "nomn" in ap[0].tag and "nomn" not in bp[0].tag


def _is_joiner(w: str, lex: Lexicon) -> bool:
    ps = lex.parses(w)
    return bool(ps) and ps[0].tag.POS in JOINERS


def _productive_head(a: str, lex: Lexicon) -> bool:
    """Does the dictionary write many compounds that start `a-` (бизнес-, торгово-)?"""
    cache = lex.memo(_heads, 4096)
    n, tails = cache(a)
    return n >= COMPOUND_HEADS and tails >= COMPOUND_TAILS


def _heads(lex: Lexicon, a: str) -> tuple[int, int]:
    keys = lex.words.keys(a + "-")
    return len(keys), len({k[len(a) + 1:][:5] for k in keys})


# ---------------------------------------------------------------- the French title's punctuation

_QUOTED_FR = re.compile(r"[«\"“]\s*([^»\"”]+?)\s*[»\"”]")
_SPEAKER_FR = re.compile(r"^\s*([^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*)?)\s*:\s")


def punctuate(words: list[str], title_fr: str) -> str:
    """The speaker's colon and the quotation marks of the French title, on the
    Russian words they belong to (the name is the same word in both: a name
    read letter by letter from the slug)."""
    if not title_fr or not words:
        return " ".join(words)
    ws = list(words)
    m = _SPEAKER_FR.match(title_fr)
    if m and len(ws) > 1:
        speaker = m.group(1).split()
        n = len(speaker)
        if n < len(ws) and all(_same_name(s, w) for s, w in zip(speaker, ws[:n], strict=False)) \
                and not ws[n - 1].endswith(":"):
            ws[n - 1] += ":"
    for q in _QUOTED_FR.findall(title_fr):
        qs = q.split()
        for i in range(len(ws) - len(qs) + 1):
            if all(_same_name(s, w) for s, w in zip(qs, ws[i:i + len(qs)], strict=False)):
                ws[i] = "«" + _cap(ws[i].lstrip("«"))
                ws[i + len(qs) - 1] = ws[i + len(qs) - 1].rstrip("»") + "»"
                break
    return " ".join(ws)


def _same_name(fr: str, ru: str) -> bool:
    """A French word and a Russian one that spell the same name (Nikitina,
    Никитина; Gomselmash, Гомсельмаш): their skeletons (`slugs.skeleton`) start alike."""
    a, b = skeleton(fr), skeleton(ru.strip("«»:"))
    if len(a) < 3 or len(b) < 3:
        return False
    k = min(len(a), len(b), 5)
    return a[:k] == b[:k]
