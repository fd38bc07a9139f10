"""Post-editing scores with sacrebleu. Pure functions over units, suggestions and sources.

- HTER: the edits that turned the original MT into the reviewed text, per
  reference word (sacrebleu TER, case-sensitive, the MT as hypothesis and the
  reviewed text as reference; corpus-level = total edits / total reference
  words). Reported as sacrebleu prints TER: a percentage.
- chrF++ and BLEU of MT suggestions (per model and version) against the
  reviewed text: how much a model would have saved.
- chrF between the footnote and the bibliography renderings of one source (the
  same title translated twice by the MT).
- Units by status.

A unit counts as reviewed when a reviewer confirmed or approved it: a
confirmed unit left unchanged has HTER 0, and leaving those out (or counting
drafts, which are unfinished) would make the MT look worse than it is.

Every figure carries its sacrebleu signature. The plots: `terminal_chart(units)`
(`text_histogram` and `progress_lines`) for a terminal, the TUI's statistics
screen included, and `svg_plot` for a file.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from workbench.model import REVIEWED_STATUSES, UNIT_STATUSES
from workbench.storage.base import SourceRow, SuggestionRow

REVIEWED = REVIEWED_STATUSES
# per-unit HTER bins (percent): unchanged units get a bin of their own
BINS = [(0, 0, "0")] + [(a, a + 10, f"{a}-{a + 10}") for a in range(0, 100, 10)] + [(100, None, ">100")]


def is_reviewed(unit) -> bool:
    return unit.status in REVIEWED


def _metric(metric, hyps: list[str], refs: list[str]) -> dict:
    s = metric.corpus_score(hyps, [refs])
    return {"score": round(s.score, 2), "segments": len(hyps), "signature": str(metric.get_signature())}


def hter(pairs: list[tuple[str, str]]) -> dict | None:
    """Corpus HTER of (original MT, reviewed text) pairs, or None without pairs."""
    if not pairs:
        return None
    from sacrebleu.metrics import TER

    ter = TER(case_sensitive=True)
    s = ter.corpus_score([m for m, _ in pairs], [[r for _, r in pairs]])
    return {"score": round(s.score, 2), "edits": s.num_edits, "ref_words": s.ref_length,
            "segments": len(pairs), "signature": str(ter.get_signature())}


def unit_hters(pairs: Iterable[tuple[str, str]]) -> list[float]:
    """Per-unit HTER (percent) of (original MT, reviewed text) pairs."""
    from sacrebleu.metrics import TER

    ter = TER(case_sensitive=True)
    return [ter.sentence_score(m, [r]).score for m, r in pairs]


def mt_quality(pairs: list[tuple[str, str]]) -> dict | None:
    """chrF++ and BLEU of (MT suggestion, reviewed text) pairs."""
    if not pairs:
        return None
    from sacrebleu.metrics import BLEU, CHRF

    hyps, refs = [h for h, _ in pairs], [r for _, r in pairs]
    return {"chrf++": _metric(CHRF(word_order=2), hyps, refs), "bleu": _metric(BLEU(), hyps, refs)}


def chrf(pairs: list[tuple[str, str]]) -> dict | None:
    if not pairs:
        return None
    from sacrebleu.metrics import CHRF

    return _metric(CHRF(), [a for a, _ in pairs], [b for _, b in pairs])


def biblio_pairs(sources: list[SourceRow]) -> list[tuple[str, str, str]]:
    """(book, footnote title, bibliography title) for every footnote of a source
    that also has a bibliography entry: the one of the same book, else the first."""
    out = []
    for src in sources:
        notes = [m for m in src.members if m.kind == "footnote" and m.title.strip()]
        bibs = [m for m in src.members if m.kind == "bibliography" and m.title.strip()]
        if not bibs:
            continue
        for f in notes:
            b = next((b for b in bibs if b.file == f.file), bibs[0])
            out.append((f.file, f.title, b.title))
    return out


def _block(units: list, suggestions: dict[str, list[SuggestionRow]], biblio: list[tuple[str, str]]) -> dict:
    by_status = dict.fromkeys(UNIT_STATUSES, 0)
    by_status.update(Counter(u.status for u in units))
    done = [u for u in units if is_reviewed(u)]
    by_queue = {q: hter([(u.mt, u.text) for u in done if u.queue == q])
                for q in sorted({u.queue for u in done})}
    models: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for u in done:
        for s in suggestions.get(u.key, ()):
            models[f"{s.model} {s.model_version}"].append((s.text, u.text))
    return {
        "units": {"total": len(units), "reviewed": len(done), "by_status": by_status},
        "hter": hter([(u.mt, u.text) for u in done]),
        "hter_by_queue": by_queue,
        "mt": {m: {"segments": len(p), **(mt_quality(p) or {})} for m, p in sorted(models.items())},
        "footnote_vs_bibliography": chrf(biblio),
    }


def score_project(units: list, suggestions: list[SuggestionRow], sources: list[SourceRow]) -> dict:
    """Every score per book and overall: {"books": {file: block}, "overall": block,
    "reviewed_statuses": [...]}; a block's metrics are None when nothing is there to score."""
    by_key: dict[str, list[SuggestionRow]] = defaultdict(list)
    for s in suggestions:
        if s.kind == "mt":
            by_key[s.key].append(s)
    pairs = biblio_pairs(sources)
    books = sorted({u.file for u in units} | {b for b, _, _ in pairs})
    return {
        "reviewed_statuses": list(REVIEWED),
        "books": {b: _block([u for u in units if u.file == b], by_key,
                            [(f, t) for bk, f, t in pairs if bk == b]) for b in books},
        "overall": _block(units, by_key, [(f, t) for _, f, t in pairs]),
    }


