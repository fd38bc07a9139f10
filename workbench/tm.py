"""The project's translation memory: import, concordance search, export.

Entries hold plain text for matching and their inline codes beside it (see
`formats/inline.py`): a match is found on the words alone, and what is inserted
or exported again carries the codes back where they stood.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from workbench.formats.inline import build_seg, codes_from_json, codes_json, tagged
from workbench.formats.tmx import XML_LANG, tmx_document
from workbench.formats.tmx_import import ImportStats, TmxError, iter_tmx, primary
from workbench.storage.base import TMStore


class NothingToImport(TmxError):
    """No unit of the file has both languages."""


def import_tmx(store: TMStore, path: str | Path, srclang: str | None = None, tgtlang: str | None = None,
               origin: str | None = None) -> tuple[ImportStats, int]:
    """Stream a TMX file into the memory (one transaction). Returns what was read and
    how many entries are new; raises NothingToImport (nothing stored) when no unit
    has both languages, naming the languages the file holds."""
    stats = ImportStats()
    rows = ((e.source, e.target, e.tuid, e.source_lang, e.target_lang,
             codes_json(e.source_codes), codes_json(e.target_codes))
            for e in iter_tmx(path, srclang, tgtlang, stats))
    new = store.add_tm_entries(rows, origin or Path(path).name)
    if not stats.entries:
        asked = f"{srclang or stats.header_srclang or 'first language'} -> {tgtlang or 'any other'}"
        raise NothingToImport(f"{path}: no unit has both {asked}; the file holds {stats.languages_line()}")
    return stats, new


@dataclass(frozen=True)
class Match:
    score: float
    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str
    tuid: str | None
    target_codes: tuple = ()  # `target` is what a plain-text unit takes; the codes go back in `target_seg`

    def target_seg(self) -> str:
        """The target with its inline codes back in place, as a TMX `<seg>`."""
        return etree.tostring(build_seg(self.target, self.target_codes), encoding="unicode")

    def as_dict(self) -> dict:
        return {"score": self.score, "source": self.source, "target": self.target,
                "target_tagged": tagged(self.target, self.target_codes), "target_seg": self.target_seg(),
                "source_lang": self.source_lang, "target_lang": self.target_lang,
                "origin": self.origin, "tuid": self.tuid}


def _lang_ok(tag: str, want: str | None) -> bool:
    return not want or not tag or primary(tag) == primary(want)


def search(store: TMStore, text: str, srclang: str | None = None, tgtlang: str | None = None,
           limit: int = 5, cutoff: float = 70.0) -> list[Match]:
    """Exact and fuzzy matches of `text` among the memory's sources, best first: the
    concordance index proposes candidates, rapidfuzz scores them (100 = same text)."""
    from rapidfuzz import fuzz

    text = " ".join(text.split())
    rows = store.tm_rows(store.tm_candidates(text))
    scored = []
    for r in rows:
        if not (_lang_ok(r.source_lang, srclang) and _lang_ok(r.target_lang, tgtlang)):
            continue
        score = round(fuzz.ratio(text, r.source), 1)
        if score >= cutoff:
            scored.append(Match(score, r.source, r.target, r.source_lang, r.target_lang,
                                r.origin, r.tuid, codes_from_json(r.target_codes)))
    scored.sort(key=lambda m: (-m.score, m.source, m.target, m.target_lang))
    return scored[:limit]


def export_memory(store: TMStore, out, srclang: str | None = None, tgtlang: str | None = None) -> int:
    """The memory as TMX 1.4, inline codes restored, in import order (`out`: a path or
    a binary file). The same memory gives the same bytes."""
    rows = [r for r in store.tm_rows()
            if _lang_ok(r.source_lang, srclang) and _lang_ok(r.target_lang, tgtlang)]
    src_tags = {r.source_lang or srclang or "ru" for r in rows}
    with tmx_document(out, src_tags.pop() if len(src_tags) == 1 else "*all*") as (xf, _):
        for r in rows:
            tu = etree.Element("tu")
            if r.tuid:
                tu.set("tuid", r.tuid)
            etree.SubElement(tu, "prop", type="x-origin").text = r.origin
            for lang, text, codes in (
                    (r.source_lang or srclang or "ru", r.source, r.source_codes),
                    (r.target_lang or tgtlang or "fr", r.target, r.target_codes)):
                tuv = etree.SubElement(tu, "tuv")
                tuv.set(XML_LANG, lang)
                tuv.append(build_seg(text, codes_from_json(codes)))
            xf.write(tu, "\n")
    return len(rows)
