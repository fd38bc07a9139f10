"""The spelling rules: how slugs write each Russian letter.

Sites transliterate with different schemes (я = ja|ya|ia, й = j|i|y, ь dropped
or j|i, щ = sch, ц = ts|tc|cz|c, х = h|kh|x|ch …), and French, Polish or English
spellings leak in. Each Latin spelling has its Cyrillic readings with a cost
(0 = the usual reading); `plain_reading` takes the usual one throughout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Latin spelling -> Cyrillic readings with a cost (0 = the usual reading).
RULES: dict[str, tuple[tuple[str, float], ...]] = {
    "shch": (("щ", 0.0),),
    "shh": (("щ", 0.1), ("шх", 1.5)),  # GOST 7.79 (B) and yandex write щ as shh (pushhu: пущу)
    "sch": (("щ", 0.0), ("сч", 0.4), ("ш", 1.5)),
    "sh": (("ш", 0.0), ("сх", 1.2)),
    # ш: French spelling leaking in (Loukachenko); х: Polish and German spelling (beloruskich)
    "ch": (("ч", 0.0), ("х", 1.2), ("ш", 1.4), ("кх", 2.0)),
    # French spellings leaking into slugs: moguilevskaja, Ouzbékistan
    "gui": (("ги", 0.8),),
    "gue": (("ге", 0.8),),
    "ou": (("у", 0.7), ("оу", 0.3)),
    "zh": (("ж", 0.0), ("зх", 1.5)),
    "kh": (("х", 0.0), ("кх", 0.8)),
    "ts": (("ц", 0.2), ("тс", 0.3), ("тьс", 0.6)),
    "tc": (("ц", 0.3),),
    "cz": (("ц", 0.2),),
    "cs": (("кс", 0.8),),
    "ck": (("к", 0.5),),
    "ja": (("я", 0.0), ("ья", 0.5), ("ъя", 1.0), ("йа", 1.5)),
    "ya": (("я", 0.0), ("ья", 0.5), ("ыя", 1.2), ("ъя", 1.0)),
    "ia": (("ия", 0.1), ("я", 0.3), ("ья", 0.7)),
    "ju": (("ю", 0.0), ("ью", 0.5), ("ъю", 1.0)),
    "yu": (("ю", 0.0), ("ью", 0.5)),
    "iu": (("ю", 0.2), ("ию", 0.3), ("ью", 0.7)),
    "je": (("е", 0.2), ("ье", 0.3), ("ъе", 0.5), ("э", 1.0)),
    "ye": (("е", 0.2), ("ье", 0.3), ("ъе", 0.5), ("ые", 0.6)),
    "jo": (("ё", 0.2), ("ьо", 0.5), ("йо", 0.8)),
    "io": (("ио", 0.0), ("ё", 0.4), ("ьо", 0.8)),  # the ia/iu scheme writes ё as io (nachniot)
    "yo": (("ё", 0.2), ("ьо", 0.5), ("йо", 0.8)),
    "ji": (("ьи", 0.4), ("йи", 1.0)),
    "yi": (("ый", 0.3), ("ы", 0.4), ("ьи", 0.5), ("ий", 0.8)),
    "iy": (("ий", 0.0), ("ый", 0.5)),
    "yy": (("ый", 0.0), ("ыы", 2.0)),
    "ij": (("ий", 0.0), ("ый", 0.8)),
    "ii": (("ии", 0.0), ("ий", 0.3)),  # the ia/iu scheme writes й as i (predpriiatii)
    "yj": (("ый", 0.0), ("ий", 0.6)),
    "ei": (("ей", 0.2), ("еи", 0.4)),
    "ey": (("ей", 0.0), ("ее", 1.0)),
    "oy": (("ой", 0.0),),
    "oj": (("ой", 0.0),),
    "aj": (("ай", 0.0),),
    "ay": (("ай", 0.0),),
    "uj": (("уй", 0.0),),
    "a": (("а", 0.0),),
    "b": (("б", 0.0),),
    "v": (("в", 0.0),),
    "w": (("в", 0.5),),
    "g": (("г", 0.0),),
    "d": (("д", 0.0),),
    "e": (("е", 0.0), ("э", 0.4), ("ё", 0.3)),
    "z": (("з", 0.0),),
    "i": (("и", 0.0), ("й", 0.6), ("ь", 0.8), ("ы", 1.5)),
    "j": (("й", 0.1), ("ь", 0.5), ("ъ", 0.8)),
    "y": (("ы", 0.0), ("й", 0.3), ("и", 0.8), ("ь", 1.0)),
    "k": (("к", 0.0),),
    "l": (("л", 0.0),),
    "m": (("м", 0.0),),
    "n": (("н", 0.0),),
    "o": (("о", 0.0), ("ё", 1.0)),
    "p": (("п", 0.0),),
    "r": (("р", 0.0),),
    "s": (("с", 0.0),),
    "t": (("т", 0.0),),
    "u": (("у", 0.0),),
    "f": (("ф", 0.0),),
    "h": (("х", 0.0),),
    "x": (("х", 0.2), ("кс", 0.8)),  # кс: an English spelling (expo); Russian slugs write ks
    "c": (("ц", 0.3), ("к", 0.5), ("ч", 0.6), ("с", 1.0)),  # ч: č without its hacek (sotrudnicat)
    "q": (("к", 0.8),),
    "'": (("ь", 0.0),),
    "č": (("ч", 0.0),),
    "š": (("ш", 0.0),),
    "ž": (("ж", 0.0),),
    "`": (("ь", 0.3),),
}
MAX_RULE = max(len(k) for k in RULES)
_PLAIN = {k: v[0][0] for k, v in RULES.items()}
CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
VOWELS = frozenset("аеёиоуыэюя")
_LATIN_CONSONANTS = "bcdfghklmnpqrstvwxz"
# prefixes a ъ follows (the lexicon decides for its words; these guide names and coinages)
_HARD_PREFIXES = ("об", "под", "раз", "рас", "из", "над", "от", "пред", "транс", "меж", "сверх", "суб", "контр",
                  "пан", "кон", "дез", "диз", "пост", "супер", "вз", "без", "трех", "двух")
_LONGEST_HARD_PREFIX = max(map(len, _HARD_PREFIXES))


def expansions(latin: str, i: int) -> Iterator[tuple[int, str, float]]:
    """The readings of the letters at `latin[i]`: (Latin letters read, Cyrillic, cost)."""
    c = latin[i]
    if "а" <= c <= "я" or c == "ё":  # Cyrillic letters typed into a Latin slug (sovместnyj)
        yield 1, c, 0.0
        return
    for n in range(min(MAX_RULE, len(latin) - i), 0, -1):
        chunk = latin[i : i + n]
        rule = RULES.get(chunk)
        if rule:
            # after a consonant, je is ье or ъе in slugs that write е as e (premjer, objemy)
            after_consonant = chunk == "je" and i > 0 and latin[i - 1] in _LATIN_CONSONANTS
            for cyr, cost in rule:
                yield n, cyr, (cost + 0.8 if after_consonant and cyr == "е" else cost)


class Expansions:
    """`expansions` of every position of a word, computed when the search first
    reaches it (a search that dies early in a long word reads no further)."""

    def __init__(self, latin: str) -> None:
        self.latin = latin
        self._at: dict[int, list[tuple[int, str, float]]] = {}

    def __getitem__(self, i: int) -> list[tuple[int, str, float]]:
        v = self._at.get(i)
        if v is None:
            v = self._at[i] = list(expansions(self.latin, i))
        return v


def plain_reading(latin: str) -> str:
    """The usual letter mapping, for names the lexicon does not know."""
    latin = latin.lower()
    out: list[str] = []
    i = 0
    while i < len(latin):
        for n in range(min(MAX_RULE, len(latin) - i), 0, -1):
            chunk = latin[i : i + n]
            if chunk in _PLAIN:
                cyr = _PLAIN[chunk]
                if chunk in ("je", "jo") and out and out[-1][-1] in CONSONANTS:
                    # slugs that write е as e write je after a consonant only for ье, ъе
                    # (premjer, objemy); ъ after a prefix (transjevrazijskoj). Every piece
                    # has a letter: the last few pieces hold the longest prefix.
                    tail = "".join(out[-_LONGEST_HARD_PREFIX:])
                    cyr = ("ъ" if tail.endswith(_HARD_PREFIXES) else "ь") + cyr[-1]
                out.append(cyr)
                i += n
                break
        else:
            out.append(latin[i])
            i += 1
    s = "".join(out)
    # common endings of names and adjectives
    s = re.sub(r"ыя$", "ия", s)
    # an unknown word starting with e is a loanword: электро-, экспо (Russian е- words are in the lexicon)
    if s.startswith("е"):
        s = "э" + s[1:]
    return s
