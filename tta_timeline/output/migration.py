"""`store migrate`'s output: what was copied, any mismatch, and what the target now holds."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tta_timeline.core.words import counted

#: the noun of each count in the `Verified:` line
WORDS = {
    "runs": "run",
    "results": "result",
    "events": "event",
    "certificates": "certificate",
    "latest": "latest result",
}


def counts_text(counts: dict[str, int]) -> str:
    """`3 runs, 12 results, 5 events, 1 certificate, 4 latest results`, not a Python dict."""
    return ", ".join(counted(n, WORDS.get(k, k)) for k, n in counts.items())


def migration_view(document: dict[str, Any]) -> list[Text]:
    copied, where = document["copied"], f"from {document['from']} to {document['to']}"
    parts = [Text(f"Copied {counted(copied['runs'], 'run')} and {counted(copied['events'], 'event')} {where}")]
    parts += [Text.assemble(("Mismatch:", "blocked"), f" {problem}") for problem in document["problems"]]
    if document["ok"]:
        held = counts_text(document["target"])
        parts.append(
            Text(f"Verified: the target holds {held}; status --json is identical; its hash chain audits clean")
        )
    return parts