# ------------------------------------------------------------------ plots


def _bin(v: float) -> int:
    if v <= 0:
        return 0
    if v > 100:
        return len(BINS) - 1
    return math.ceil(v / 10)  # (0, 10] -> 1 ... (90, 100] -> 10


def histogram(values: list[float]) -> list[tuple[str, int]]:
    """(bin label, units) for per-unit HTER values: 0, (0-10], ..., (90-100], >100."""
    counts = Counter(_bin(v) for v in values)
    return [(label, counts.get(i, 0)) for i, (_, _, label) in enumerate(BINS)]


def _units(n: int) -> str:
    return f"{n} reviewed unit" + ("" if n == 1 else "s")


def text_histogram(values: list[float], width: int = 40) -> list[str]:
    """Per-unit HTER as lines of a horizontal bar chart (for a terminal)."""
    if not values:
        return ["no reviewed units yet: confirm or approve units to see their HTER"]
    h = histogram(values)
    top = max(n for _, n in h) or 1
    lines = [f"HTER per unit ({_units(len(values))}, % of reference words edited)"]
    for label, n in h:
        bar = "█" * round(width * n / top)
        lines.append(f"{label:>7} │{bar} {n}")
    return lines


_STATUS_CHARS = {"approved": "█", "confirmed": "▓", "draft": "▒", "rejected": "x", "new": "·"}


def progress_lines(books: dict[str, dict], width: int = 40) -> list[str]:
    """Review progress per book, one bar each, from score_project()['books']."""
    lines = ["Review progress (" + ", ".join(f"{c} {s}" for s, c in _STATUS_CHARS.items()) + ")"]
    for name, block in books.items():
        st, total = block["units"]["by_status"], block["units"]["total"]
        if not total:
            continue
        bar = "".join(_STATUS_CHARS[s] * round(width * st.get(s, 0) / total) for s in _STATUS_CHARS)
        pct = 100 * block["units"]["reviewed"] / total
        lines.append(f"{name[:12]:<12} │{bar[:width]:<{width}}│ {pct:5.1f}% reviewed")
    return lines


def terminal_chart(units: list, width: int = 40) -> list[str]:
    """The statistics screen's chart from the store's units alone: per-unit HTER
    of the reviewed units, then review progress per book."""
    books: dict[str, dict] = {}
    for u in units:
        b = books.setdefault(u.file, {"units": {"total": 0, "reviewed": 0,
                                                "by_status": dict.fromkeys(UNIT_STATUSES, 0)}})
        b["units"]["total"] += 1
        b["units"]["by_status"][u.status] += 1
        b["units"]["reviewed"] += is_reviewed(u)
    values = unit_hters((u.mt, u.text) for u in units if is_reviewed(u))
    return [*text_histogram(values, width), "", *progress_lines(dict(sorted(books.items())), width)]


_COLOURS = {"approved": "#1a7f37", "confirmed": "#54aeff", "draft": "#d4a72c", "rejected": "#cf222e",
            "new": "#d0d7de"}


