"""Footnote and bibliography entries: numbers, fields, continuation fragments.

Pure: `parse_entries(segments)` turns the `footnote` and `bibliography`
segments of one book into `Entry` objects. Entries cut by a page break continue
in a fragment at the top of a later footnote block (or among body lines); each
fragment is attached to the entry it completes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from workbench.model import Segment

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

# The entry number as printed: `12 `, `12Le`, `87 .`, ` 83`, `²⁶⁴Le`, `12_`, `174.`, `35. `
_NUMBER = re.compile(r"^\s*(?:(?P<num>\d{1,3})(?![\d/:,%])\s*[._]?\s*|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*[._]?\s*)")
_RESOURCE = re.compile(
    r"\[\s*(?:Ressource|ressource|Electronic|electronic|Электронный)[^\]]*\]|\[(?:Ressource|Electronic)[^\]]*$",
)
# the end of "[Ressource électronique]" whose beginning was lost with the entry's middle
_RESOURCE_END = re.compile(r"\s+(?:électronique|resource)\]", re.I)
_FULL_RESOURCE = re.compile(r"\[\s*(?:Ressource|Electronic)\s+(?:électronique|resource)\]", re.I)
_URL_LABEL = re.compile(r"\bURL\s*:?\s*", re.I)
_URL_LABEL_END = re.compile(r"\bURL\s*:?\s*$", re.I)
_HTTP = re.compile(r"(?:https?://|www\.)\S")
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(\d?)(?![\d/])")
_PAGES = re.compile(r"(?:^|[\s.(-])(?:С|C|P|p|S|Р|с|\ufffd)\.\s*(\d+(?:\s*[-–]\s*\d+)?)")
_AUTHOR = re.compile(
    r"^(?P<a>[A-ZÀ-ÝΑ-ΩА-Я][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)?,?\s+(?:[A-ZÀ-ÝΑ-ΩА-Я][a-zа-я]?\.\s*){1,3})(?=\S)"
)
_NAME1 = r"(?:[A-ZÀ-ÝΑ-ΩА-Я][a-zа-я]?\.?\s*){0,3}[A-ZÀ-ÝΑ-ΩА-Я][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?"
_NAME = rf"{_NAME1}(?:,\s*{_NAME1}){{0,3}}"
# "Title / A. Grishkevich //", "Title / Boris Zalessky. -", "Title // A. Grishkevich"
_RESPONSIBILITY = re.compile(rf"\s+/\s+{_NAME}\s*(?://.*|\.\s+-\s.*|\.?\s*$)|\s+//\s+{_NAME}\s*$")
_PLACE_PUBLISHER = re.compile(
    r"(?:^|[.]\s*[-–]?\s*)(?P<place>(?!URL)[A-ZÀ-ÝŁ][\w’'-]+)\s:\s(?P<pub>[^,:;/]+?)\s*(?:,\s*(?:19|20)\d\d|\.\s*[-–]|\.?\s*$)"
)
_BOOK_PUBLISHER = re.compile(r"\.\s+-\s+([^.,;/]*?(?:Publishing|Éditions|Editions|Verlag|Press|LAMBERT|Presse|Izd|Издательство)[^.,;/]*?),\s*(?:19|20)\d\d")
_EN_WORDS = frozenset("the of and in to for is with on will by a an at from as are be its has".split())
_FR_WORDS = frozenset("le la les de des du et en pour à sur un une dans au aux est avec par se ont sont".split())


@dataclass
class Entry:
    file: str
    kind: str  # "footnote" | "bibliography"
    number: int | None
    number_printed: str
    article: int | None
    title: str
    title_lang: str
    authors: list[str]
    year: int | None
    url: str | None
    pages: str | None
    publisher: str | None
    line_start: int
    line_end: int
    lines: tuple[int, ...]
    raw: str
    marker_line: int | None = None
    fragments: list[tuple[int, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["lines"] = list(self.lines)
        d["fragments"] = [list(f) for f in self.fragments]
        return d


# ------------------------------------------------------------------ numbers


def split_number(text: str) -> tuple[int | None, str, str]:
    """(number, rest of the text, number as printed)."""
    m = _NUMBER.match(text)
    if not m:
        return None, text, ""
    digits = m.group("num") or m.group("sup").translate(SUPERSCRIPTS)
    return int(digits), text[m.end() :], m.group(0).strip()


# ------------------------------------------------------------------ URLs

_KNOWN_UNDERSCORE = re.compile(r"\b(news|utm|no|tx|news_ru)\s+(ru|source|medium|campaign|term|content|cache|ttnews)\b")


def normalise_url(s: str) -> str:
    """Rejoin a URL broken by the extraction: `https://www. belta. by/…`,
    `podnjat- uroven`, `news ru` (an underscore lost as a space), `<…>`, `[…](#)`,
    trailing `.`."""
    s = s.strip().strip("<>[]()")
    s = re.sub(r"\]\(#?\)?$", "", s)
    s = _KNOWN_UNDERSCORE.sub(r"\1_\2", s)
    s = re.sub(r"\s+", "", s)
    s = s.strip("<>").rstrip(".,;)>")
    if s.startswith("www."):
        s = "http://" + s  # keep it openable; the printed form had no scheme
    return s


_SLIPPED_NUMBER = re.compile(r"(?:19|20)\d\d\.\s*-?\s*(/?\d{1,6}(?:-\d{1,4})*\.?)[\s-]*URL")
_LETTER_GAP = re.compile(r"(?<=[a-z])\s+(?=[a-z])")


def _drop_inserted_words(raw: str) -> str:
    """French words the MT inserted inside a URL (`…-tehnopark avec la participation
    de` / `la BITU.-335511-2019/`) are no part of it: from the first French function
    word (two at least) to where the slug goes on (`-335511…`)."""
    toks = raw.split()
    fr = [k for k, t in enumerate(toks) if k > 0 and t.lower() in _FR_WORDS]
    if len(fr) < 2:
        return raw
    for j in range(fr[-1] + 1, len(toks)):
        on = re.search(r"[-/]", toks[j])
        if on:
            return " ".join([*toks[: fr[0]], toks[j][on.start() :], *toks[j + 1 :]])
    return " ".join(toks[: fr[0]])


def _refill_slot(raw: str, before: str) -> str:
    """Normalise a URL; the numbers of the slug that slipped out of it to just before
    its label go back into its empty slots, in order: `2019. 15 - URL : …realizujut-
    -sovmestnyh`, `2018. -30-- URL : …bolee` / `nauchno-`, `2021. -2020-- URL :
    …v godu-`, `2024. -2024-2025-1 - URL : …v godah-…na- -mlrd`, `2012. /37076.- URL :
    …/articles html`. A slot is a `--` or a space between two letters. A URL printed
    with spaces for its hyphens (three gaps or more) gets its hyphens back."""
    m = _SLIPPED_NUMBER.search(before[-40:] + "URL")
    raw = _KNOWN_UNDERSCORE.sub(r"\1_\2", _drop_inserted_words(raw))
    gaps = list(_LETTER_GAP.finditer(raw))
    if len(gaps) >= 3:  # `v ramkah go zasedanija …`: the words' hyphens printed as spaces
        return normalise_url(_LETTER_GAP.sub("-", raw))
    if not m:
        return normalise_url(raw)
    parts = m.group(1).split("-")
    # the slots in reading order: `- -` (\x01), a space between two letters (\x00), and
    # last, a `--` printed without a space (\x02: the URL may have its own, `fair--d/`)
    marked = _LETTER_GAP.sub("\x00", raw)
    marked = re.sub(r"-\s+-", "-\x01-", marked)
    marked = re.sub(r"--", "-\x02-", re.sub(r"\s+", "", marked))
    spaced, letter_gaps, tight = (marked.count(c) for c in "\x01\x00\x02")
    if 0 < spaced + letter_gaps <= len(parts):
        slots = "[\x00\x01]"
    elif 0 < spaced <= len(parts):  # the letter gaps are spaces inserted inside words
        slots = "\x01"
    elif 0 < tight <= len(parts) and not letter_gaps:
        slots = "\x02"
    else:
        return normalise_url(raw)
    if slots == "\x01":
        marked = marked.replace("\x00", "")
    n = len(re.findall(slots, marked))
    # fewer slots than numbers: the leading numbers belong together (`2024-2025-godah`)
    fills = iter(["-".join(parts[: len(parts) - n + 1]), *parts[len(parts) - n + 1 :]])

    def fill(_: re.Match) -> str:
        f = next(fills)
        return f"-{f}-" if f[:1].isdigit() and f[-1:].isdigit() else f

    filled = re.sub(r"-{2,}", "-", re.sub(slots, fill, marked))
    return normalise_url(filled.replace("\x02", "").replace("\x00", "").replace("\x01", ""))


def _take_url(text: str) -> tuple[str | None, str]:
    """Find the URL in an entry: after `URL :` (everything to the end, spaces
    and all, since the extraction inserts them), else the first http(s) run."""
    m = _URL_LABEL.search(text)
    if m:
        tail = text[m.end() :]
        h = _HTTP.search(tail) or re.match(r"\s*[a-z0-9.-]+(?:-\s+[a-z0-9.-]+)*\.(?:by|ru|kz|uz|com|org|net|info)/\S*", tail)
        if h:
            url = _refill_slot(tail[h.start() :], text[: m.end()])
            return (url or None), text[: m.start()]
        return None, text[: m.start()]
    h = _HTTP.search(text)
    if h:
        # no label: the URL runs to the end of the entry
        return normalise_url(text[h.start() :]) or None, text[: h.start()]
    slug_tail = _SLUG_TAIL.search(text)
    if slug_tail:  # the end of a URL whose head was lost with the entry's middle: no URL, no title
        return None, text[: slug_tail.start()]
    return None, text


# the last words of a URL (`…-sborochnoe-proizvodstvo-613951-2024/.`) after its head was lost
_SLUG_TAIL = re.compile(r"(?:^|\s)[a-z0-9]+(?:-[a-z0-9]+){3,}/?\.?\s*$")


# ------------------------------------------------------------------ fields


def _lang(title: str) -> str:
    """fr or en, by which lexicon knows the title's words better (wordfreq)."""
    from wordfreq import zipf_frequency

    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", title.lower())
    en = sum(w in _EN_WORDS for w in words)
    fr = sum(w in _FR_WORDS for w in words)
    if en != fr and (en > 1 or fr > 1):
        return "en" if en > fr else "fr"
    margin = 0.0
    for w in words:
        if len(w) > 2:
            margin += zipf_frequency(w, "en") - zipf_frequency(w, "fr")
    return "en" if margin > 1.5 and len(words) >= 3 else "fr"


