"""Reading third-party TMX the way CAT tools do.

- Streamed: lxml's iterparse hands over one `<tu>` at a time and each is cleared
  once read, so memory stays flat however large the file.
- Safe: a document declaring entities is refused before any unit is read, in any
  encoding (the check runs on the prolog decoded in the file's own encoding, and
  again on the DTD libxml2 parsed); entities are never expanded, nothing is fetched.
- Languages are matched on their primary subtag, case-insensitively (`en-US` is
  `en`); the source defaults to the header's `srclang`, the targets to every other
  language; every variant of a unit is kept (two French `<tuv>`s give two entries).
- Inline codes become placeholders (see `inline.py`); TMX 1.1's `lang=` works as
  `xml:lang`, and a root in a namespace is read like one without.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbench.formats.inline import Code, localname, parse_seg

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROLOG_BYTES = 1 << 16


class TmxError(ValueError):
    """A TMX file that cannot be imported: the message is one line."""


@dataclass(frozen=True, slots=True)
class TmEntry:
    source: str
    target: str
    source_lang: str   # as the file writes it (en-US)
    target_lang: str
    source_codes: tuple[Code, ...] = ()
    target_codes: tuple[Code, ...] = ()
    tuid: str | None = None


@dataclass
class ImportStats:
    """What a read saw, for the summary and for the error when nothing matched."""
    header_srclang: str = ""
    units: int = 0                                    # <tu> elements
    entries: int = 0                                  # entries yielded
    languages: Counter = field(default_factory=Counter)  # tuvs per language tag, as written

    def languages_line(self) -> str:
        return ", ".join(f"{lang} ({n})" for lang, n in self.languages.most_common()) or "none"


def primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].strip().lower()


def _sniff_encoding(head: bytes) -> str:
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return enc
    if head.startswith(b"<\0\0\0"):
        return "utf-32-le"
    if head.startswith(b"\0\0\0<"):
        return "utf-32-be"
    if head.startswith(b"<\0"):
        return "utf-16-le"
    if head.startswith(b"\0<"):
        return "utf-16-be"
    m = re.match(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", head)
    if m:
        try:
            return codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            return "latin-1"  # ASCII-compatible: enough to read the prolog's markup
    return "utf-8"


def check_prolog(path: Path) -> None:
    """Refuse a file whose prolog declares entities, decoded in its own encoding."""
    with open(path, "rb") as f:
        head = f.read(PROLOG_BYTES)
        enc = _sniff_encoding(head)
        text = head.decode(enc, "replace")
        # an internal subset may run past the first block: read on until it closes
        while "<!DOCTYPE" in text and "]>" not in text.split("<!DOCTYPE", 1)[1] \
                and re.search(r"<!DOCTYPE[^>\[]*\[", text):
            more = f.read(PROLOG_BYTES)
            if not more:
                break
            head += more
            text = head.decode(enc, "replace")
    if re.search(r"<!ENTITY", text, re.I):
        raise TmxError(f"{path}: refused: the file declares XML entities (entity expansion is not allowed)")


def iter_tmx(path: str | Path, srclang: str | None = None, tgtlang: str | None = None,
             stats: ImportStats | None = None) -> Iterator[TmEntry]:
    """Every (source, target) variant of every unit, streamed.

    `srclang`: the source language (default: the header's `srclang`; when that is
    missing or `*all*`, each unit's first `<tuv>`). `tgtlang`: the target language
    (default: every language of the unit other than the source)."""
    p = Path(path)
    stats = stats if stats is not None else ImportStats()
    try:
        check_prolog(p)
    except OSError as e:
        raise TmxError(f"{p}: cannot read ({e.strerror})") from None
    src_want = srclang.replace("_", "-").lower() if srclang else None
    tgt_want = primary(tgtlang) if tgtlang else None
    try:
        # only headers and units are reported: every other element is left to lxml
        context = etree.iterparse(str(p), events=("end",), tag=("{*}header", "{*}tu"),
                                  resolve_entities=False, load_dtd=False, dtd_validation=False,
                                  no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
        checked = False
        for _, el in context:
            if not checked:  # before the first header or unit is used
                checked = True
                _check_root(p, el.getroottree().getroot())
            if localname(el.tag) == "header":
                stats.header_srclang = el.get("srclang") or ""
                if src_want is None and stats.header_srclang and stats.header_srclang != "*all*":
                    src_want = stats.header_srclang.replace("_", "-").lower()
                el.clear()
                continue
            stats.units += 1
            for entry in _entries(el, src_want, tgt_want, stats):
                stats.entries += 1
                yield entry
            el.clear(keep_tail=False)
            parent = el.getparent()  # drop the units already read
            while el.getprevious() is not None:
                del parent[0]
        if not checked and context.root is not None:
            _check_root(p, context.root)
    except etree.XMLSyntaxError as e:
        raise TmxError(f"{p}: not well-formed XML ({e.msg}, line {e.lineno})") from None
    except OSError as e:
        raise TmxError(f"{p}: cannot read ({e.strerror or e})") from None


def _check_root(p: Path, root: etree._Element) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise TmxError(f"{p}: refused: the file declares XML entities (entity expansion is not allowed)")
    if localname(root.tag) != "tmx":
        raise TmxError(f"{p}: not a TMX file (root element <{localname(root.tag)}>)")


def _entries(tu: etree._Element, src_want: str | None, tgt_want: str | None,
             stats: ImportStats) -> Iterator[TmEntry]:
    tuvs = []
    for tuv in tu:
        if localname(tuv.tag) != "tuv":
            continue
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = next((c for c in tuv if localname(c.tag) == "seg"), None)
        if not lang or seg is None:
            continue
        stats.languages[lang] += 1
        text, codes = parse_seg(seg)
        if text:
            tuvs.append((lang, text, codes))
    if not tuvs:
        return
    # the source: the tuvs in the source language (primary subtag); of several variants
    # (en-US and en-GB), the one spelled as asked, else the first
    want = src_want or tuvs[0][0].lower()
    sources = [t for t in tuvs if primary(t[0]) == primary(want)]
    if not sources:
        return
    tag = next((t[0] for t in sources if t[0].lower() == want), sources[0][0])
    sources = [t for t in sources if t[0] == tag]
    targets = [t for t in tuvs if t[0].lower() != tag.lower() and (tgt_want is None or primary(t[0]) == tgt_want)]
    seen = set()
    for s in sources:
        for t in targets:
            key = (s[1], s[2], t[0].lower(), t[1], t[2])
            if key in seen:
                continue
            seen.add(key)
            yield TmEntry(s[1], t[1], s[0], t[0], s[2], t[2], tu.get("tuid"))