def _fit(s: str, chars: int) -> str:
    """`s` cut at a word to `chars` characters, ended with "…"."""
    s = " ".join(s.split())
    if len(s) <= chars:
        return s
    cut = s[: chars - 1]
    return (cut[: cut.rfind(" ")] if cut.rfind(" ") > chars // 2 else cut).rstrip(" ,;:-") + "…"


def _ticks(top: int, n: int = 4) -> list[int]:
    """Round tick values from 0 to at least `top`: steps of 1, 2, 5 x 10^k."""
    raw = max(top / n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    return [int(step * i) for i in range(math.ceil(top / step) + 1)]


CHAR_W = 6.2  # average width of a character at 11px sans-serif, to lay out labels without a font engine


def svg_plot(values: list[float], books: dict[str, dict], titles: dict[str, str] | None = None) -> bytes:
    """An SVG: the distribution of per-unit HTER (left, both axes labelled and
    ticked) and review progress per book (right, named by the book's title when
    `titles` has it, a 0-100 % axis and a legend of the statuses), with lxml."""
    from lxml import etree

    titles = titles or {}
    rows = [(n, b) for n, b in books.items() if b["units"]["total"]]
    W, M = 980, 60
    H = max(400, 150 + len(rows) * 40 + 70)
    svg = etree.Element("svg", xmlns="http://www.w3.org/2000/svg", width=str(W), height=str(H),
                        viewBox=f"0 0 {W} {H}", style="font-family: sans-serif; font-size: 11px")
    etree.SubElement(svg, "title").text = "Post-editing: HTER per unit and review progress per book"
    etree.SubElement(svg, "rect", width=str(W), height=str(H), fill="white")

    def text(x, y, s, **kw):
        t = etree.SubElement(svg, "text", x=f"{x:.1f}", y=f"{y:.1f}", **kw)
        t.text = s
        return t

    def line(x1, y1, x2, y2, colour="black"):
        etree.SubElement(svg, "line", x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}",
                         stroke=colour)

    bold = {"font-size": "14", "font-weight": "bold"}
    middle = {"text-anchor": "middle"}
    # histogram: units per HTER bin
    h = histogram(values)
    ticks = _ticks(max([n for _, n in h] + [1]))
    top = ticks[-1]
    x0, pw, y_top, y0 = M + 20, 400, M, H - 90
    ph = y0 - y_top
    text(M, 28, f"HTER per unit ({_units(len(values))})", **bold)
    for t in ticks:  # y axis: units, with light grid lines
        y = y0 - ph * t / top
        line(x0, y, x0 + pw, y, "#d0d7de" if t else "black")
        text(x0 - 6, y + 4, str(t), **{"text-anchor": "end"})
    line(x0, y_top, x0, y0)
    text(M - 36, y_top + ph / 2, "reviewed units", **middle, transform=f"rotate(-90 {M - 36} {y_top + ph / 2:.1f})")
    bw = pw / len(h)
    for i, (label, n) in enumerate(h):
        bh = ph * n / top
        cx = x0 + i * bw + bw / 2
        etree.SubElement(svg, "rect", x=f"{x0 + i * bw + 3:.1f}", y=f"{y0 - bh:.1f}", width=f"{bw - 6:.1f}",
                         height=f"{bh:.1f}", fill="#0969da")
        text(cx, y0 + 16, label, **{"text-anchor": "end"}, transform=f"rotate(-35 {cx:.1f} {y0 + 16:.1f})")
        if n:
            text(cx, y0 - bh - 4, str(n), **middle)
    text(x0 + pw / 2, y0 + 62, "HTER: % of the reference words edited (0 = confirmed as the MT gave it)", **middle)
    if not values:
        text(x0 + pw / 2, y0 - ph / 2, "no reviewed units yet", **middle)

    # progress per book: one stacked bar each, the share of its units in each status
    x1, bar_w = 540, 400
    text(x1, 28, "Review progress per book", **bold)
    ay = M + len(rows) * 40 + 6  # the percentage axis under the bars, its grid lines behind them
    for pct in (0, 25, 50, 75, 100):
        x = x1 + bar_w * pct / 100
        line(x, M + 10, x, ay, "#d0d7de")
        line(x, ay, x, ay + 4)
        text(x, ay + 17, f"{pct}%", **middle)
    line(x1, ay, x1 + bar_w, ay)
    text(x1 + bar_w / 2, ay + 33, "share of the book's units, by review status", **middle)
    for r, (name, block) in enumerate(rows):
        y = M + r * 40
        total, done = block["units"]["total"], block["units"]["reviewed"]
        counts = f" ({done}/{total} reviewed)"
        label = _fit(titles.get(name) or name, int(bar_w / CHAR_W) - len(counts))
        t = text(x1, y + 9, label + counts)
        if titles.get(name):
            etree.SubElement(t, "title").text = name  # the file, on hover
        x = x1
        for status, colour in _COLOURS.items():
            w = bar_w * block["units"]["by_status"].get(status, 0) / total
            if w:
                etree.SubElement(svg, "rect", x=f"{x:.1f}", y=f"{y + 14:.1f}", width=f"{w:.1f}",
                                 height="14", fill=colour)
                x += w
    ly, lx = ay + 52, float(x1)
    for status, colour in _COLOURS.items():
        etree.SubElement(svg, "rect", x=f"{lx:.1f}", y=f"{ly:.1f}", width="11", height="11", fill=colour,
                         stroke="#57606a", **{"stroke-width": "0.5"})
        text(lx + 16, ly + 10, status)
        lx += 16 + len(status) * CHAR_W + 18
    return etree.tostring(svg, xml_declaration=True, encoding="utf-8", pretty_print=True)