def _strip_quotes(s: str) -> str:
    s = s.strip(" ,;:-–")
    if s.endswith(".") and not re.search(r"(?:\w{2,}|[\"»”])\.$", s):
        s = s[:-1].rstrip()
    if len(s) > 2 and s[0] in "\"«“" and s[-1] in "\"»”" and s.count('"') in (0, 2):
        s = s[1:-1].strip()
    elif s[:1] in "\"«“" and s.count('"') == 1:
        s = s[1:].strip()
    return s


_IBID = re.compile(r"^\s*(Ibid\.?|Ibidem\.?|Op\. cit\.?)")
_BOOK_PARTS = re.compile(r"\s+//\s+|\s+/\s+|\.\s+-\s+")
_INITIAL_FIRST = re.compile(r"^[A-ZÀ-Ý]\.\s")
_URL_YEAR = re.compile(r"-((?:19|20)\d\d)/?$")


def parse_fields(text: str) -> dict:
    """Fields of one entry's text (number already removed)."""
    ibid = _IBID.match(text)
    if ibid:  # "Ibid. С. 27.": the previous source again, another page
        return {"title": ibid.group(1), "title_lang": "fr", "authors": [], "year": None, "url": None,
                "pages": _pages(text[ibid.end() :]), "publisher": None}
    url, before_url = _take_url(text)
    head, tail = _head_and_tail(before_url)
    authors, head = _authors(head)
    title = _strip_quotes(_without_responsibility(head))
    return {
        "title": title,
        "title_lang": _lang(title),
        "authors": authors,
        "year": _year(text, tail, url),
        "url": url,
        "pages": _pages(tail),
        "publisher": None if url is not None else _publisher(tail),
    }


