"""`tta-timeline validate`: load phases.yaml and report every problem (exit 2) or a summary (exit 0)."""
from __future__ import annotations

from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.cli.session import Session


def validate(session: Session, as_json: bool = False) -> int:
    timeline = session.timeline  # raises ConfigError with every problem found
    checks = sum(len(p.checks) for p in timeline.phases)
    kinds: dict[str, int] = {}
    for phase in timeline.phases:
        for check in phase.checks:
            kinds[check.kind] = kinds.get(check.kind, 0) + 1
    if as_json:
        session.write_json({"version": 1, "valid": True, "file": str(session.phases_file),
                            "phases": len(timeline.phases), "checks": checks, "kinds": kinds})
        return ExitCode.OK
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    session.console().print(
        f"{session.phases_file.name}: valid — {len(timeline.phases)} phases, {checks} checks ({summary})",
        markup=False,
    )
    return ExitCode.OK
