"""How serious a QA finding kind is: the QA pane colours findings by it.

`error`: the text is damaged (an MT engine's trace);
`warning`: a reviewer should look (the default).
"""

from __future__ import annotations

SEVERITY = {"mt_artifact": "error", "spelling": "warning", "grammar": "warning"}
STYLE = {"error": "bold red", "warning": "bold yellow"}


def severity(kind: str) -> str:
    return SEVERITY.get(kind, "warning")
