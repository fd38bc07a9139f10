"""The re-attachment plan executed by the store gives the same result as the policy
it replaced (the SQL-embedded matching of commit d6006cc), on the five books.

For each book: lines become sentence units, a reviewer works on every 7th unit, then
a rebuild changes the text (a third of the lines edited a little, some removed, lines
shifted); the same two builds go into a store of each implementation, and the final
units (id, key, text, status, orphaned, version), the history and the rebuild reports
are compared. Prints one line per book and exits 1 on any difference.

    .venv/bin/python benchmarks/check_reattach_equivalence.py
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from workbench.model import Document, Segment, Sentence
from workbench.storage import SQLiteStore
from workbench.units import sentence_units

ROOT = Path(__file__).resolve().parents[1]
OLD_COMMIT = "d6006cc"


def old_store_class() -> type:
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{OLD_COMMIT}:workbench/store.py"],
                         capture_output=True, text=True, check=True).stdout
    src = src.replace("from .model import", "from workbench.model import").replace(
        "from .units import", "from workbench.units import")
    path = Path(tempfile.mkdtemp()) / "old_store.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_store", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["old_store"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod.Store


def segments(name: str, lines: list[tuple[int, str]]) -> list[Segment]:
    out = []
    for i, (n, t) in enumerate(lines):
        out.append(Segment(name, i, "body", 1, t, n, n, (n,), (Sentence(t, n, n),)))
    return out


def perturb(lines: list[tuple[int, str]], rnd: random.Random) -> list[tuple[int, str]]:
    out = []
    for n, t in lines:
        r = rnd.random()
        if r < 0.05:
            continue  # line removed
        if r < 0.20:
            t = t.replace("e", "é", 1)  # a small correction: the key changes
        elif r < 0.30:
            words = t.split()
            if len(words) > 6:
                del words[rnd.randrange(len(words))]  # a bigger one
            t = " ".join(words)
        out.append((n + 3, t))
    return out


def run(store_cls: type, project: Path, name: str, before: list[Segment], after: list[Segment]):
    doc = Document(name, "x", 10_000)
    with store_cls.open(project) as s:
        s.ingest(doc, before, sentence_units(before))
        for n, u in enumerate(s.units()):
            if n % 7 == 0:
                e = s.edit(u.key, u.mt + " [révisé]", who="t", expected_version=u.version)
                if n % 14 == 0:
                    s.set_status(u.key, "confirmed", who="t", expected_version=e.version)
        report = s.ingest(doc, after, sentence_units(after))
        units = [(u.id, u.key, u.text, u.status, u.orphaned, u.version) for u in s.units()]
        history = [(h.unit_id, h.unit_key, h.action, h.new_text, h.detail and h.detail.get("new_key"))
                   for u in s.units() for h in s.history(u.key)]
    return (report.inserted, report.updated, report.deleted, report.reattached, report.orphaned), units, history


def main() -> int:
    old_cls = old_store_class()
    bad = 0
    for i, book in enumerate(sorted((ROOT / "corpus").glob("*.txt"))):
        rnd = random.Random(i)
        lines = [(n, t.strip()) for n, t in enumerate(book.read_text(encoding="utf-8").splitlines(), 1)
                 if len(t.split()) >= 4]
        before, after = segments(book.name, lines), segments(book.name, perturb(lines, rnd))
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            got_old = run(old_cls, Path(a), book.name, before, after)
            got_new = run(SQLiteStore, Path(b), book.name, before, after)
        same = got_old == got_new
        bad += not same
        rep = got_new[0]
        print(f"{book.name}: units {len(got_new[1])}, re-attached {len(rep[3])}, orphaned {len(rep[4])},"
              f" dropped {rep[2]}: {'identical' if same else 'DIFFERENT'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
