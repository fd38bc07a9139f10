"""TMX 1.4 export of the aligned titles: Russian source -> French target.

One <tu> per distinct (Russian title, French title) pair, carrying the
provenance of every footnote or bibliography entry that gives it. Written with
lxml's incremental writer (streaming, no string concatenation); the same store
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbench import __version__
from workbench.files import atomic_path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SRC_LANG, TGT_LANG = "ru-RU", "fr-FR"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(s: str) -> str:
    """Text a TMX may hold: no control characters, single spaces."""
    return " ".join(_CONTROL.sub("", s).split())


@dataclass
class TmxUnit:
    source: str
    target: str
    props: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def tuid(self) -> str:
        """Stable across exports: a digest of the pair itself."""
        return hashlib.sha1(f"{self.source}\x00{self.target}".encode()).hexdigest()[:16]


def units_from_store(store, statuses: set[str] | None = None, min_score: float = 0.0,
                     doc: str | None = None) -> list[TmxUnit]:
    """Title units of the store as TMX units. `statuses`: review statuses to keep
    (None: the aligned units and the reviewed ones, never rejected ones)."""
    pairs: dict[tuple[str, str], TmxUnit] = {}
    for u in store.units(queue="titles", doc=doc):
        if statuses is None:
            # every aligned unit, and every unit a reviewer has worked on, but no rejected one
            reviewed = u.status in ("draft", "confirmed", "approved")
            if u.status == "rejected" or not (reviewed or u.context.get("status") == "aligned"):
                continue
        elif u.status not in statuses:
            continue
        score = float(u.context.get("score", 0.0))
        if score < min_score:
            continue
        src, tgt = clean(u.source), clean(u.text)
        if not src or not tgt:
            continue
        tu = pairs.setdefault((src, tgt), TmxUnit(src, tgt))
        c = u.context
        tu.props += [
            ("x-file", u.file),
            ("x-entry", f"{c.get('kind', 'footnote')} {c.get('number')}"),
            ("x-line", str(u.line_start)),
            ("x-url", clean(c.get("url") or "")),
            ("x-status", u.status),
            ("x-alignment", f"{c.get('status', '')} {score:.3f}"),
        ]
        if u.note:
            tu.notes.append(clean(u.note))
    return sorted(pairs.values(), key=lambda t: (t.source, t.target))


def write_tmx(units: list[TmxUnit], out, creationdate: str = "20000101T000000Z",
              srclang: str = SRC_LANG, tgtlang: str = TGT_LANG) -> int:
    """Stream `units` as TMX 1.4 into `out` (a path or a binary file)."""
    n = 0
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            header = etree.Element(
                "header",
                creationtool="workbench",
                creationtoolversion=__version__,
                segtype="sentence",
                adminlang="en-US",
                srclang=srclang,
                datatype="plaintext",
                creationdate=creationdate,
            )
            header.set("o-tmf", "workbench-sqlite")
            xf.write(header)
            xf.write("\n")
            with xf.element("body"):
                xf.write("\n")
                skeletons: dict[tuple[int, int], etree._Element] = {}
                for u in units:
                    # one element skeleton per shape, refilled for every unit: no tree
                    # is allocated per unit, which is most of the cost at 100,000 units
                    shape = (len(u.notes), len(u.props))
                    tu = skeletons.get(shape)
                    if tu is None:
                        tu = _skeleton(*shape, srclang, tgtlang)
                        skeletons[shape] = tu
                    tu.set("tuid", u.tuid)
                    children = list(tu)
                    for el, note in zip(children, u.notes):
                        el.text = note
                    for el, (k, v) in zip(children[len(u.notes):], u.props):
                        el.set("type", k)
                        el.text = v
                    children[-2][0].text = u.source
                    children[-1][0].text = u.target
                    xf.write(tu)
                    xf.write("\n")
                    n += 1
    return n


def _skeleton(n_notes: int, n_props: int, srclang: str, tgtlang: str) -> etree._Element:
    tu = etree.Element("tu")
    for _ in range(n_notes):
        etree.SubElement(tu, "note")
    for _ in range(n_props):
        etree.SubElement(tu, "prop")
    for lang in (srclang, tgtlang):
        tuv = etree.SubElement(tu, "tuv")
        tuv.set(XML_LANG, lang)
        etree.SubElement(tuv, "seg")
    return tu


def creation_date(store) -> str:
    """The newest reviewer change, so an export is the same bytes until someone edits."""
    dates = [u.updated_at for u in store.units(queue="titles") if u.origin != "mt"]
    if not dates:
        return "20000101T000000Z"
    d = max(dates)  # ISO 8601
    return re.sub(r"[-:]", "", d[:19]) + "Z"


def export_project(store, out_dir: Path, statuses=None, min_score: float = 0.0) -> dict[str, int]:
    """alignments/corpus.tmx and one TMX per book; written atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    date = creation_date(store)
    counts = {}
    targets = [("corpus.tmx", None)] + [(Path(d.name).stem + ".tmx", d.name) for d in store.documents()]
    for name, doc in targets:
        units = units_from_store(store, statuses, min_score, doc)
        with atomic_path(out_dir / name) as tmp:
            counts[name] = write_tmx(units, str(tmp), date)
    return counts


# ------------------------------------------------------------------ import

MAX_IMPORT_BYTES = 200 * 1024 * 1024


class TmxError(ValueError):
    """A TMX file that cannot be imported: the message is one line."""


def read_tmx(path: str | Path, srclang: str = "ru", tgtlang: str = "fr") -> list[tuple[str, str, str | None]]:
    """(source, target, tuid) of every unit, parsed safely: no DTD or entity
    expansion, no network, a size limit (a billion-laughs or external-entity
    file is refused, not expanded)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise TmxError(f"{p}: cannot read ({e.strerror})") from None
    if size > MAX_IMPORT_BYTES:
        raise TmxError(f"{p}: too large ({size} bytes, limit {MAX_IMPORT_BYTES})")
    data = p.read_bytes()
    if re.search(r"<!ENTITY", data.decode("utf-8", "replace"), re.I):
        raise TmxError(f"{p}: refused: the file declares XML entities (entity expansion is not allowed)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise TmxError(f"{p}: not well-formed XML ({e.msg}, line {e.lineno})") from None
    if root.tag != "tmx":
        raise TmxError(f"{p}: not a TMX file (root element <{root.tag}>)")
    out = []
    for tu in root.iter("tu"):
        segs: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").split("-")[0].lower()
            seg = tuv.find("seg")
            if seg is not None and lang:
                segs[lang] = clean("".join(seg.itertext()))
        if segs.get(srclang) and segs.get(tgtlang):
            out.append((segs[srclang], segs[tgtlang], tu.get("tuid")))
    return out


def tm_matches(source: str, memory: list[tuple[str, str, str]], limit: int = 3, cutoff: float = 70.0):
    """Exact and fuzzy (rapidfuzz, >= 70%) matches of a source in a translation memory:
    (score, source, target, origin), best first."""
    from rapidfuzz import fuzz, process

    if not memory:
        return []
    sources = [m[0] for m in memory]
    hits = process.extract(source, sources, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
    return [(round(score, 1), memory[i][0], memory[i][1], memory[i][2]) for _, score, i in hits]
