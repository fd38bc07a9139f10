"""A workbench project: one folder, and where each of its parts lives in it.

```
PROJECT/
  corpus/*.txt                 the books (input)
  glossary/glossary.tsv        the termbase of proper names
  glossary/title_lexicon.tsv   the title word lexicon (`glossary learn-lexicon`)
  glossary/dictionary.txt      words the French spelling check accepts
  glossary/dismissed.tsv       findings reviewers dismissed
  glossary/qa_profile.tsv      which QA kinds run, at what severity
  alignments/*.tmx             the translation memory a build writes
  edition/*.md                 the clean edition (`export markdown`)
  workbench.toml               project settings (optional, tracked)
  .workbench/workbench.db      the store (reviewer work; not tracked)
  .workbench/recovery/         reviewer texts a failed save kept
```

`Project.at(folder)` is the one place that lays these paths out; the CLI, the
pipeline, the review screen and the exports take a `Project` (functions that
took a folder still accept one, through `as_project`), and open the store with
`workbench.storage.open_store(project.store)`. A plain value: it reads the
settings file and nothing else, and imports no stage and no store (stages may
import it).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from workbench.errors import InputError

GLOSSARY_FILE = "glossary.tsv"
TITLE_LEXICON_FILE = "title_lexicon.tsv"
DICTIONARY_FILE = "dictionary.txt"
DISMISSED_FILE = "dismissed.tsv"
PROFILE_FILE = "qa_profile.tsv"
SETTINGS_FILE = "workbench.toml"
STATE_DIR = ".workbench"  # the store and what it keeps beside it; the storage backend agrees (tested)
DATABASE_FILE = "workbench.db"
RECOVERY_DIR = Path(STATE_DIR) / "recovery"


@dataclass(frozen=True)
class Project:
    root: Path
    corpus: Path
    glossary_dir: Path
    glossary: Path
    title_lexicon: Path
    dictionary: Path
    dismissed: Path
    qa_profile: Path
    alignments: Path
    edition: Path
    state_dir: Path
    database: Path  # where the SQLite backend keeps the store
    recovery: Path
    # where the store is, as `workbench.storage.open_store(project.store)` takes it: the
    # project folder for the SQLite backend; a server backend would be named here (a URL)
    store: str
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    @classmethod
    def at(cls, folder: Path | str) -> Project:
        """The project in `folder` (`~` expanded, made absolute), with its settings
        file read when there is one. Nothing else is checked: a command asks for
        the parts it needs (`corpus_files`, the store) and says what is missing."""
        root = Path(folder).expanduser().resolve()
        glossary_dir = root / "glossary"
        state_dir = root / STATE_DIR
        return cls(
            root=root,
            corpus=root / "corpus",
            glossary_dir=glossary_dir,
            glossary=glossary_dir / GLOSSARY_FILE,
            title_lexicon=glossary_dir / TITLE_LEXICON_FILE,
            dictionary=glossary_dir / DICTIONARY_FILE,
            dismissed=glossary_dir / DISMISSED_FILE,
            qa_profile=glossary_dir / PROFILE_FILE,
            alignments=root / "alignments",
            edition=root / "edition",
            state_dir=state_dir,
            database=state_dir / DATABASE_FILE,
            recovery=root / RECOVERY_DIR,
            store=str(root),
            settings=read_settings(root / SETTINGS_FILE),
        )

    @property
    def name(self) -> str:
        return self.root.name

    def __fspath__(self) -> str:
        """The project folder, for `Path(project)` and `open`-style callers."""
        return str(self.root)


def as_project(project: Project | Path | str) -> Project:
    """A `Project` from itself or from its folder (for callers that pass a path)."""
    return project if isinstance(project, Project) else Project.at(project)


def read_settings(path: Path) -> Mapping[str, Any]:
    """The project settings file (TOML), read-only; empty when there is none.
    A file that is not TOML is bad input: one line naming it and the place."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return MappingProxyType({})
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    try:
        return MappingProxyType(tomllib.loads(data.decode("utf-8")))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError(f"{path}: not a valid settings file ({e})") from None
