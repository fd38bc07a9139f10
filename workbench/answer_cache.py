"""Answers of a slow, deterministic checker kept between runs in one JSON file.

Hunspell's verdict on a word and Grammalecte's errors in a paragraph depend
only on the input and on the engine (its version, dictionary and options): the
`signature`. A file written under another signature is ignored. The file is
derived data under $XDG_CACHE_HOME/workbench: deleting it costs time, never
results; one that cannot be read or written is skipped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "workbench"


class AnswerCache:
    def __init__(self, name: str, signature: str, path: Path | None = None):
        self.path = path or cache_dir() / f"{name}.json"
        self.signature = signature
        self._new = 0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.answers: dict = data["answers"] if data.get("signature") == signature else {}
        except (OSError, ValueError, KeyError, TypeError):
            self.answers = {}

    def get(self, key: str):
        return self.answers.get(key)

    def put(self, key: str, value) -> None:
        self.answers[key] = value
        self._new += 1

    def save(self) -> None:
        """Write the answers atomically, when there are new ones, with those another
        process (a build's workers) wrote since this one read the file."""
        if not self._new:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("signature") == self.signature and isinstance(data.get("answers"), dict):
                    self.answers.update({k: v for k, v in data["answers"].items() if k not in self.answers})
            except (OSError, ValueError, AttributeError):
                pass
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"signature": self.signature, "answers": self.answers},
                                      ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.path)
            self._new = 0
        except OSError:
            pass
