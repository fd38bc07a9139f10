"""Line-level cues the segmenter reads: citations, footnote starts, sentence
ends, zone titles. Pure predicates over one cleaned line of text."""

from __future__ import annotations

import re

# Evidence that a line belongs to a bibliographic reference.
CITATION = re.compile(
    r"\[(?:Ressource|ressource|Electronic|Electronique|Électronique)"
    r"|électronique\]|URL\s*:|https?:|www\.|\w\.(?:by|ru|com|org|net|kz|uz|cn|html?)\b"
    r"|\s//\s|(?:^|\s)[-–]\s*(?:19|20)\d\d\s*\.?\s*[-–]|(?:^|\s)(?:С|C|P|S|Р)\.\s*\d"
    r"|\b(?:Ibid|Op\. cit)|(?<!\d)\d{4,}-(?:19|20)\d\d/?\s*$|_id_|\.htm"
)
# A slug or URL tail on its own: lower-case words joined by hyphens or underscores.
# (The atomic group keeps a long slug that is not a whole line from backtracking
# exponentially; it matches the same lines.)
SLUG_LINE = re.compile(r"^[\[(]?(?>[a-z0-9%_./?=&#-]+(?:[-_/][a-z0-9%_./?=&#-]*)+)[)\]]?\.?$|^\d{4}/?\.?$|^(?=.*[%\d_])[\w%]{12,}/?$|^/\S+$|^[\w%.-]+/[\w%./?=&#-]*$")
# The start of a footnote entry: a number (plain or superscript) then text.
_FN_START = re.compile(
    r"^(?:(?P<num>\d{1,3})\s*\.?\s*(?=[^\d\s.,%/:-])|\d{1,3}\s+(?=\d{1,2}(?:e|er|ème)\s)|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*\S)"
)
# A number that starts a sentence of the body, not a footnote ("12 millions ...").
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_QUANTITY = re.compile(r"^\d{1,3}\s+(?:millions?|milliards?|mille|%|ans|entreprises|pays)\b")
_SENT_END = re.compile(r"""(?:[.!?…]|\.\.\.)[\s"»”)\]]*(?:\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})?\s*[.]?\s*$""")
# (A run of leaders is tried from its start only: the same lines, in linear time.)
TOC_ENTRY = re.compile(r"(?:(?<!\.)\.{4,}|(?<!…)…{2,}|\s)\s*\d{1,3}\s*$")
TOC_TITLE = re.compile(r"^(?:Table des matières|Sommaire|Contenu|Table of contents)$", re.I)
BIBLIO_TITLE = re.compile(r"^(?:Littérature|Bibliographie|Références|Liste des sources)\s*$", re.I)
BACK_MATTER = re.compile(r"(?i)more\s*books|buy your books|morebooks\.|omniscriptum|omniscryptum|printed at:")
CHAPTER = re.compile(r"^(?:CHAPITRE|CHAPTER|PARTIE)\s+\w+")
RESOURCE_TAG = re.compile(r"\[(?:R|r)essource|\[Electronic")
URL_LABEL = re.compile(r"\bURL\s*:")
STRONG_CITATION = re.compile(r"\[(?:R|r)essource [ée]lectronique|URL\s*:|https?://|^www\.")
_WEAK_END = re.compile(r"\b(?:de|du|des|la|le|les|et|en|dans|une|un|pour|vers|à|au|aux|comme|sur|avec|d'|l')$", re.I)


def is_citation(s: str) -> bool:
    return bool(CITATION.search(s) or SLUG_LINE.match(s))


def footnote_start(s: str) -> bool:
    m = _FN_START.match(s)
    if not m:
        return False
    return not (m.group("num") and _QUANTITY.match(s))


def entry_number(s: str) -> int | None:
    """The number a footnote line starts with (plain or superscript digits)."""
    m = _FN_START.match(s)
    if not m:
        return None
    digits = m.group("num") or m.group("sup")
    if not digits:
        lead = re.match(r"\d+", s)
        if lead is None:
            return None
        digits = lead.group(0)
    return int(digits.translate(_SUPERSCRIPTS))


def ends_sentence(s: str) -> bool:
    return bool(_SENT_END.search(s))


def upper_start(s: str) -> bool:
    s = s.lstrip("\"«“' (")
    return bool(s) and (s[0].isupper() or s[0].isdigit())


def weak_end(s: str) -> bool:
    """Does the line stop on an article or preposition ("... l'Université de")?"""
    return bool(_WEAK_END.search(s.rstrip(" ,:")))
