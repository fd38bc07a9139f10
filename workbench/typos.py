"""Seeded typos in common French words: the spelling check's recall is measured on them.

Pure: `inject(lines, n, seed, is_word)` changes `n` words of a book's lines (one
letter dropped, doubled, swapped with the next, or replaced by another letter) and says where. Only common words (wordfreq Zipf >= 3, five
letters or more, lower case, inside a line so no de-hyphenation touches them)
are changed, and only into strings the dictionary does not know: a typo that
makes another real word (`les` -> `le`) is no spelling error.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

OPERATIONS = ("drop", "double", "swap", "replace")
_WORD = re.compile(r"(?<![\w'’@/.-])[a-zàâçéèêëîïôûùüÿœ]{5,}(?![\w'’@/-])")
_LETTERS = "abcdefghijklmnopqrstuvwxyzéèàç"


@dataclass(frozen=True)
class Typo:
    line: int  # 1-based
    col: int  # 1-based, in the original line
    original: str
    typo: str
    operation: str


def _apply(word: str, op: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)  # keep the first letter: capitals and elisions stay as they were
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice([c for c in _LETTERS if c != word[i]]) + word[i + 1 :]


def inject(lines: list[str], n: int, seed: int, is_word: Callable[[str], bool],
           skip_lines: set[int] | frozenset[int] = frozenset()) -> tuple[list[str], list[Typo]]:
    """`lines` with `n` typos (at most one per line), and where they are."""
    from wordfreq import zipf_frequency

    rng = random.Random(seed)
    candidates = []
    for no, text in enumerate(lines, 1):
        if no in skip_lines or "http" in text or "www." in text:
            continue
        for m in _WORD.finditer(text.rstrip()):
            if m.end() < len(text.rstrip()) - 1 and zipf_frequency(m.group(), "fr") >= 3.0:
                candidates.append((no, m.start(), m.group()))
    rng.shuffle(candidates)
    out = list(lines)
    typos: list[Typo] = []
    used: set[int] = set()
    for no, col, word in candidates:
        if len(typos) >= n:
            break
        if no in used:
            continue
        op = OPERATIONS[len(typos) % len(OPERATIONS)]
        typo = _apply(word, op, rng)
        if typo == word or is_word(typo):
            continue
        text = out[no - 1]
        out[no - 1] = text[:col] + typo + text[col + len(word) :]
        used.add(no)
        typos.append(Typo(no, col + 1, word, typo, op))
    return out, typos
