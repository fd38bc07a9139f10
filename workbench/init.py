"""`workbench init DIR`: a new project with the layout `build` and `review` expect.

    DIR/corpus/               the books, one UTF-8 .txt file each
    DIR/glossary/glossary.tsv the termbase: its header and one commented example row
    DIR/README.md             what goes where and the next commands
    DIR/.gitignore            the store and the edition are rebuilt, never committed (unless one exists)

Nothing that exists is overwritten: a folder that already holds any of these is
refused as a whole, before anything is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbench.terms import COLUMNS, GLOSSARY_FILE

# one row per concept; `#` comments a row out (the loader skips it): remove the `# ` to use it
EXAMPLE_ROW = ("Gomselmash", "Гомсельмаш", "combine-harvester maker, Gomel", "gomselmash", "company",
               "gomselmash|gomelmash", "GOMSELMASH", "Gomselmashch", "the spelling the books should use")


def glossary_text() -> str:
    return "\t".join(COLUMNS) + "\n# " + "\t".join(EXAMPLE_ROW) + "\n"


README = """\
# {name}

A translation project for workbench (`workbench --help`).

- `corpus/`: the books, one plain-text file each (`*.txt`, UTF-8 or UTF-16), as
  extracted from the PDF. `build` never changes them.
- `glossary/glossary.tsv`: the proper names, tab-separated, one concept a row
  (columns: {columns}). The commented row
  (`# ` in front) is an example: copy it without the `# ` and change it.
- `.workbench/`: the project store, where every review edit is kept with its
  history (made by `build`; back it up, do not commit it).

```sh
workbench build --project .            # segment, align, check; writes alignments/*.tmx
workbench review --project .           # correct and confirm the translations
workbench export tmx --out reviewed.tmx --project .   # the reviewed titles
```
"""

GITIGNORE = ".workbench/\nedition/\n"

# what init writes at the top of DIR; any of them already there means "not a new project"
MADE = ("corpus", "glossary", "README.md", ".workbench", "alignments")


class InitError(Exception):
    """A folder init must not touch, or cannot write: one line for the user."""


def init_project(target: Path) -> list[Path]:
    """Create the project in `target` (created if missing, or an empty folder);
    return the paths written. The files are made in a temporary folder beside it
    and moved in, so an interrupted init leaves no half project."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} is a file, not a folder")
    if target.is_dir():
        there = sorted(n for n in MADE if (target / n).exists())
        if there:
            raise InitError(f"{target} already holds a project ({', '.join(there)}): nothing changed")
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".workbench-init-", dir=parent) as tmp:
            t = Path(tmp)
            (t / "corpus").mkdir()
            (t / "glossary").mkdir()
            (t / "glossary" / GLOSSARY_FILE).write_text(glossary_text(), encoding="utf-8")
            (t / "README.md").write_text(README.format(name=target.name or "project",
                                                       columns=", ".join(COLUMNS)), encoding="utf-8")
            (t / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
            target.mkdir(exist_ok=True)
            made = []
            for name in ("corpus", "glossary", "README.md", ".gitignore"):
                if name == ".gitignore" and (target / name).exists():
                    continue  # a git repository's own: left as it is
                os.replace(t / name, target / name)
                made.append(target / name)
    except OSError as e:
        raise InitError(f"cannot create the project in {target}: {e.strerror or e}") from None
    return made
