"""Sources: one cited article, however many times and however it is worded.

A source is cited by footnotes (in one or several books) and listed in a
bibliography, each time with its own French wording and a slightly different
URL (`uvlichil` / `velichil`, `tpb` / `tpp`). `cluster_sources(entries)` groups
the entries of all books into sources: first by a strong key (the site's
article id, or the normalised URL), then by fuzzy URL and title similarity
(rapidfuzz) for the rest. A cluster is a set of translation variants of one
source. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

from workbench.footnotes import Entry

# belta.by and most news sites end the slug with the article id (and the year)
_ID_YEAR = re.compile(r"-(\d{1,8})-(?:19|20)\d\d/?$")  # belta: ...-317534-2018/
_ID_END = re.compile(r"[-_/](\d{3,8})/?$")  # ...-7603/, /content/9807


def url_key(url: str | None) -> str | None:
    """A comparable form of a URL: host without www, path without trailing
    slash, percent-decoding undone, tracking query dropped, lower case."""
    if not url:
        return None
    u = url.strip()
    if "://" not in u:
        u = "http://" + u
    parts = urlsplit(u)
    host = parts.netloc.lower().removeprefix("www.")
    path = unquote(parts.path).lower().rstrip("/")
    path = path.replace("/special/", "/").replace("/amp/", "/")
    query = "&".join(q for q in parts.query.split("&") if q and not q.lower().startswith("utm"))
    return host + path + (("?" + query.lower()) if query else "")


def article_id(url: str | None) -> str | None:
    """`belta.by#317534` for a URL whose slug ends with the site's article id."""
    key = url_key(url)
    if not key:
        return None
    host = key.split("/", 1)[0]
    path = key.split("?", 1)[0]
    m = _ID_YEAR.search(path)
    if m:  # an id cut short by the extraction (`-4-2019`) identifies nothing
        return f"{host}#{m.group(1)}" if len(m.group(1)) >= 4 else None
    m = _ID_END.search(path)
    if m and not re.fullmatch(r"(?:19|20)\d\d", m.group(1)):
        return f"{host}#{m.group(1)}"
    return None


def slug_of(url: str | None) -> str:
    key = url_key(url) or ""
    return key.split("?", 1)[0].rsplit("/", 1)[-1] or key


@dataclass
class Source:
    id: int
    url: str | None
    members: list[Entry] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "url": self.url,
            "members": [
                {"file": e.file, "kind": e.kind, "number": e.number, "line_start": e.line_start, "title": e.title}
                for e in self.members
            ],
        }


class _Union:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, i: int) -> int:
        while self.p[i] != i:
            self.p[i] = self.p[self.p[i]]
            i = self.p[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def _similar(a: Entry, b: Entry) -> float:
    """0..100: how surely two entries cite the same source without a shared key."""
    if a.url and b.url:
        ka, kb = url_key(a.url) or "", url_key(b.url) or ""
        host_a, host_b = ka.split("/", 1)[0], kb.split("/", 1)[0]
        if host_a != host_b:
            return 0.0
        s = fuzz.ratio(ka, kb)
        ia, ib = article_id(a.url), article_id(b.url)
        if ia and ib and ia != ib:
            s -= 25  # different article ids: different articles, however alike the slugs
        return s
    if a.url or b.url:
        return 0.0
    # books and journals: title, authors, year
    t = fuzz.token_set_ratio(a.title, b.title)
    if a.year and b.year and a.year != b.year:
        t -= 20
    if a.authors and b.authors:
        same_author = fuzz.ratio(a.authors[0].split(",")[0], b.authors[0].split(",")[0]) >= 80
        # the same author and year: the wording of a chapter title may differ a lot
        t = t + 25 if same_author and a.year == b.year else t - 15
    return t


def _host(key: str) -> str:
    return key.split("/", 1)[0] if not key.startswith("title:") else "title:"


def cluster_sources(entries: list[Entry], threshold: float = 88.0) -> list[Source]:
    """Group footnote and bibliography entries of all books into sources."""
    items = [e for e in entries if e.url or e.title]
    uf = _Union(len(items))
    first: dict[str, int] = {}
    for i, e in enumerate(items):
        for key in (article_id(e.url), url_key(e.url)):
            if key is None:
                continue
            if key in first:
                uf.union(first[key], i)
            else:
                first[key] = i
    # fuzzy pass, within one host (and among entries without URL): each entry
    # against entries of another book or of the other kind
    # (one representative per cluster of the first pass: repeated citations
    # of a source cost nothing more)
    keys = [url_key(e.url) or ("title:" + e.title.lower()) for e in items]
    by_host: dict[str, list[int]] = {}
    seen_key: set[tuple[int, str]] = set()
    for i, k in enumerate(keys):
        rep = (uf.find(i), k)
        if rep in seen_key:
            continue
        seen_key.add(rep)
        by_host.setdefault(_host(k), []).append(i)
    for group in by_host.values():
        if len(group) < 2:
            continue
        choices = [keys[j] for j in group]
        for i in group:
            e = items[i]
            for _, _, pos in process.extract(keys[i], choices, scorer=fuzz.ratio, limit=6, score_cutoff=60):
                j = group[pos]
                if j == i or uf.find(j) == uf.find(i) or (items[j].file == e.file and items[j].kind == e.kind):
                    continue
                if _similar(e, items[j]) >= threshold:
                    uf.union(i, j)
    groups: dict[int, list[Entry]] = {}
    for i, e in enumerate(items):
        groups.setdefault(uf.find(i), []).append(e)
    sources = []
    for n, members in enumerate(sorted(groups.values(), key=lambda m: (m[0].file, m[0].line_start)), 1):
        url = next((m.url for m in members if m.kind == "footnote" and m.url), None) or next(
            (m.url for m in members if m.url), None
        )
        sources.append(Source(n, url, members))
    return sources


def bibliography_links(sources: list[Source]) -> dict[tuple[str, int], list[int]]:
    """(file, bibliography number) -> numbers of that book's footnotes citing the same source."""
    out: dict[tuple[str, int], list[int]] = {}
    for s in sources:
        for b in s.members:
            if b.kind != "bibliography" or b.number is None:
                continue
            out[(b.file, b.number)] = sorted(
                m.number for m in s.members if m.kind == "footnote" and m.file == b.file and m.number is not None
            )
    return out
