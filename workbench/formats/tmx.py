"""TMX 1.4 export of the aligned titles: Russian source -> French target.

One <tu> per distinct (Russian title, French title) pair, carrying the
provenance of every footnote or bibliography entry that gives it. Written with
lxml (streaming: lxml's incremental writer around units that lxml serialises a
chunk at a time; no string concatenation); the same store gives the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from workbench import __version__
from workbench.files import atomic_path
from workbench.formats.tmx_import import TmxError, iter_tmx  # noqa: F401  (TmxError: callers catch it here)
from workbench.model import WORKED_STATUSES

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
    srclang: str | None = None   # None: the file's source language
    tgtlang: str | None = None   # None: the file's target language

    @property
    def tuid(self) -> str:
        """Stable across exports: a digest of the pair itself."""
        return hashlib.sha1(f"{self.source}\x00{self.target}".encode()).hexdigest()[:16]


def units_from_store(store, statuses: set[str] | None = None, min_score: float = 0.0,
                     doc: str | None = None) -> list[TmxUnit]:
    """Title units of the store as TMX units. `statuses`: review statuses to keep
    (None: the aligned units and the reviewed ones, never rejected ones)."""
    return units_from_rows(store.units(queue="titles", doc=doc), statuses, min_score)


def units_from_rows(rows, statuses: set[str] | None = None, min_score: float = 0.0) -> list[TmxUnit]:
    """Title units (anything with the store row's `status, context, source, text,
    file, line_start, note`) as TMX units, one per distinct pair."""
    pairs: dict[tuple[str, str], TmxUnit] = {}
    for u in rows:
        if statuses is None:
            # every aligned unit, and every unit a reviewer has worked on, but no rejected one
            reviewed = u.status in WORKED_STATUSES
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


def split_languages(units: list[TmxUnit], keep_other: bool = False,
                    srclang: str = SRC_LANG, tgtlang: str = TGT_LANG) -> tuple[list[TmxUnit], Counter]:
    """Units whose source is Russian and target French, and a count of the others
    by side and detected language (`{"target en": 14}`). With `keep_other`, the
    others are kept too, labelled with their real language."""
    from workbench.langid import judge_many

    src = judge_many([u.source for u in units], srclang)
    tgt = judge_many([u.target for u in units], tgtlang)
    kept: list = []
    other: Counter[str] = Counter()
    for u, vs, vt in zip(units, src, tgt, strict=False):
        if vs.foreign:
            other[f"source {vs.lang}"] += 1
        if vt.foreign:
            other[f"target {vt.lang}"] += 1
        if not (vs.foreign or vt.foreign):
            kept.append(u)
        elif keep_other:
            kept.append(replace(u, srclang=vs.lang if vs.foreign else None,
                                tgtlang=vt.lang if vt.foreign else None))
    return kept, other


NO_DATE = "20000101T000000Z"  # the creation date of a file no reviewer change dates


@contextmanager
def tmx_document(out, srclang: str, creationdate: str = NO_DATE) -> Iterator[tuple[Any, BinaryIO]]:
    """A TMX 1.4 file around what the caller writes into its <body>: yields lxml's
    incremental writer and the binary file under it (`out`: a path, opened and
    closed here, or a binary file). The prologue, the header and the closing tags
    are lxml's; every TMX the workbench writes shares them."""
    own = isinstance(out, (str, os.PathLike))
    f = open(out, "wb") if own else out  # noqa: SIM115 - closed in `finally` when owned
    try:
        with etree.xmlfile(f, encoding="UTF-8") as xf:
            xf.write_declaration()
            xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
            with xf.element("tmx", version="1.4"):
                xf.write("\n")
                header = etree.Element(
                    "header", creationtool="workbench", creationtoolversion=__version__,
                    segtype="sentence", adminlang="en-US", srclang=srclang,
                    datatype="plaintext", creationdate=creationdate)
                header.set("o-tmf", "workbench-sqlite")
                xf.write(header, "\n")
                with xf.element("body"):
                    xf.write("\n")
                    yield xf, f
    finally:
        if own:
            f.close()


def write_tmx(units: list[TmxUnit], out, creationdate: str = NO_DATE,
              srclang: str = SRC_LANG, tgtlang: str = TGT_LANG) -> int:
    """Stream `units` as TMX 1.4 into `out` (a path or a binary file).

    The units are serialised by lxml in chunks (see `_TuChunks`) and written
    between the header and the closing tags as they are produced."""
    with tmx_document(out, srclang, creationdate) as (xf, f):
        xf.flush()  # what lxml has written goes first
        chunks = _TuChunks(srclang, tgtlang)
        for i in range(0, len(units), CHUNK):
            f.write(chunks.serialise(units[i:i + CHUNK]))
    return len(units)


CHUNK = 1000  # units per lxml serialisation call


class _Slot:
    """A reusable <tu> element of one shape (number of notes and props), with
    the values it holds, so that only what changed is set again."""

    __slots__ = ("defaults", "held", "langs", "n_notes", "n_props", "notes", "props", "shape", "src", "tgt", "tu")

    def __init__(self, n_notes: int, n_props: int, srclang: str, tgtlang: str):
        tu = etree.Element("tu")
        self.tu, self.shape, self.n_notes, self.n_props = tu, (n_notes, n_props), n_notes, n_props
        self.notes = [etree.SubElement(tu, "note") for _ in range(n_notes)]
        self.props = [etree.SubElement(tu, "prop") for _ in range(n_props)]
        self.held: list = [(_UNSET, _UNSET)] * n_props  # (type, text) of each prop
        segs = []
        self.langs = self.defaults = (srclang, tgtlang)
        for lang in (srclang, tgtlang):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            segs.append(etree.SubElement(tuv, "seg"))
        self.src, self.tgt = segs


_UNSET = object()


class _TuChunks:
    """Serialises units chunk by chunk: a <body> element holding one reusable
    <tu> per unit of the chunk is refilled, then serialised by one
    `etree.tostring` call, of which the <body> tags are cut off. No tree is
    allocated per unit and lxml is called once per chunk rather than once per
    unit: both are most of the cost at 100,000 units."""

    OPEN, CLOSE = b"<body>", b"</body>"

    def __init__(self, srclang: str, tgtlang: str):
        self.langs = (srclang, tgtlang)
        self.body = etree.Element("body")
        self.slots: list[_Slot] = []
        self.spare: dict[tuple[int, int], list[_Slot]] = {}

    def _slot(self, shape: tuple[int, int]) -> _Slot:
        spare = self.spare.get(shape)
        return spare.pop() if spare else _Slot(*shape, *self.langs)

    def serialise(self, units: list[TmxUnit]) -> bytes:
        body, slots = self.body, self.slots
        while len(slots) > len(units):
            s = slots.pop()
            self.spare.setdefault(s.shape, []).append(s)
            body.remove(s.tu)
        for u in units[len(slots):]:
            s = self._slot((len(u.notes), len(u.props)))
            slots.append(s)
            body.append(s.tu)
            s.tu.tail = "\n"
        for i, u in enumerate(units):
            s = slots[i]
            notes, props = u.notes, u.props
            if s.n_notes != len(notes) or s.n_props != len(props):
                self.spare.setdefault(s.shape, []).append(s)
                s = slots[i] = self._slot((len(notes), len(props)))
                body[i] = s.tu
                s.tu.tail = "\n"  # replacing drops the tail lxml moved with the element
            s.tu.set("tuid", u.tuid)
            if notes:
                for el, note in zip(s.notes, notes, strict=False):
                    el.text = note
            held = s.held
            for j, kv in enumerate(props):
                was = held[j]
                if was != kv:  # most provenance values repeat from one unit to the next
                    k, v = kv
                    if was[0] != k:
                        s.props[j].set("type", k)
                    if was[1] != v:
                        s.props[j].text = v
                    held[j] = kv
            langs = (u.srclang or s.defaults[0], u.tgtlang or s.defaults[1])
            if langs != s.langs:  # a unit exported under its detected language
                s.src.getparent().set(XML_LANG, langs[0])
                s.tgt.getparent().set(XML_LANG, langs[1])
                s.langs = langs
            s.src.text = u.source
            s.tgt.text = u.target
        data = etree.tostring(body, encoding="UTF-8", xml_declaration=False)
        if not (data.startswith(self.OPEN) and data.endswith(self.CLOSE)):
            raise AssertionError("unexpected serialisation of the unit chunk")
        return data[len(self.OPEN):-len(self.CLOSE)]


def creation_date(store) -> str:
    """The newest reviewer change, so an export is the same bytes until someone edits."""
    dates = [u.updated_at for u in store.units(queue="titles") if u.origin != "mt"]
    if not dates:
        return NO_DATE
    d = max(dates)  # ISO 8601
    return re.sub(r"[-:]", "", d[:19]) + "Z"


def export_project(store, out_dir: Path, statuses=None, min_score: float = 0.0,
                   other: Counter | None = None) -> dict[str, int]:
    """alignments/corpus.tmx and one TMX per book; written atomically. Units whose
    target is not French (or source not Russian) are left out; `other`, when given,
    receives their count for corpus.tmx by side and language."""
    out_dir.mkdir(parents=True, exist_ok=True)
    date = creation_date(store)
    counts = {}
    targets = [("corpus.tmx", None)] + [(Path(d.name).stem + ".tmx", d.name) for d in store.documents()]
    for name, doc in targets:
        units, left_out = split_languages(units_from_store(store, statuses, min_score, doc))
        if doc is None and other is not None:
            other.update(left_out)
        with atomic_path(out_dir / name) as tmp:
            counts[name] = write_tmx(units, str(tmp), date)
    return counts


# ------------------------------------------------------------------ import

def read_tmx(path: str | Path, srclang: str = "ru", tgtlang: str = "fr") -> list[tuple[str, str, str | None]]:
    """(source, target, tuid) of every unit variant in these languages (primary
    subtags), read safely and streamed (see `tmx_import`); inline codes dropped."""
    return [(e.source, e.target, e.tuid) for e in iter_tmx(path, srclang, tgtlang)]


def tm_matches(source: str, memory: list[tuple[str, str, str]], limit: int = 3, cutoff: float = 70.0):
    """Exact and fuzzy (rapidfuzz, >= 70%) matches of a source in a translation memory:
    (score, source, target, origin), best first."""
    from rapidfuzz import fuzz, process

    if not memory:
        return []
    sources = [m[0] for m in memory]
    hits = process.extract(source, sources, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
    return [(round(score, 1), memory[i][0], memory[i][1], memory[i][2]) for _, score, i in hits]
