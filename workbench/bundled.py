"""The outputs a build writes into the project (`alignments/*.tmx`): made from
the corpus, the glossary and the title lexicon alone.

Reviewer work (edits, statuses, notes, MT suggestions) lives in the store and
leaves it only through `workbench export`: a build in a project being reviewed
(this repository is one) rewrites its tracked files with the same bytes a fresh
clone's build gives, so reviewing never makes them stale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.align import align_entries
from workbench.files import atomic_path
from workbench.formats.tmx import split_languages, units_from_rows, write_tmx
from workbench.model import UnitSeed
from workbench.units import title_units

# no reviewer change: the date an export carries until someone edits (formats.tmx.creation_date)
CORPUS_DATE = "20000101T000000Z"


@dataclass(frozen=True, slots=True)
class CorpusUnit:
    """A title unit as a fresh build stores it: the machine's text, untouched."""

    file: str
    source: str
    text: str
    line_start: int | None
    context: dict[str, Any] = field(default_factory=dict)
    status: str = "new"
    note: str = ""


def corpus_title_seeds(p, mt_titles: Mapping[str, str], glossary, lexicon, *,
                       lex: Callable[[], Any]) -> list[UnitSeed]:
    """The title units of a processed book as the corpus alone gives them: an
    entry aligned with an MT suggestion as evidence (store state) is aligned
    again without it. `lex` makes the Russian lexicon, called only then."""
    redo = [i for i, e in enumerate(p.entries) if e.url and e.url in mt_titles]
    if not redo:
        return [u for u in p.units if u.queue == "titles"]
    alignments = list(p.alignments)
    lines = [ln.raw for ln in p.segmentation.lines]
    again = align_entries([p.entries[i] for i in redo], p.markers, glossary, None, lexicon, lines, lex=lex())
    for i, a in zip(redo, again, strict=True):
        alignments[i] = a
    return title_units(alignments)


def corpus_rows(seeds: Iterable[UnitSeed]) -> list[CorpusUnit]:
    """Seeds in the store's unit order (book, then line, then build order)."""
    rows = [CorpusUnit(s.file, s.source, s.mt, s.line_start, dict(s.context)) for s in seeds]
    return sorted(rows, key=lambda r: (r.file, r.line_start or 0))


def write_alignments(seeds_by_book: Mapping[str, list[UnitSeed]], out_dir: Path,
                     other: Counter | None = None) -> dict[str, int]:
    """`corpus.tmx` and one TMX per book into `out_dir`, atomically; units whose
    target is not French (or source not Russian) are left out and counted for
    corpus.tmx into `other`. Returns the units written per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    books = sorted(seeds_by_book)
    targets = [("corpus.tmx", books)] + [(Path(b).stem + ".tmx", [b]) for b in books]
    counts: dict[str, int] = {}
    for name, chosen in targets:
        rows = corpus_rows(s for b in chosen for s in seeds_by_book[b])
        units, left_out = split_languages(units_from_rows(rows))
        if name == "corpus.tmx" and other is not None:
            other.update(left_out)
        with atomic_path(out_dir / name) as tmp:
            counts[name] = write_tmx(units, str(tmp), CORPUS_DATE)
    return counts