def _head_and_tail(before_url: str) -> tuple[str, str]:
    """The part with the authors and title, and what follows it."""
    res = _RESOURCE.search(before_url) or _RESOURCE_END.search(before_url)
    if res:
        return before_url[: res.start()], before_url[res.end() :]
    # A book or journal: "Author. Title / Resp. - Publisher, 2019. - C. 228."
    cut = _BOOK_PARTS.search(before_url)
    return (before_url[: cut.start()], before_url[cut.start() :]) if cut else (before_url, "")


def _authors(head: str) -> tuple[list[str], str]:
    """The leading author ("Zalessky B.L.") and the rest of the head."""
    m = _AUTHOR.match(head.strip())
    if m and not _INITIAL_FIRST.match(head.strip()):
        return [m.group("a").strip()], head.strip()[m.end() :]
    return [], head


def _without_responsibility(head: str) -> str:
    """The title without its statement of responsibility ("Title / A. Grishkevich //")."""
    head = re.sub(r"\s*//\s*$", "", head.strip())
    r = _RESPONSIBILITY.search(head)
    return head[: r.start()] if r else head


def _year(text: str, tail: str, url: str | None) -> int | None:
    y = _YEAR.search(tail or text) or _YEAR.search(text)
    if not y:
        return None
    url_year = _URL_YEAR.search(url or "")
    if y.group(2) and url_year:
        # a typo such as "20231": the article's URL knows the year
        return int(url_year.group(1))
    return int(y.group(1))


def _pages(s: str) -> str | None:
    p = _PAGES.search(s or "")
    return re.sub(r"\s+", "", p.group(1)) if p else None


