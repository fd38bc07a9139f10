"""The title part of a cited article's URL.

News sites put the transliterated Russian headline in the URL:
belta.by `/economics/view/<slug>-<id>-<year>/`, president.gov.by
`/ru/news_ru/view/<slug>-<id>/`, gknt.gov.by `/news/2018/<slug_with_underscores>/`,
sb.by `/articles/<slug>.html`, belmir.by percent-encoded Cyrillic. Pages whose
path holds only ids or section names have no title (`no_slug`). Also the
spellings alignment and the glossary compare slugs with: accents folded, a
transliteration-aware skeleton, numbers as a slug prints them. Pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_EXT = re.compile(r"\.(?:html?|php|aspx?|shtml)$", re.I)
# the article id at the end: -433109-2021 (id, year), -14820, _99900; a number of the
# headline before it stays (`…vozrosla-na-14-553935-2023`)
# (and a date after the headline: ferra `…-sputnik-08-04-2022`; an id after a letter:
# ostro `…-klychko-i377273`)
_TAIL_ID = re.compile(r"[-_]\d{3,}[-_](?:19|20)\d\d$|[-_]\d{3,}$|[-_]\d+[-_](?:19|20)\d\d$"
                      r"|[-_]\d{1,2}[-_]\d{1,2}[-_](?:19|20)\d\d$|[-_][a-z]{1,2}\d{4,}$")
# the id at the start: part.gov.by /3744-rukovoditeli-…, afp.com.ua /11_20-tesla-…; a
# number of one or two digits starts the headline (`26-iyunya-…`, `9-i-10-sentjabrja-…`)
_HEAD_ID = re.compile(r"^(?:\d{3,}|\d+_\d+)[-_]")
# what a page adds after the slug in its path: `…-polese=print`
_PATH_SUFFIX = re.compile(r"=\w*$")
# belarus.by ends its slugs with `_i_<id>` (`…-xux-xoto_i_99900.html`)
_BELARUS_BY_ID = re.compile(r"[-_]i[-_]\d{3,}$")
# an id glued to the last word: minsk-region.gov.by `…-deyatelnost5898`
_GLUED_ID = re.compile(r"(?<=[a-z]{4})\d{4,}$")
# the parent path segment of an article on news sites: what follows is a headline
# even when it has only one or two words (`/articles/zvanyy-biznes.html`, belta's
# `/view/aripov-uzbeksko-` cut in the footnote)
_ARTICLE_PARENT = frozenset({"view", "articles", "article", "news", "novosti"})
HEADLINE_WORDS_BEFORE_ID = 4  # words a segment needs to be a headline when an id follows it
_WORD_SPLIT = re.compile(r"[-_+]+")
_HEX_ID = re.compile(r"^[0-9a-f]{8,}$", re.I)
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
# path words that name site sections, not headlines
_SECTION_WORDS = frozenset(
    """
    ru en by news novosti view article articles press center press-center embassy economics society
    politics regions president special comments interview bilateral relations political trade economic
    and the of index page document content events glavnye ekonomika finansy announcement departments
    """.split()
)


@dataclass(frozen=True)
class Slug:
    url: str
    host: str
    slug: str  # as printed in the URL (percent-decoded), words joined by "-" or "_"
    words: tuple[str, ...]
    cyrillic: bool  # the slug is already Russian (percent-encoded Cyrillic)
    status: str  # "ok" | "no_slug"
    truncated: bool = False  # cut by the site (or the extraction) before its end


def _segment_words(seg: str) -> list[str]:
    return [w.strip(".,;:!?'\"()") for w in _WORD_SPLIT.split(seg) if w.strip(".,;:!?'\"()")]


def _title_score(words: list[str]) -> int:
    """How much a path segment looks like a headline: its non-section words."""
    return sum(1 for w in words if w.lower() not in _SECTION_WORDS and not w.isdigit())


def extract_slug(url: str) -> Slug:
    u = url.strip()
    if "://" not in u:
        u = "http://" + u
    parts = urlsplit(u)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    best, best_score, best_i = "", 0, -1
    for i, raw in enumerate(segments):
        seg = _EXT.sub("", _PATH_SUFFIX.sub("", unquote(raw)))
        if host == "belarus.by":
            seg = _BELARUS_BY_ID.sub("", seg)
        seg = _HEAD_ID.sub("", _TAIL_ID.sub("", seg))
        # a one-letter suffix some sites add (`…-bgu-d`, `…-2`) is not a word
        seg = re.sub(r"[-_]+(?:[b-df-hj-np-rtw-z]|\d)$", "", seg)
        if not seg or _HEX_ID.match(seg) or re.fullmatch(r"[\d_.-]+|c_\d+|t\d+|\d+\w{0,3}", seg):
            continue
        if i == len(segments) - 1:
            seg = _GLUED_ID.sub("", seg)
        words = _segment_words(seg)
        score = _title_score(words)
        # a headline has several words; prefer the last such segment. The last
        # segment may be a short headline: two words, or one or two cut words
        # (`-`) of an article page
        last_seg = i == len(segments) - 1
        short_ok = last_seg and (
            (score >= 2 and re.search(r"[a-z]{3}[-_]+[a-z]{3}", seg) is not None)
            or (score >= 1 and raw.endswith(("-", "_")) and i > 0 and segments[i - 1].lower() in _ARTICLE_PARENT)
        )
        if (score >= 3 or short_ok) and score >= best_score:
            best, best_score, best_i = seg, score, i
    last = _EXT.sub("", unquote(segments[-1])) if segments else ""
    if best_i < len(segments) - 1 and best_score < HEADLINE_WORDS_BEFORE_ID \
            and (_HEX_ID.match(last) or re.fullmatch(r"[\d_.-]+|c_\d+|t\d+|p", last)):
        # the article itself is an id; the few words before it name a section (a
        # headline of several words before an id stays: newsland `…/<slug>/6465455`)
        best = ""
    if not best:
        return Slug(url, host, "", (), False, "no_slug")
    title_words = tuple(_segment_words(best))
    cyr = bool(_CYRILLIC.search(best))
    # belta and others cut slugs at about 100 characters: the headline may stop
    # early, even inside a word
    truncated = len(best) >= 88 or best.endswith(("-", "_"))
    return Slug(url, host, best.strip("-_"), title_words, cyr, "ok", truncated)


# ------------------------------------------------------------------ spellings shared by the stages

_CYR2LAT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
                     "s", "t", "u", "f", "h", "c", "ch", "sh", "sch", "", "y", "", "e", "iu", "ia"], strict=False))


def fold(s: str) -> str:
    """Lower case, accents dropped: `Ouzbékistan` -> ouzbekistan."""
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")


def skeleton(word: str) -> str:
    """A spelling both a French word and a Latin transliteration reduce to:
    `technologies` and `tehnologii`, `Ouzbékistan` and `uzbekistane` share a prefix."""
    w = fold(word)
    if re.search(r"[а-я]", w):
        w = "".join(_CYR2LAT.get(c, c) for c in w)
    for a, b in (("sch", "sh"), ("tch", "ch"), ("ph", "f"), ("th", "t"), ("qu", "k"), ("ck", "k"), ("kh", "h"),
                 ("ch", "h"), ("ou", "u"), ("ts", "c"), ("tc", "c"), ("cz", "c"), ("x", "ks"), ("w", "v"),
                 ("y", "i"), ("j", "i"), ("é", "e"), ("gu", "g")):
        w = w.replace(a, b)
    w = re.sub(r"c(?![eih])", "k", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return re.sub(r"[^a-z0-9]", "", w)


def slug_numbers(s: str) -> set[str]:
    """Numbers as the slug would print them: `1 000` -> 1000, `2,5` -> 25 (slugs drop the comma)."""
    found = re.findall(r"\d{1,3}(?: \d{3})+(?!\d)|\d+(?:[.,]\d+)?", s)
    return {re.sub(r"[ .,]", "", n) for n in found if not re.fullmatch(r"[01]", n)}
