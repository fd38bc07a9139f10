"""XLIFF 1.2 and 2.1 round trips: a batch of review units out to a CAT tool (OmegaT,
Trados, memoQ) and its targets back in as draft edits.

Every unit carries what the import needs to tell a translator's edit from a change
made in the project meanwhile: its key (1.2 `resname`, 2.1 `name`), the store
version it was exported at and a digest of the exported target (1.2 `extradata`,
2.1 attributes in the workbench's namespace, which the 2.x core allows on `<unit>`).
On import a target equal to what was exported is left alone; an edited one becomes
a draft edit made with the exported version, so a unit changed since export is a
conflict, reported and not overwritten.

The files carry no date: the same units give the same bytes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbench.model import QUEUE_LANGS, REVIEWED_STATUSES

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
WB = "urn:x-workbench:xliff"  # the workbench's own attributes in XLIFF 2.x
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSIONS = ("1.2", "2.1")

LANGS = QUEUE_LANGS  # queue -> (source language, target language)

# review status -> XLIFF 1.2 target state, XLIFF 2.x segment state
STATE12 = {"new": "needs-review-translation", "draft": "translated", "confirmed": "signed-off",
           "approved": "final", "rejected": "needs-translation"}
STATE2 = {"new": "initial", "draft": "translated", "confirmed": "reviewed", "approved": "final",
          "rejected": "initial"}


class XliffError(ValueError):
    """An XLIFF file that cannot be imported: the message is one line."""


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class XliffUnit:
    key: str
    id: int          # the unit's permanent id (XLIFF 2.x ids must be NMTOKENs; keys are not)
    file: str
    source: str
    target: str
    status: str
    version: int
    note: str = ""


def units_from_store(store, queue: str, statuses: set[str] | None = None) -> list[XliffUnit]:
    return [XliffUnit(u.key, u.id, u.file, u.source, u.text, u.status, u.version, u.note or "")
            for u in store.units(queue=queue)
            if (statuses is None or u.status in statuses) and not u.orphaned]


def _by_file(units: Iterable[XliffUnit]) -> dict[str, list[XliffUnit]]:
    files: dict[str, list[XliffUnit]] = {}
    for u in units:
        files.setdefault(u.file, []).append(u)
    return dict(sorted(files.items()))


def build_xliff12(units: list[XliffUnit], queue: str) -> etree._Element:
    src, tgt = LANGS[queue]
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12}, version="1.2")
    for name, group in _by_file(units).items():
        f = etree.SubElement(root, f"{{{XLIFF12}}}file", original=name, datatype="plaintext",
                             **{"source-language": src, "target-language": tgt, "tool-id": "workbench",
                                "category": queue})
        header = etree.SubElement(f, f"{{{XLIFF12}}}header")
        etree.SubElement(header, f"{{{XLIFF12}}}tool", {"tool-id": "workbench", "tool-name": "workbench"})
        body = etree.SubElement(f, f"{{{XLIFF12}}}body")
        for u in group:
            tu = etree.SubElement(body, f"{{{XLIFF12}}}trans-unit", id=u.key, resname=u.key,
                                  extradata=f"version={u.version} digest={digest(u.target)}")
            if u.status in REVIEWED_STATUSES:
                tu.set("approved", "yes")
            etree.SubElement(tu, f"{{{XLIFF12}}}source").text = u.source
            t = etree.SubElement(tu, f"{{{XLIFF12}}}target", state=STATE12[u.status])
            t.text = u.target
            if u.note:
                etree.SubElement(tu, f"{{{XLIFF12}}}note", {"from": "reviewer"}).text = u.note
    return root


def build_xliff21(units: list[XliffUnit], queue: str) -> etree._Element:
    src, tgt = LANGS[queue]
    root = etree.Element(f"{{{XLIFF2}}}xliff", nsmap={None: XLIFF2, "wb": WB}, version="2.1",
                         srcLang=src, trgLang=tgt)
    for i, (name, group) in enumerate(_by_file(units).items(), 1):
        f = etree.SubElement(root, f"{{{XLIFF2}}}file", id=f"f{i}", original=name)
        for u in group:
            unit = etree.SubElement(f, f"{{{XLIFF2}}}unit", id=f"u{u.id}", name=u.key)
            unit.set(f"{{{WB}}}version", str(u.version))
            unit.set(f"{{{WB}}}digest", digest(u.target))
            if u.note:
                notes = etree.SubElement(unit, f"{{{XLIFF2}}}notes")
                etree.SubElement(notes, f"{{{XLIFF2}}}note", category="reviewer").text = u.note
            seg = etree.SubElement(unit, f"{{{XLIFF2}}}segment", state=STATE2[u.status],
                                   subState=f"wb:{u.status}")
            etree.SubElement(seg, f"{{{XLIFF2}}}source").text = u.source
            etree.SubElement(seg, f"{{{XLIFF2}}}target").text = u.target
    return root


def write_xliff(units: list[XliffUnit], out, version: str = "1.2", queue: str = "titles") -> int:
    """Write `units` as XLIFF `version` into `out` (a path or a binary file)."""
    if version not in VERSIONS:
        raise XliffError(f"unknown XLIFF version {version} (choose {' or '.join(VERSIONS)})")
    root = build_xliff12(units, queue) if version == "1.2" else build_xliff21(units, queue)
    etree.indent(root, space="  ")
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"
    if isinstance(out, (str, os.PathLike)):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    return len(units)


# ------------------------------------------------------------------ import


@dataclass(frozen=True)
class ReturnedUnit:
    key: str
    source: str
    target: str
    version: int | None
    digest: str | None


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(el: etree._Element | None) -> str:
    """A source or target's text; inline markup a CAT tool added is dropped, its text kept."""
    return "" if el is None else "".join(el.itertext())


