"""Reviewable units and their rebuild-stable keys. Pure functions: no I/O, no state.

A key must survive a rebuild after the cleaning or segmentation stages improve, so it
is derived from the file and a *normalised* text (plus an occurrence counter for exact
repeats), never from segment indexes or line numbers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

from .model import Segment, UnitSeed

# Characters a cleaning pass may legitimately swap, add or drop. Quotes are removed
# outright: « mot », "mot" and “mot” must give the same key.
_DROP = "«»‹›\"“”„‟〝〞＂\u00ad\u200b\u200c\u200d\u2060\ufeff"
_MAP = {
    **dict.fromkeys("’‘‚‛`´ʼ′", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
    # PDF extraction leaves ligatures that a later cleaner may expand.
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
}
_TABLE = str.maketrans({**dict.fromkeys(_DROP), **_MAP})
_WS = re.compile(r"\s+")  # str patterns match NBSP and narrow NBSP too
_SPACE_BEFORE_PUNCT = re.compile(r" (?=[.,;:!?)\]])")  # French "Quoi ?" == "Quoi?"
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[]) ")


def normalise_for_key(text: str) -> str:
    """Canonical form of `text` for identity: equal for texts that differ only in
    case, whitespace, quote style, apostrophe/dash variants or spacing around punctuation."""
    t = unicodedata.normalize("NFC", text).translate(_TABLE).casefold()
    t = _WS.sub(" ", t).strip()
    t = _SPACE_AFTER_OPEN.sub("", _SPACE_BEFORE_PUNCT.sub("", t))
    return unicodedata.normalize("NFC", t)  # casefold can denormalise (e.g. "İ")


def text_digest(text: str) -> str:
    return hashlib.sha1(normalise_for_key(text).encode("utf-8")).hexdigest()[:16]


def sentence_units(segments: list[Segment]) -> list[UnitSeed]:
    """One unit per sentence of every body segment, `segments` given in document order.

    A body segment without sentences is one unit. Empty texts are skipped (they would
    all share one key and there is nothing to review)."""
    items: list[tuple[Segment, str, int, int, str]] = []
    for seg in segments:
        if seg.kind != "body":
            continue
        parts = [(s.text, s.line_start, s.line_end) for s in seg.sentences] or [
            (seg.text, seg.line_start, seg.line_end)
        ]
        for t, a, b in parts:
            norm = normalise_for_key(t)
            if norm:
                items.append((seg, t.strip(), a, b, norm))

    def neighbour(i: int, j: int) -> str:
        # Context never crosses a file or an article boundary.
        if 0 <= j < len(items):
            a, b = items[i][0], items[j][0]
            if a.file == b.file and a.article == b.article:
                return items[j][1]
        return ""

    seen: Counter[tuple[str, str]] = Counter()
    out: list[UnitSeed] = []
    for i, (seg, text, start, end, norm) in enumerate(items):
        digest = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]  # == text_digest(text)
        occurrence = seen[seg.file, digest]
        seen[seg.file, digest] += 1
        out.append(
            UnitSeed(
                key=f"{seg.file}#s:{digest}:{occurrence}",
                file=seg.file,
                queue="sentences",
                source=text,
                mt=text,
                line_start=start,
                line_end=end,
                segment_index=seg.index,
                article=seg.article,
                context={"prev": neighbour(i, i - 1), "next": neighbour(i, i + 1)},
            )
        )
    return out


def title_units(alignments) -> list[UnitSeed]:
    """One unit per aligned entry: Russian title (from the URL slug) -> French title.

    The key is the file, the entry's kind and number and its URL, so a rebuild
    that re-parses the footnote keeps the unit."""
    out: list[UnitSeed] = []
    seen: Counter[str] = Counter()
    for a in alignments:
        if a.status not in ("aligned", "suspect", "title_missing") or not a.title_ru:
            continue
        kind = "f" if a.kind == "footnote" else "b"
        base = f"{a.file}#t:{kind}:{a.number if a.number is not None else 'x'}:{text_digest(a.url or '')[:10]}"
        key = f"{base}:{seen[base]}"
        seen[base] += 1
        out.append(
            UnitSeed(
                key=key,
                file=a.file,
                queue="titles",
                source=a.headline or a.title_ru,
                mt=a.title_fr,
                line_start=a.line_start,
                line_end=a.line_start,
                segment_index=-1,
                article=None,
                context={
                    "kind": a.kind,
                    "number": a.number,
                    "url": a.url,
                    "slug": a.slug,
                    "score": round(a.score, 3),
                    "status": a.status,
                    "evidence": a.evidence,
                    "flags": a.flags,
                    "sentence": a.sentence,
                },
            )
        )
    return out
