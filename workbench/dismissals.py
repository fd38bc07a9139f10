"""Reviewers' QA calls and the project's QA profile, in tracked project files.

`glossary/dismissed.tsv` holds the findings a reviewer dismissed, with who and
why: one occurrence (file and line given) or a form everywhere (file and line
empty: "Weichai is not Weihai"). It is plain TSV so a team shares it in version
control and a rebuild, which recomputes every finding, loses none of it.

`glossary/qa_profile.tsv` says which kinds run and at what severity (error,
warning, info, or off); kinds it does not name keep the defaults below.
"""

from __future__ import annotations

import csv
import datetime as _dt
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.model import SEVERITIES
from workbench.project import Project, as_project

FIELDS = ("kind", "term", "found", "file", "line", "who", "why", "date")
DEFAULT_SEVERITY = {
    "forbidden": "error", "variant": "warning", "inconsistent": "warning", "missing_in_target": "warning",
    "number_mismatch": "error", "untranslated": "warning", "same_source_different_target": "info",
    "same_target_different_source": "warning", "typography": "info", "mt_term_lost": "warning",
    "spelling": "warning", "grammar": "warning", "mt_artifact": "error",  # an MT engine's trace: damaged text
}


@dataclass(frozen=True)
class Dismissal:
    kind: str
    term: str
    found: str
    file: str = ""  # empty: the form everywhere
    line: int = 0
    who: str = ""
    why: str = ""
    date: str = ""

    def covers(self, f: dict) -> bool:
        if f["kind"] != self.kind or f["found"] != self.found or (self.term and f["term"] != self.term):
            return False
        return not self.file or (f["file"] == self.file and (not self.line or f["line"] == self.line))

    def to_dict(self) -> dict:
        return asdict(self)


def load_dismissals(project: Project | Path) -> list[Dismissal]:
    p = as_project(project).dismissed
    if not p.is_file():
        return []
    out = []
    with p.open(encoding="utf-8", newline="") as f:
        for no, row in enumerate(csv.DictReader(f, delimiter="\t"), 2):
            try:
                out.append(Dismissal(row["kind"], row["term"] or "", row["found"], row["file"] or "",
                                     int(row["line"] or 0), row["who"] or "", row["why"] or "", row["date"] or ""))
            except (KeyError, TypeError, ValueError):
                raise InputError(f"{p}:{no}: expected the columns {' TAB '.join(FIELDS)}") from None
    return out


def add_dismissal(project: Project | Path, d: Dismissal) -> Dismissal:
    """Append one dismissal (the file is created with its header)."""
    p = as_project(project).dismissed
    p.parent.mkdir(parents=True, exist_ok=True)
    if not d.date:
        d = Dismissal(**{**d.to_dict(), "date": _dt.date.today().isoformat()})
    new = not p.is_file()
    with p.open("a", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        if new:
            w.writerow(FIELDS)
        w.writerow([d.kind, d.term, d.found, d.file, d.line or "", d.who, d.why.replace("\t", " "), d.date])
    return d


def is_dismissed(f: dict, dismissals: list[Dismissal]) -> bool:
    return any(d.covers(f) for d in dismissals)


def load_profile(project: Project | Path) -> dict[str, str]:
    """kind -> severity (or "off"), the defaults overridden by the project's file."""
    prof = dict(DEFAULT_SEVERITY)
    p = as_project(project).qa_profile
    if p.is_file():
        for no, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
                continue
            cells = line.split("\t")
            if len(cells) < 2 or cells[1].strip() not in (*SEVERITIES, "off"):
                raise InputError(f"{p}:{no}: expected KIND TAB error|warning|info|off")
            prof[cells[0].strip()] = cells[1].strip()
    return prof


def severity_rank(s: str) -> int:
    return SEVERITIES.index(s) if s in SEVERITIES else -1
