"""Traces a machine translation engine leaves in French text.

Pure: `find_artifacts(text)` returns `Artifact`s with offsets. One type per trace, each its own QA finding (`mt_artifact`,
the type in the finding's `term`):

- `placeholder`: a tag placeholder the engine did not restore (`xml-ph-0000@dee`,
  `{0}`, `%s`, `<ph id="1"/>`);
- `repeat`: a span printed twice back to back (a title, a clause, `de de`),
  compared without case or accents, so `Bélarus … Belarus` repeats too;
- `english`: an English function word inside a French sentence (`of`, `the`),
  not inside a name (`Bank of China`);
- `markup`: HTML or Markdown left in the text (`<br />`, `&nbsp;`, `**`, `[x](url)`);
- `cut`: a sentence that stops without its end, cut mid-word or its full stop
  lost, the next sentence glued on (`aux projets "Ve Un objectif…`);
- `lost_letter`: U+FFFD, where the conversion lost a character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TYPES = ("placeholder", "repeat", "english", "markup", "cut", "lost_letter")


@dataclass(frozen=True)
class Artifact:
    start: int
    end: int
    type: str
    found: str
    suggestion: str


_PLACEHOLDER = re.compile(
    r"\b[a-z]{1,4}-ph-[\w.@-]*"  # xml-ph-0000@dee, and what is left of one cut short
    r"|\{\d{1,2}\}|%\d\$[sd]|(?<!\w)%[sd]\b"  # {0}, %1$s, %s
    r"|</?(?:ph|x|bx|ex|bpt|ept|it|g|mrk)\b[^<>]{0,80}/?>"  # XLIFF/TMX inline tags
    r"|\[\[\w{1,20}\]\]|@@\w{1,20}@@|__[A-Z]{2,10}_?\d*__"
)
_MARKUP = re.compile(
    r"</?(?:br|p|div|span|b|i|u|em|strong|sup|sub|a|li|ul|ol|table|tr|td|h[1-6])\b[^<>]{0,120}/?>"
    r"|&(?:nbsp|amp|lt|gt|quot|apos|laquo|raquo|mdash|ndash|hellip|#\d{2,5}|#x[0-9a-f]{2,4});"
    r"|\*\*(?=\w)|(?<=\w)\*\*|(?<![\w_])__(?=\w)|\[[^\[\]\n]{1,80}\]\((?:https?://|#)[^)\s]*\)"
    r"|^#{1,6}\s|`[^`\n]{1,40}`",
    re.I,
)
_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# words English has and French does not (`on`, `as`, `are`, `for` are French too)
ENGLISH_WORDS = frozenset(
    "the of and with from which that this these those was were has have been into its their"
    " between within without is to by".split()
)
# what a French sentence starts with: determiners, pronouns, prepositions (closed classes)
_OPENERS = frozenset(
    "le la les l un une des du de d ce cet cette ces il elle ils elles on nous en dans au aux pour par"
    " sur selon ainsi avec depuis lors mais et or donc cependant toutefois parmi après avant entre".split()
)
_ENDS = re.compile(r"[.!?…:;»\"”)\]]")


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s.casefold()) if not unicodedata.combining(c))


def find_artifacts(text: str) -> list[Artifact]:
    """Every artefact in a French text, with offsets."""
    out: list[Artifact] = []
    taken: list[tuple[int, int]] = []
    for m in _PLACEHOLDER.finditer(text):
        out.append(Artifact(m.start(), m.end(), "placeholder", m.group(), "remove the placeholder"))
        taken.append(m.span())
    for m in _MARKUP.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        out.append(Artifact(m.start(), m.end(), "markup", m.group().strip(), "remove the markup"))
    for m in re.finditer("\ufffd", text):
        w = re.search(r"[\w\ufffd]*\ufffd[\w\ufffd]*", text[max(0, m.start() - 30) : m.end() + 30])
        found = w.group() if w else "\ufffd"
        out.append(Artifact(m.start(), m.end(), "lost_letter", found, "restore the lost character"))
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out += _repeats(text, tokens)
    out += _english(text, tokens)
    out += _cuts(text, tokens, taken)
    out.sort(key=lambda a: (a.start, a.type))
    return out


def _repeats(text: str, tokens: list[tuple[str, int, int]]) -> list[Artifact]:
    """A span of words printed twice in a row: the longest repeat at each place."""
    folded = [_fold(t) for t, _, _ in tokens]
    out: list[Artifact] = []
    i, n = 0, len(tokens)
    while i < n:
        hit = 0
        for length in range(min(40, (n - i) // 2), 0, -1):
            if folded[i] != folded[i + length] or folded[i : i + length] != folded[i + length : i + 2 * length]:
                continue
            gap = text[tokens[i + length - 1][2] : tokens[i + length][1]]
            after = text[tokens[i + 2 * length - 1][2] :].lstrip(" ")
            if gap.strip() and after[:1].isalnum():
                continue  # an enumeration: le fromage, le fromage blanc
            if length == 1:
                w = folded[i]
                # one word: only with nothing but a space between (`très, très` is a figure);
                # `nous nous`, `vous vous` are French; numbers repeat in tables
                if gap.strip() or w in ("nous", "vous") or not w.isalpha():
                    continue
            elif sum(len(x) for x in folded[i : i + length]) < 6:
                continue
            hit = length
            break
        if hit:
            a, b = tokens[i + hit][1], tokens[i + 2 * hit - 1][2]
            first = text[tokens[i][1] : tokens[i + hit - 1][2]]
            out.append(Artifact(a, b, "repeat", text[a:b], f"printed twice: keep one «{first[:60]}»"))
            i += 2 * hit
        else:
            i += 1
    return out


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"«]?[A-ZÀ-Ý])")
_QUOTE = re.compile(r'"[^"]{3,200}"|«[^»]{3,200}»')
_FRENCH = frozenset("le la les de des du et en pour à au aux sur un une dans par avec est sont".split())


def _is_english(words: list[str]) -> bool:
    """More English function words than French ones (the `untranslated` check's test)."""
    en = sum(w in ENGLISH_WORDS or w in ("in", "on", "as", "at", "are", "for", "will") for w in words)
    return en >= 2 and en > sum(w in _FRENCH for w in words)


def english_ranges(text: str) -> list[tuple[int, int]]:
    """Spans of `text` in English: whole sentences (the `untranslated` check's) and
    quoted names ("Food of the Smart City")."""
    out: list[tuple[int, int]] = []
    pos = 0
    for chunk in _SENTENCE.split(text):
        start = text.find(chunk, pos)
        pos = start + len(chunk)
        if _is_english([m.group().lower() for m in _TOKEN.finditer(chunk)]):
            out.append((start, pos))
    for m in _QUOTE.finditer(text):
        words = [w.group().lower() for w in _TOKEN.finditer(m.group())]
        if any(w in ENGLISH_WORDS for w in words) and sum(w in _FRENCH for w in words) <= 1:
            out.append(m.span())
    return out


def _english(text: str, tokens: list[tuple[str, int, int]]) -> list[Artifact]:
    """English function words in French sentences; an English sentence (reported as
    `untranslated`) and an English name in quotes ("Food of the Smart City") are left."""
    skip = english_ranges(text)
    out: list[Artifact] = []
    for k, (t, a, b) in enumerate(tokens):
        if t.lower() not in ENGLISH_WORDS or any(x <= a < y for x, y in skip):
            continue
        prev = tokens[k - 1][0] if k else ""
        nxt = tokens[k + 1][0] if k + 1 < len(tokens) else ""
        if prev[:1].isupper() and nxt[:1].isupper():
            continue  # inside a name: Bank of China, Made in Belarus
        if t[:1].isupper() and nxt[:1].isupper():
            continue  # a name's first word: The Economist
        if _in_url(text, a):
            continue
        out.append(Artifact(a, b, "english", t, "English word in a French sentence"))
    return out


def _in_url(text: str, i: int) -> bool:
    start = text.rfind(" ", 0, i) + 1
    end = text.find(" ", i)
    word = text[start : end if end >= 0 else len(text)]
    return bool(re.search(r"https?://|www\.|\.\w{2,4}/", word))


def _cuts(text: str, tokens: list[tuple[str, int, int]], taken: list[tuple[int, int]]) -> list[Artifact]:
    """A sentence that stops without its end (cut mid-word, or its full stop lost)
    and the next one glued on: a word, a space, then a capitalised determiner,
    pronoun or preposition followed by a lower-case word (`projets "Ve Un objectif`,
    `de Buvaydinskiy Dans la région`); `le journal Le Monde` is a name."""
    out: list[Artifact] = []
    for k in range(len(tokens) - 2):
        t, a, b = tokens[k]
        nxt, c, d = tokens[k + 1]
        third, e, _ = tokens[k + 2]
        if not (nxt[:1].isupper() and nxt[1:].islower() and nxt.lower() in _OPENERS):
            continue
        if text[b:c] != " " or text[d:e] != " " or not third[:1].islower():
            continue
        if not t.isalpha() or t.lower() in _OPENERS or any(x <= a < y for x, y in taken):
            continue
        out.append(Artifact(a, b, "cut", t, "the sentence stops without its end: restore the lost text"))
    return out
