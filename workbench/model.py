"""Plain data passed between the pipeline stages and the store.

Stages are pure functions over these dataclasses; only `store` persists them.
Line numbers are always 1-based line numbers of the original file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEGMENT_KINDS = (
    "front_matter",
    "toc",
    "heading",
    "body",
    "footnote",
    "bibliography",
    "back_matter",
    "unreadable",
)

# --- the review vocabulary: one home for the words the store, the review screen,
# the exports, the scores and the command line share

UNIT_STATUSES = ("new", "draft", "confirmed", "approved", "rejected")
# signed off by a reviewer: what the scores count as reviewed, XLIFF marks approved,
# and the review screen as done
REVIEWED_STATUSES = ("confirmed", "approved")
# worked on by a reviewer: the TMX export keeps these even when the alignment is unsure
WORKED_STATUSES = ("draft", *REVIEWED_STATUSES)

# the review queues, and each one's (source, target) languages: a title's source is the
# Russian title, a sentence's the French machine translation it corrects
QUEUES = ("titles", "sentences")
QUEUE_LABELS = {"titles": "Titles", "sentences": "Sentences"}
QUEUE_LANGS = {"titles": ("ru", "fr"), "sentences": ("fr", "fr")}

# QA finding severities, least severe first (a project's QA profile may also turn a kind "off")
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A structural block of one file: a paragraph, a heading, a footnote entry..."""

    file: str
    index: int
    kind: str
    article: int | None
    text: str
    line_start: int
    line_end: int
    # Every original line that contributed. Not always contiguous: a paragraph
    # cut by a page break continues after that page's footnotes.
    lines: tuple[int, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    level: int | None = None  # headings: 1 = chapter, 2 = article
    # footnote text found before its entry's start (the rest of an entry cut by a page break)
    fragment: bool = False

    def to_dict(self) -> dict:
        d = {
            "file": self.file,
            "index": self.index,
            "kind": self.kind,
            "article": self.article,
            "text": self.text,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "lines": list(self.lines),
        }
        if self.level is not None:
            d["level"] = self.level
        if self.fragment:
            d["fragment"] = True
        if self.sentences:
            d["sentences"] = [
                {"text": s.text, "line_start": s.line_start, "line_end": s.line_end}
                for s in self.sentences
            ]
        return d


@dataclass(frozen=True, slots=True)
class Document:
    name: str  # file name inside corpus/, e.g. "000_a387d45f261e04d0.txt"
    sha256: str
    n_lines: int
    title: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitSeed:
    """A reviewable unit as produced by the pipeline, before the store gives it state.

    `key` survives rebuilds (see `units.py`): it depends on the file and the
    normalised source text, not on segment indexes.
    """

    key: str
    file: str
    queue: str  # one of QUEUES
    source: str  # read-only side (original MT sentence, or Russian title)
    mt: str  # original machine translation (the target the reviewer corrects)
    line_start: int
    line_end: int
    segment_index: int
    article: int | None = None
    context: dict = field(default_factory=dict)
