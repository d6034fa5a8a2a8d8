"""`validate`'s output: one line per valid file, or the findings as one JSON document (one file's, or every file's)."""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.text import Text

from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.words import counted


class Validation(NamedTuple):
    """Each file as named with its document (summary, errors, warnings), and whether the whole passed."""

    files: list[tuple[str, dict[str, Any]]]
    valid: bool


def validation_view(model: Validation) -> list[Text]:
    """One line per valid file (errors and warnings go to stderr, as `file:line:column` lines)."""
    lines = []
    for name, doc in model.files:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(doc["kinds"].items()))
        warned = f", {counted(len(doc['warnings']), 'warning')}" if doc["warnings"] else ""
        size = f"{counted(doc['phases'], 'phase')}, {counted(doc['checks'], 'check')}"
        lines.append(Text(f"{name}: valid — {size} ({kinds}){warned}"))
    return lines


def validation_document(model: Validation) -> dict[str, Any]:
    """One file: its document; several: every file's, with all their errors and warnings together."""
    docs = [doc for _name, doc in model.files]
    if len(docs) == 1:
        return {**docs[0], "valid": model.valid}
    return {
        "version": VERSIONS["validate"],
        "valid": model.valid,
        "files": docs,
        "errors": [e for d in docs for e in d["errors"]],
        "warnings": [w for d in docs for w in d["warnings"]],
    }
