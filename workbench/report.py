"""Terminal output for long commands: a rich progress bar on a terminal, plain
lines otherwise, and the build summary table."""

from __future__ import annotations

import sys
from collections import Counter
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table


@contextmanager
def progress_bar(enabled: bool = True, label: str = "Building"):
    """Yields a callback (name, done, total). A bar on a terminal; one line per
    file when output is piped (CI logs stay readable)."""
    console = Console(stderr=True)
    if not enabled:
        yield lambda name, done, total: None
        return
    if not console.is_terminal:
        def plain(name: str, done: int, total: int) -> None:
            if name:
                print(f"{label} [{done + 1}/{total}] {name}", file=sys.stderr, flush=True)

        yield plain
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[name]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as prog:
        task = prog.add_task(label, total=None, name="")

        def update(name: str, done: int, total: int) -> None:
            prog.update(task, total=total, completed=done, name=name)

        yield update


def print_build_summary(summary, counts: dict) -> None:
    from workbench.tables import make_table

    console = Console()
    console.print(make_table(["document", "lines", "title"],
                             [[d.name, str(d.n_lines), d.title or ""] for d in summary.documents],
                             text=["title"], right=["lines"], title="Build summary", width=console.width))
    k = Table(title="Segments by kind")
    k.add_column("kind")
    k.add_column("count", justify="right")
    for kind, n in sorted(summary.segments_by_kind.items()):
        k.add_row(kind, str(n))
    console.print(k)
    if summary.unreadable_regions:
        u = Table(title="Unreadable regions (reported, not text)")
        u.add_column("document")
        u.add_column("lines")
        for name, a, b in summary.unreadable_regions:
            u.add_row(name, f"{a}-{b}")
        console.print(u)
    f = Table(title="Footnotes and sources")
    f.add_column("what")
    f.add_column("count", justify="right")
    f.add_row("footnote entries", str(summary.footnotes))
    f.add_row("bibliography entries", str(summary.bibliography))
    f.add_row("body markers linked", str(summary.markers))
    f.add_row("sources (clusters of citations)", str(summary.sources))
    f.add_row("sources cited in several books", str(summary.shared_sources))
    f.add_row("gaps (see `workbench footnotes --diagnostics`)", str(len(summary.diagnostics)))
    for status, n in sorted(summary.alignment_status.items()):
        f.add_row(f"titles {status}", str(n))
    for kind, n in sorted(summary.findings.items()):
        f.add_row(f"QA findings: {kind}", str(n))
    for name, n in summary.tmx.items():
        f.add_row(f"alignments/{name} (translation units)", str(n))
    for side_lang, n in sorted(summary.tmx_other_languages.items()):
        f.add_row(f"left out of corpus.tmx: {side_lang}", str(n))
    console.print(f)
    print_counts(counts, console)
    for r in summary.reports:
        if r.renamed_from:
            console.print(f"{r.doc}: recognised by its content as {r.renamed_from} (renamed or re-extracted)")
    scores = [sc for r in summary.reports for sc in r.scores.values()]
    if scores:
        by_how = Counter(how for _, how in scores)
        low = min(score for score, _ in scores)
        console.print(f"{len(scores)} reviewer edits re-attached to re-segmented units ("
                      + ", ".join(f"{how} {n}" for how, n in sorted(by_how.items()))
                      + f"; lowest match score {low:.1f})")
    orphaned = [(k, r.reasons.get(k, "")) for r in summary.reports for k in r.orphaned]
    if orphaned:
        console.print(f"[bold red]{len(orphaned)} reviewer edits could not be re-attached[/] "
                      "(kept as orphaned units):")
        for key, reason in orphaned[:20]:
            console.print(f"  {key}: {reason}" if reason else f"  {key}")
    for w in summary.warnings:
        console.print(f"[yellow]warning:[/] {w}")


def print_counts(counts: dict, console: Console | None = None) -> None:
    console = console or Console()
    t = Table(title="Project store")
    t.add_column("what")
    t.add_column("count", justify="right")
    def rows(prefix: str, val) -> None:
        if isinstance(val, dict):
            for k, v in val.items():
                rows(f"{prefix}: {k}" if prefix else str(k), v)
        else:
            t.add_row(prefix, str(val))

    rows("", counts)
    console.print(t)


def print_scores(result: dict, chart: list[str], console: Console | None = None) -> None:
    """`workbench score` as tables: one row per book and one overall, the
    sacrebleu signatures under them, then the terminal chart."""
    console = console or Console()
    blocks = [*result["books"].items(), ("overall", result["overall"])]

    def fig(m: dict | None) -> str:
        return "-" if m is None else f"{m['score']:.2f}"

    t = Table(title=f"Post-editing scores (reviewed = {' or '.join(result['reviewed_statuses'])})")
    for col in ("book", "units", "reviewed", "HTER %", "edits / ref words", "footnote~bibliography chrF"):
        t.add_column(col, justify="left" if col == "book" else "right")
    signatures: dict[str, str] = {}
    for name, b in blocks:
        h = b["hter"]
        t.add_row(name, str(b["units"]["total"]), str(b["units"]["reviewed"]), fig(h),
                  f"{h['edits']:g} / {h['ref_words']:g}" if h else "-", fig(b["footnote_vs_bibliography"]))
        if h:
            signatures["TER"] = h["signature"]
        if b["footnote_vs_bibliography"]:
            signatures["chrF"] = b["footnote_vs_bibliography"]["signature"]
    console.print(t)
    models = sorted({m for _, b in blocks for m in b["mt"]})
    if models:
        m = Table(title="MT suggestions against the reviewed text")
        for col in ("book", "model", "units", "chrF++", "BLEU"):
            m.add_column(col, justify="left" if col in ("book", "model") else "right")
        for name, b in blocks:
            for model, q in b["mt"].items():
                m.add_row(name, model, str(q["segments"]), fig(q["chrf++"]), fig(q["bleu"]))
                signatures["chrF++"] = q["chrf++"]["signature"]
                signatures["BLEU"] = q["bleu"]["signature"]
        console.print(m)
    s = Table(title="Units by status")
    s.add_column("book")
    statuses = list(result["overall"]["units"]["by_status"])
    for st in statuses:
        s.add_column(st, justify="right")
    for name, b in blocks:
        s.add_row(name, *(str(b["units"]["by_status"][st]) for st in statuses))
    console.print(s)
    if not result["overall"]["units"]["reviewed"]:
        console.print("no reviewed units yet: HTER, chrF++ and BLEU need units a reviewer confirmed or approved")
    for name, sig in signatures.items():
        console.print(f"{name} signature: {sig}", highlight=False, soft_wrap=True)
    console.print()
    for line in chart:
        console.print(line, highlight=False, markup=False, soft_wrap=True)