def _publisher(tail: str) -> str | None:
    b = _BOOK_PUBLISHER.search(tail or "") or _PLACE_PUBLISHER.search(tail or "")
    return b.group(b.lastindex or 0).strip(" -") if b else None


# ------------------------------------------------------------------ entries


def _complete(e: Entry) -> bool:
    """Does the entry look finished (a URL that does not end on a hyphen, or a
    year/pages at the end of a book reference)?"""
    t = e.raw.rstrip()
    if t.endswith(("-", "URL :", "URL:", ":", "[Ressource", "/ ")):
        return False
    if _SLUG_TAIL.search(t):  # ends on the end of its URL (its head lost)
        return True
    if e.url:
        return not e.url.endswith(("-", "_", "/view", "view/"))
    return bool(re.search(r"(?:19|20)\d\d\s*\.?\s*$|\d+\s*\.\s*$|\.\s*$", t)) and bool(e.year)


def parse_entries(segments: list[Segment]) -> list[Entry]:
    """Entries of one book, fragments attached to the entry they continue."""
    entries: list[Entry] = []
    pending: list[Segment] = []
    for seg in segments:
        if seg.kind not in ("footnote", "bibliography"):
            continue
        if seg.kind == "bibliography" and re.match(r"^(?:Littérature|Bibliographie|Références)\s*$", seg.text, re.I):
            continue
        number, rest, printed = split_number(seg.text)
        if seg.fragment or (number is None and entries and _attachable(entries, seg)):
            target = _fragment_target(entries, seg)
            if target is not None:
                _attach(target, seg)
                continue
            pending.append(seg)
        entries.append(_make_entry(seg, number, rest, printed))
    return entries


def _attachable(entries: list[Entry], seg: Segment) -> bool:
    return (_fragment_target(entries, seg) is not None and not re.match(r"^\S.*\[Ressource", seg.text)) or bool(
        re.match(r"^[a-z0-9%_./-]+", seg.text)
    )


def _fragment_target(entries: list[Entry], seg: Segment) -> Entry | None:
    """The latest earlier entry of the same kind still waiting for its end.

    A fragment carrying its own "[Ressource électronique]" or "URL :" is the tail
    of a different entry when the candidate already has its URL label."""
    own_citation = bool(_RESOURCE.search(seg.text) or _URL_LABEL.search(seg.text) or _HTTP.match(seg.text))
    for e in reversed(entries[-8:]):
        if e.kind != seg.kind or seg.line_start - e.line_end > 150:
            break
        if not _complete(e):
            if own_citation and _URL_LABEL.search(e.raw) and not _awaits_url(e, seg):
                return None
            if _RESOURCE.search(e.raw) and _FULL_RESOURCE.search(seg.text):
                return None  # two "[Ressource électronique" in one entry: two entries (004 line 2657)
            return e
    return None


def _awaits_url(e: Entry, seg: Segment) -> bool:
    """The entry stops on its URL label with nothing after it (`… - URL :`) and
    the fragment is that URL, continued after the page break."""
    return e.url is None and bool(_URL_LABEL_END.search(e.raw)) and bool(_HTTP.match(seg.text.lstrip()))


def _attach(e: Entry, seg: Segment) -> None:
    from workbench.text import join_lines

    if seg.line_start == e.line_end + 1:  # the next line: the entry's own end, not a page-break tail
        e.line_end = seg.line_end
    e.raw = join_lines([e.raw, seg.text])
    e.lines = tuple(sorted(set(e.lines) | set(seg.lines)))
    e.fragments.append(seg.lines)
    _, rest, _ = split_number(e.raw) if e.number is not None else (None, e.raw, "")
    fields = parse_fields(rest)
    for k, v in fields.items():
        setattr(e, k, v)


def citation_parts(e: Entry) -> tuple[str, str | None]:
    """The entry's text without its number, cut before its URL, and the URL as
    rebuilt (spaces the extraction inserted removed, slipped numbers put back):
    what an edition prints instead of the raw lines."""
    _, rest, _ = split_number(e.raw) if e.number is not None else (None, e.raw, "")
    rest = rest.strip()
    if not e.url:
        return rest, None
    m = _URL_LABEL.search(rest)
    if m:
        return rest[: m.end()].rstrip() + " ", e.url
    h = _HTTP.search(rest) or (re.search(re.escape(e.url[:12]), rest) if len(e.url) >= 12 else None)
    return (rest[: h.start()], e.url) if h else (rest + " ", e.url)


def _make_entry(seg: Segment, number, rest, printed) -> Entry:
    fields = parse_fields(rest)
    return Entry(
        file=seg.file,
        kind=seg.kind,
        number=number,
        number_printed=printed,
        article=seg.article,
        line_start=seg.line_start,
        line_end=seg.line_end,
        lines=seg.lines,
        raw=seg.text,
        **fields,
    )
