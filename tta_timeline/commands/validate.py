"""`tta-timeline validate [FILE...]`: load phases files and report every error and warning, without running anything.

Exit 2 when any file has an error; else 0, or 1 with --strict when there are warnings. `--json` writes
the same findings as one document on stdout, whatever the outcome.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.errors import ConfigError, Problem
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.printable import printable
from tta_timeline.core.words import counted
from tta_timeline.output.validation import Validation


def summary(session: Session) -> dict[str, Any]:
    timeline = session.timeline  # raises ConfigError with every problem found
    kinds: dict[str, int] = {}
    for phase in timeline.phases:
        for check in phase.checks:
            kinds[check.kind] = kinds.get(check.kind, 0) + 1
    return {
        "version": VERSIONS["validate"],
        "valid": True,
        "file": session.shown_file,  # as its problems name it
        "phases": len(timeline.phases),
        "checks": sum(kinds.values()),
        "kinds": kinds,
        "errors": [],
        "warnings": [finding(w) for w in session.loaded.warnings],
    }


def finding(problem: str) -> dict[str, Any]:
    """{file, line, column, field, message}; a problem without a place has nulls there."""
    if isinstance(problem, Problem):
        return problem.document()
    return {"file": None, "line": None, "column": None, "field": None, "message": str(problem)}


def _check(session: Session) -> tuple[dict[str, Any], list[str], list[str]]:
    """One file's document, its errors and its warnings."""
    try:
        doc = summary(session)
    except ConfigError as exc:
        doc = {
            "version": VERSIONS["validate"],
            "valid": False,
            "file": session.shown_file,  # as its problems name it
            "errors": [finding(p) for p in exc.problems],
            "warnings": [finding(w) for w in exc.warnings],
        }
        return doc, exc.problems, exc.warnings
    return doc, [], list(session.loaded.warnings)


def validate(
    session: Session, as_json: bool = False, files: list[Path] | None = None, strict: bool = False, fmt: str = "text"
) -> int:
    """FILES (as pre-commit passes them) replace --file; every file is loaded before any problem is reported."""
    fmt = output_format("validate", fmt, as_json)
    sessions = [dataclasses.replace(session, file=f) for f in files] if files else [session]
    docs, errors, warnings = [], [], []
    for each in sessions:
        doc, file_errors, file_warnings = _check(each)
        docs.append(doc)
        errors += file_errors
        warnings += file_warnings
    code = ExitCode.USAGE if errors else ExitCode.FAILED if strict and warnings else ExitCode.OK
    names = [str(f) for f in files] if files else [session.phases_file.name]
    model = Validation(list(zip(names, docs)), code == ExitCode.OK)
    if fmt == "json":  # the document for machines whatever the outcome; people read the findings on stderr
        emit(session, "validate", fmt, model)
    err = session.out(stderr=True)
    for warning in warnings:
        err.write(f"warning: {printable(warning)}\n")
    if errors:
        raise ConfigError(errors)
    if strict and warnings:
        err.write(f"error: validate --strict fails on {counted(len(warnings), 'warning')} (listed above)\n")
        return code
    if fmt != "json":
        emit(session, "validate", fmt, model)
    return code
