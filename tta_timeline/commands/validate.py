"""`tta-timeline validate [FILE...]`: load phases files and report every problem (exit 2) or a summary (exit 0)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from tta_timeline.commands.session import Session
from tta_timeline.core.errors import ConfigError
from tta_timeline.core.exit_codes import ExitCode


def summary(session: Session) -> dict[str, Any]:
    timeline = session.timeline  # raises ConfigError with every problem found
    kinds: dict[str, int] = {}
    for phase in timeline.phases:
        for check in phase.checks:
            kinds[check.kind] = kinds.get(check.kind, 0) + 1
    return {
        "version": 1,
        "valid": True,
        "file": str(session.phases_file),
        "phases": len(timeline.phases),
        "checks": sum(kinds.values()),
        "kinds": kinds,
    }


def validate(session: Session, as_json: bool = False, files: list[Path] | None = None) -> int:
    """FILES (as pre-commit passes them) replace --file; every file is loaded before any problem is reported."""
    sessions = [dataclasses.replace(session, file=f) for f in files] if files else [session]
    docs, problems = [], []
    for each in sessions:
        try:
            docs.append(summary(each))
        except ConfigError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
    if as_json:
        session.write_json(docs[0] if len(docs) == 1 else {"version": 1, "valid": True, "files": docs})
        return ExitCode.OK
    console = session.console()
    names = [str(f) for f in files] if files else [session.phases_file.name]
    for name, doc in zip(names, docs):
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(doc["kinds"].items()))
        console.print(f"{name}: valid — {doc['phases']} phases, {doc['checks']} checks ({kinds})", markup=False)
    return ExitCode.OK