def _extradata(s: str | None) -> dict[str, str]:
    return dict(part.split("=", 1) for part in (s or "").split() if "=" in part)


def read_xliff(path: str | Path) -> list[ReturnedUnit]:
    """The units of an XLIFF 1.2 or 2.x file, parsed safely (no entities, no DTD, no network)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise XliffError(f"{p}: cannot read ({e.strerror})") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise XliffError(f"{p}: not well-formed XML ({e.msg}, line {e.lineno})") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise XliffError(f"{p}: refused: the file declares XML entities")
    if _local(root.tag) != "xliff":
        raise XliffError(f"{p}: not an XLIFF file (root element <{_local(root.tag)}>)")
    out = []
    if (root.get("version") or "").startswith("1"):
        for tu in root.iter(f"{{{XLIFF12}}}trans-unit", "trans-unit"):
            kids = {_local(c.tag): c for c in tu}
            extra = _extradata(tu.get("extradata"))
            out.append(ReturnedUnit(tu.get("resname") or tu.get("id") or "", _text(kids.get("source")),
                                    _text(kids.get("target")),
                                    int(extra["version"]) if extra.get("version", "").isdigit() else None,
                                    extra.get("digest")))
    else:
        for unit in root.iter(f"{{{XLIFF2}}}unit"):
            segs = [s for s in unit if _local(s.tag) == "segment"]
            source = " ".join(_text(next((c for c in s if _local(c.tag) == "source"), None)) for s in segs)
            target = " ".join(_text(next((c for c in s if _local(c.tag) == "target"), None)) for s in segs)
            version = unit.get(f"{{{WB}}}version") or ""
            out.append(ReturnedUnit(unit.get("name") or unit.get("id") or "", source, target,
                                    int(version) if version.isdigit() else None, unit.get(f"{{{WB}}}digest")))
    return out


@dataclass
class ImportReport:
    edited: list[str] = field(default_factory=list)       # keys saved as draft edits
    unchanged: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (key, why)
    skipped: list[tuple[str, str]] = field(default_factory=list)    # (key, why)


def import_units(store, returned: list[ReturnedUnit], who: str) -> ImportReport:
    """Targets edited in the CAT tool become draft edits (one history row each), made
    with the version the export carried; the rest is left untouched."""
    from workbench.store import ConflictError, StoreError

    report = ImportReport()
    for r in returned:
        current = store.unit(r.key) if r.key else None
        if current is None:
            report.skipped.append((r.key, "no such unit in the project"))
            continue
        if (r.digest is not None and digest(r.target) == r.digest) or r.target == current.text:
            report.unchanged += 1  # not edited in the CAT tool, or edited to what the project holds
            continue
        if not r.target.strip():
            report.skipped.append((r.key, "empty target"))
            continue
        if r.version is None:
            report.skipped.append((r.key, "no export version (not a file this project exported)"))
            continue
        if r.source != current.source:
            report.conflicts.append((r.key, "the source changed since the export"))
            continue
        try:
            store.edit(r.key, r.target, who=who, expected_version=r.version)
        except ConflictError as e:
            report.conflicts.append((r.key, f"changed in the project since the export (version {r.version},"
                                            f" now {e.current.version}); the project's text is kept"))
            continue
        except StoreError as e:
            report.skipped.append((r.key, str(e)))
            continue
        report.edited.append(r.key)
    return report
