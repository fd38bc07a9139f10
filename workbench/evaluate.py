"""Scores against hand-checked gold sets (tests/gold/): used by tests and benchmarks."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("number", "authors", "title", "title_lang", "year", "url", "pages", "publisher", "line_start", "line_end")


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list = field(default_factory=list)

    @property
    def f1(self) -> float:
        d = 2 * self.tp + self.fp + self.fn
        return 1.0 if d == 0 else 2 * self.tp / d


def read_gold_entries(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_gold_markers(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def score_entries(pred: list[dict], gold: list[dict]) -> dict[str, FieldScore]:
    """Field-level scores. Entries pair up by number (by first line when unnumbered);
    a gold entry with no partner counts every field as missed."""
    by_num: dict = {}
    for p in pred:
        key = p["number"] if p["number"] is not None else ("line", p["line_start"])
        by_num.setdefault(key, p)
    scores = {f: FieldScore() for f in FIELDS}
    for g in gold:
        key = g["number"] if g["number"] is not None else ("line", g["line_start"])
        p = by_num.get(key, {})
        for f in FIELDS:
            gv, pv = g.get(f), p.get(f)
            if gv in ([], None) and pv in ([], None):
                continue
            s = scores[f]
            if gv == pv:
                s.tp += 1
            else:
                if pv not in ([], None):
                    s.fp += 1
                if gv not in ([], None):
                    s.fn += 1
                s.errors.append((g.get("number"), f, gv, pv))
    return scores


def overall_f1(scores: dict[str, FieldScore]) -> float:
    tp = sum(s.tp for s in scores.values())
    fp = sum(s.fp for s in scores.values())
    fn = sum(s.fn for s in scores.values())
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def marker_accuracy(pred: list[tuple[int, int]], gold: list[dict], limit: int | None = None) -> tuple[float, list]:
    """Share of gold markers (number, line) found exactly; `limit` keeps gold numbers <= limit."""
    g = {(int(r["number"]), int(r["line"])) for r in gold if limit is None or int(r["number"]) <= limit}
    p = {x for x in pred if limit is None or x[0] <= limit}
    missed = sorted(g - p)
    extra = sorted(x for x in p - g if x[0] in {n for n, _ in g} or limit is None)
    return (len(g & p) / len(g) if g else 1.0), missed + [("extra", x) for x in extra]


def read_gold_translit(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def translit_scores(pairs: list[tuple[str, str]]) -> tuple[float, float, list]:
    """(word accuracy, exact title match, errors) over (predicted, gold) titles.
    Words are compared after aligning the two word sequences (a split or merged
    word costs only its own words)."""
    from difflib import SequenceMatcher

    right = total = exact = 0
    errors = []
    for pred, gold in pairs:
        p, g = pred.split(), gold.split()
        sm = SequenceMatcher(a=g, b=p, autojunk=False)
        ok = sum(b.size for b in sm.get_matching_blocks())
        right += ok
        total += len(g)
        exact += pred == gold
        if pred != gold:
            errors.append((gold, pred))
    return (right / total if total else 1.0), (exact / len(pairs) if pairs else 1.0), errors


_EDGE_PUNCT = "«»\"'“”„:;,.!?()[]…"
_DASHES = {"-", "–", "—"}


def headline_words(h: str) -> list[str]:
    """A headline's words as compared: punctuation around words and free-standing
    dashes dropped, hyphens inside words kept, ё read as е (slugs seldom tell them
    apart)."""
    out = []
    for t in h.replace("ё", "е").replace("Ё", "Е").split():
        t = t.strip(_EDGE_PUNCT)
        if t and t not in _DASHES:
            out.append(t)
    return out


def headline_scores(pairs: list[tuple[str, str]]) -> dict:
    """Restored headlines against published ones, (predicted, gold) pairs:
    `case` the share of the words read right (case aside) that are also cased
    right; `words` the share of gold words read right, case aside (a compound
    split or joined differently is a wrong word); `exact` the share of headlines
    whose words and case all match; `exact_words` of those whose words match,
    case aside (ё as е); `errors` (gold, predicted) of those that do not."""
    from difflib import SequenceMatcher

    right = cased = total = exact = exact_words = 0
    errors = []
    for pred, gold in pairs:
        p, g = headline_words(pred), headline_words(gold)
        sm = SequenceMatcher(a=[w.lower() for w in g], b=[w.lower() for w in p], autojunk=False)
        for b in sm.get_matching_blocks():
            for k in range(b.size):
                right += 1
                cased += g[b.a + k] == p[b.b + k]
        total += len(g)
        ok = p == g
        exact += ok
        exact_words += [w.lower().replace("ё", "е") for w in p] == [w.lower().replace("ё", "е") for w in g]
        if not ok:
            errors.append((gold, pred))
    n = len(pairs)
    return {"case": cased / right if right else 1.0, "words": right / total if total else 1.0,
            "exact": exact / n if n else 1.0, "exact_words": exact_words / n if n else 1.0, "errors": errors}


def read_gold_headlines(path: Path) -> list[dict]:
    """Published headlines: `url`, `site`, `headline` (as published), `seen` (where)."""
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


# ------------------------------------------------------------------ QA findings


def read_gold_qa(path: Path) -> list[dict]:
    """Judged findings: the finding's fields, `verdict` (real | false) and `reason`."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _norm_found(s: str) -> str:
    return "".join(ch for ch in s.casefold() if ch.isalnum())[:20]


