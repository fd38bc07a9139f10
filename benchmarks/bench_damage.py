"""Recall of footnotes and markers under synthetic damage, per damage class.

Clean material is taken from the bundled books: footnote entries whose URL the
pipeline read whole (title, year, URL) and body sentences without digits. A
book in the series' hard-wrapped style is built from them, one page per entry:
a double-spaced paragraph citing the entry with a marker, a separator line of
spaces, the page's footnotes, the next page resuming with a leading space.
Each page gets one damage class, drawn with a fixed seed:

  none          no damage (the baseline of the same run)
  page_break    the entry is cut by the page break, after its first line, after
                `URL :` or after a hyphen of the URL; the rest follows the next
                page's separator
  url_hyphen    the URL wrapped after a hyphen, inside the entry
  url_spaces    spaces inserted in the URL (`https://www. belta. by/ view/…`,
                `podnjat- uroven`)
  glued         the marker glued to the word before it (`Harbin13.`)
  superscript   the marker in superscript digits (`Harbin¹³.`)
  lost_line     one line of a wrapped entry lost (not its first)
  slipped       a number of the slug slipped out of the URL to before its label,
                its place left as `- -` or a space (`2021. -2020-- URL : …v godu-`)
  mt_words      French words the MT inserted inside the URL, before its article
                id (`…-tehnopark avec la participation de la BSU.-335511-2019/`)
  moved_marker  the marker moved to the start of the next sentence (`dernière. 31Un`)
  spaced_marker the marker after a closing quote, a space and a period (`2022" . 62`)
                or in parentheses with a space (`(69 )`)

A page counts as recovered when the entry has its number and first line, keeps
its URL when the damage left the URL whole (the URL with its lost part is not
asked for), no unnumbered entry or body sentence holds a piece of it, and the
marker is linked to its number on its line and is out of the clean text.
For reference, the gold figures on the real books are printed from the same run.

    .venv/bin/python benchmarks/bench_damage.py [--pages 400] [--seed 18]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from workbench.evaluate import (
    marker_accuracy,
    overall_f1,
    read_gold_entries,
    read_gold_markers,
    score_entries,
)
from workbench.footnotes import normalise_url
from workbench.pipeline import analyse_text
from workbench.text import load_text

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ("none", "page_break", "url_hyphen", "url_spaces", "glued", "superscript", "lost_line",
           "slipped", "mt_words", "moved_marker", "spaced_marker")
_SLUG_NUMBER = re.compile(r"(?<=[a-z])-(\d{1,4})-(?=[a-z])")
_ARTICLE_ID = re.compile(r"-\d{5,}-(?:19|20)\d\d/?$")
SEPARATOR = " " * 49
WIDTH = 78
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_REFERENCE = re.compile(r"\[\s*[Rr]essource|\bURL\s*:|https?://|www\.")


@dataclass
class Source:
    title: str
    year: int
    url: str


@dataclass
class Page:
    number: int
    damage: str
    marker_line: int = 0
    entry_line: int = 0
    url_expected: str | None = None


def material() -> tuple[list[Source], list[str]]:
    """Clean entries and digit-free body sentences of the wrapped books."""
    sources, sentences = [], []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        seg, entries, _, _ = analyse_text(load_text(path), path.name)
        if seg.layout != "wrapped":
            continue
        for e in entries:
            if (e.kind == "footnote" and e.url and e.year and e.title and re.fullmatch(r"https://[\w./-]+[\d/]", e.url)
                    and "-" in e.url.rsplit("/", 2)[-2 if e.url.endswith("/") else -1] and len(e.title) > 40):
                sources.append(Source(e.title, e.year, e.url))
        for s in seg.segments:
            for x in s.sentences:
                t = x.text
                if s.kind == "body" and 60 < len(t) < 220 and t.endswith(".") and not re.search(r"[\d\"«»“”()]", t):
                    sentences.append(t)
    return sources, sentences


def _entry_text(n: int, src: Source, url: str, slipped: str = "") -> str:
    return f"{n} {src.title} [Ressource électronique]. - {src.year}. {slipped}- URL : {url}"


def _qualifies(src: Source, damage: str) -> bool:
    """Can this source show the damage? (a number inside its slug, an article id)"""
    if damage == "slipped":
        return bool(_SLUG_NUMBER.search(src.url))
    if damage == "mt_words":
        return bool(_ARTICLE_ID.search(src.url))
    return True


def _wrap_entry(text: str, damage: str, rng: random.Random) -> list[str]:
    """The entry's printed lines, 90 columns wide; the URL runs on and is cut
    after a slash where the width falls, or after a hyphen (url_hyphen)."""
    head, _, url = text.partition("URL : ")
    lines = [ln.replace("\u00a0", " ") for ln in textwrap.wrap(head + "URL\u00a0:", 90, break_on_hyphens=False)]
    rest = url
    mark = "-" if damage == "url_hyphen" else "/"
    while rest:
        room = 90 - len(lines[-1]) - 1
        if len(rest) <= room:
            lines[-1] = (lines[-1] + " " + rest).strip()
            break
        after_scheme = 8 if rest.startswith("https://") else 0
        cut = rest.rfind(mark, after_scheme, room) + 1 or rest.find(mark, after_scheme) + 1 or len(rest)
        if room < 20 and cut > room:  # no room left: the URL starts the next line
            lines.append("")
            continue
        lines[-1] = (lines[-1] + " " + rest[:cut]).strip()
        rest = rest[cut:]
        if rest:
            lines.append("")
    return [ln for ln in lines if ln]


def build(sources: list[Source], sentences: list[str], n_pages: int, seed: int) -> tuple[str, list[Page]]:
    rng = random.Random(seed)
    out: list[str] = [" Un article de synthèse sur la coopération", ""]
    pages: list[Page] = []
    carry: list[str] = []  # the tail of an entry cut by the previous page break
    for n in range(1, n_pages + 1):
        damage = CLASSES[(n - 1) % len(CLASSES)] if n > 1 else "none"
        src = sources[rng.randrange(len(sources))]
        while not _qualifies(src, damage):
            src = sources[rng.randrange(len(sources))]
        page = Page(n, damage)
        # body: two sentences, the marker after the first, a third sentence after it
        s1, s2, s3 = (rng.choice(sentences) for _ in range(3))
        last_word = s1[:-1]
        if damage == "moved_marker":
            mark, s3 = ".", f"{n}{s3}"
        elif damage == "spaced_marker":
            mark = f'" . {n}' if n % 2 else f" ({n} )."
        else:
            mark = {"glued": f"{n}.", "superscript": f"{str(n).translate(_SUP)}."}.get(damage, f".{n}")
        para = f"{s2} {last_word}{mark} {s3}"
        body = textwrap.wrap(para, WIDTH, break_on_hyphens=False)
        # the word the marker is printed in (the line the marker is looked for on)
        printed = {"moved_marker": s3.split()[0], "spaced_marker": f"({n}" if "(" in mark else str(n)}.get(
            damage, f"{last_word}{mark}".split()[-1])
        for i, ln in enumerate(body):
            text = (" " if i == 0 and n > 1 else "") + ln + " "
            out += [text, ""]
            if printed in ln.split() and not page.marker_line:
                page.marker_line = len(out) - 1
        out.append(SEPARATOR)
        out += carry
        carry = []
        url = src.url
        if damage == "url_spaces":
            url = re.sub(r"\.(?=\w)", ". ", src.url, count=2).replace("/view/", "/ view/")
            hyphens = [m.end() for m in re.finditer(r"-", url)]
            k = rng.choice(hyphens)
            url = url[:k] + " " + url[k:]  # and one after a hyphen of the slug: `podnjat- uroven`
        slipped = ""
        if damage == "slipped":
            m = _SLUG_NUMBER.search(url)
            slipped = f"-{m.group(1)}-"
            url = url[: m.start()] + ("- -" if rng.random() < 0.5 else " ") + url[m.end() :]
        elif damage == "mt_words":
            m = _ARTICLE_ID.search(url)
            url = url[: m.start()] + " avec la participation de la BSU." + url[m.start() :]
        lines = _wrap_entry(_entry_text(n, src, url, slipped), damage, rng)
        page.entry_line = len(out) + 1
        page.url_expected = src.url
        if damage == "page_break":
            r = rng.random()
            if r < 1 / 3 and len(lines) > 2:  # cut after the entry's first line, in its title
                carry, lines = lines[1:], lines[:1]
            elif r < 2 / 3:  # cut after "URL :"
                k = next(i for i, ln in enumerate(lines) if "URL :" in ln)
                head, _, tail = lines[k].partition("URL :")
                carry = [ln for ln in [tail.strip(), *lines[k + 1 :]] if ln]
                lines = [*lines[:k], head + "URL :"]
            else:  # cut after a hyphen of the URL
                cut = [m.end() for m in re.finditer(r"-", lines[-1])][-2]
                carry = [lines[-1][cut:]]
                lines[-1] = lines[-1][:cut]
        elif damage == "lost_line":
            lines = _wrap_entry(_entry_text(n, src, src.url), "url_hyphen", rng)
            del lines[rng.randrange(1, len(lines))]
            page.url_expected = None  # part of the entry is gone: only its place is asked for
        out += lines
        pages.append(page)
    out.append(SEPARATOR)
    out += carry
    return "\n".join(out) + "\n", pages


def score(text: str, pages: list[Page]) -> dict[str, Counter]:
    seg, entries, markers, _ = analyse_text(text, "synthetic.txt")
    by_number = {e.number: e for e in entries if e.kind == "footnote" and e.number is not None}
    strays = [e for e in entries if e.kind == "footnote" and e.number is None]
    marker_at = {(m.number, m.line) for m in markers}
    body = [x.text for s in seg.segments if s.kind == "body" for x in s.sentences]
    polluted = any(_REFERENCE.search(t) for t in body)
    # an unnumbered entry is a piece of the latest entry printed before it
    starts = [p.entry_line for p in pages]
    stray_pages = {pages[bisect_right(starts, s.line_start) - 1].number for s in strays if s.line_start > starts[0]}
    out: dict[str, Counter] = {c: Counter() for c in CLASSES}
    for p in pages:
        c = out[p.damage]
        c["pages"] += 1
        e = by_number.get(p.number)
        entry_ok = e is not None and e.line_start == p.entry_line
        if entry_ok and p.url_expected is not None:
            entry_ok = normalise_url(e.url or "") == normalise_url(p.url_expected)
        stray = p.number in stray_pages
        marker_ok = (p.number, p.marker_line) in marker_at
        c["entry"] += entry_ok and not stray
        c["marker"] += marker_ok
        c["both"] += entry_ok and not stray and marker_ok
    out["none"]["body polluted"] = int(polluted)
    return out


def gold_figures() -> list[str]:
    """Field F1 and marker-link accuracy on the real books with a gold set."""
    lines = []
    gold = ROOT / "tests" / "gold"
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        key = path.name[:3]
        if not (gold / f"footnotes_{key}.jsonl").exists():
            continue
        _, entries, markers, _ = analyse_text(load_text(path), path.name)
        pred = [e.to_dict() for e in entries if e.kind == "footnote"]
        f1 = overall_f1(score_entries(pred, read_gold_entries(gold / f"footnotes_{key}.jsonl")))
        acc, _ = marker_accuracy([(m.number, m.line) for m in markers], read_gold_markers(gold / f"markers_{key}.tsv"))
        lines.append(f"gold {key}: footnote field F1 {f1:.4f}, marker links {acc:.4f}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args()
    if not 1 <= args.pages <= 999:  # footnote numbers have at most three digits
        print("--pages must be between 1 and 999", file=sys.stderr)
        sys.exit(2)
    sources, sentences = material()
    if not sources or not sentences:
        print("no clean material found in corpus/", file=sys.stderr)
        sys.exit(2)
    text, pages = build(sources, sentences, args.pages, args.seed)
    res = score(text, pages)
    print(f"{len(sources)} clean entries, {len(sentences)} body sentences; {args.pages} pages, seed {args.seed}")
    print(f"{'damage class':<14} {'pages':>6} {'entry':>7} {'marker':>7} {'both':>7}")
    for c in CLASSES:
        r = res[c]
        n = max(r["pages"], 1)
        print(f"{c:<14} {r['pages']:>6} {r['entry'] / n:7.3f} {r['marker'] / n:7.3f} {r['both'] / n:7.3f}")
    print(f"reference text in a body sentence: {'yes' if res['none']['body polluted'] else 'no'}")
    for line in gold_figures():
        print(line)


if __name__ == "__main__":
    main()