def _same_finding(f: dict, g: dict, slack: int = 25) -> bool:
    """A finding and a judged one are the same call: same book, kind and term, the
    same text found (its start: a check may now report the whole quotation where
    it cut it before) and a nearby line (a check may now point at the exact line)."""
    if f["file"] != g["file"] or f["kind"] != g["kind"] or f["term"] != g["term"]:
        return False
    a, b = _norm_found(f["found"]), _norm_found(g["found"])
    if not (a.startswith(b) or b.startswith(a)):
        return False
    return abs(f["line"] - g["line"]) <= slack


@dataclass
class KindScore:
    findings: int = 0  # findings of this kind now
    judged: int = 0  # of them, matched to a judged finding
    real: int = 0  # of those, judged real
    gold_real: int = 0  # judged real in the gold
    lost: list = field(default_factory=list)  # judged real, no longer found

    @property
    def precision(self) -> float:
        return 1.0 if self.judged == 0 else self.real / self.judged


def qa_scores(findings: list[dict], gold: list[dict], mended: set[tuple[str, int]] | frozenset[tuple[str, int]] = frozenset()) -> dict[str, KindScore]:
    """Per kind: how many findings, how many of them were judged, how many of
    those are real; and the real ones the checks no longer make (`mended`:
    (file, line) of titles the alignment re-joined, whose findings are gone
    because the problem is)."""
    by_key: dict[tuple, list[dict]] = {}
    for g in gold:
        by_key.setdefault((g["file"], g["kind"], g["term"]), []).append(g)
    scores: dict[str, KindScore] = {}
    matched: set[int] = set()
    for f in findings:
        s = scores.setdefault(f["kind"], KindScore())
        s.findings += 1
        near = [g for g in by_key.get((f["file"], f["kind"], f["term"]), ()) if _same_finding(f, g)]
        if near:  # the nearest judged call (one phrase may recur a few lines apart)
            g = min(near, key=lambda g: (abs(g["line"] - f["line"]), abs(g["col"] - f["col"])))
            s.judged += 1
            s.real += g["verdict"] == "real"
            matched.add(id(g))
    for g in gold:
        s = scores.setdefault(g["kind"], KindScore())
        if g["verdict"] == "real":
            s.gold_real += 1
            if id(g) not in matched and (g["file"], g["line"]) not in mended:
                s.lost.append(g)
    return scores


def joined_pieces(entries_by_file: dict[str, list]) -> set[tuple[str, int]]:
    """(file, line) of the lines an entry holds besides its first: its continuation
    after a page break (its `lines` beyond `line_end`), or a line it now begins
    before (the start of a cut title joined to it, 004 line 1889). A finding judged
    on such a line when it stood alone (a URL with no title, a title cut to its last
    word) is gone because the segmenter joined the piece to its entry, i.e. because
    the problem is."""
    return {(file, n) for file, entries in entries_by_file.items() for e in entries
            for n in e.lines if n != e.line_start}


# ------------------------------------------------------------------ alignment flags

FLAGGED = ("suspect", "title_missing")


def read_align_labels(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        rows = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


@dataclass
class FlagScore:
    labelled: int = 0
    bad: int = 0  # labelled bad or title_missing
    flagged: int = 0  # of the labelled pairs, status suspect or title_missing
    flagged_bad: int = 0
    missed: list = field(default_factory=list)  # bad pairs not flagged
    false_alarms: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return 1.0 if self.flagged == 0 else self.flagged_bad / self.flagged

    @property
    def recall(self) -> float:
        return 1.0 if self.bad == 0 else (self.bad - len(self.missed)) / self.bad


def flag_scores(alignments: list[dict], labels: list[dict]) -> FlagScore:
    """`suspect` (and `title_missing`, and titles re-joined) against hand labels:
    precision (of the flagged labelled pairs, how many are bad) and recall (of the
    bad ones, how many are flagged)."""
    by_key = {(a["file"], a["line_start"]): a for a in alignments}
    s = FlagScore()
    for lab in labels:
        a = by_key.get((lab["file"], int(lab["line_start"])))
        # the segmenter joined the lost start of a cut title to its entry: the entry
        # begins a few lines earlier and its title ends with the labelled fragment
        joined = a is None and next((x for x in alignments if x["file"] == lab["file"] and lab["title_fr"]
                                     and 0 < int(lab["line_start"]) - x["line_start"] <= 3
                                     and x["title_fr"].endswith(lab["title_fr"])), None)
        a = a or joined or None
        if a is None:
            continue
        s.labelled += 1
        is_bad = lab["label"] != "good"
        # a lost title re-joined from the lines above is caught, and mended
        flagged = bool(joined) or a["status"] in FLAGGED or any(f.startswith("title re-joined") for f in a["flags"])
        s.bad += is_bad
        s.flagged += flagged
        s.flagged_bad += flagged and is_bad
        if is_bad and not flagged:
            s.missed.append((lab["file"][:3], lab["line_start"], lab["title_fr"]))
        if flagged and not is_bad:
            s.false_alarms.append((lab["file"][:3], lab["line_start"], lab["title_fr"]))
    return s
