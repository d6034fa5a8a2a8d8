"""`status --json`, version 1: a documented contract (README, "status --json")."""

from __future__ import annotations

from typing import Any

from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.timefmt import rfc3339
from tta_timeline.domain.forecast import known_actual
from tta_timeline.domain.state import PhaseState, TimelineState


def _iso(value: Any) -> str | None:
    return rfc3339(value) if value is not None else None


def phase_document(ps: PhaseState, now: Any) -> dict[str, Any]:
    est = ps.phase.estimate
    return {
        "id": ps.phase.id,
        "name": ps.phase.name,
        "state": ps.state,
        "objective": ps.phase.objective,
        "depends_on": ps.phase.depends_on or [],
        "blocked_by": ps.blocked_by,
        "was_complete": ps.was_complete,
        "checks": {
            "passed": ps.passed,
            "total": ps.total,
            "required_passed": sum(1 for c in ps.checks if c.check.required and c.satisfied),
            "required_total": sum(1 for c in ps.checks if c.check.required),
        },
        "estimate_seconds": {"low": est.low, "high": est.high} if est else None,
        "actual_seconds": known_actual(ps, now),  # null: not recorded (imported), as in timeline --json
        "started_at": _iso(ps.started_at),
        "completed_at": _iso(ps.completed_at),
        "regressed_checks": ps.regressed_checks,
        "waiver_debt": [c.check.id for c in ps.waiver_debt],
        "notes": [
            {"at": _iso(n.at), "actor": n.actor, "text": n.note, "lesson": bool(n.data.get("lesson"))} for n in ps.notes
        ],
    }


def status_document(state: TimelineState) -> dict[str, Any]:
    current = state.current
    done = sum(1 for p in state.phases if p.state == "complete")
    return {
        "version": VERSIONS["status"],
        "project": state.timeline.project,
        "current_phase": current.phase.id if current else None,
        "progress": {"complete": done, "total": len(state.phases)},
        "phases": [phase_document(p, state.now) for p in state.phases],
    }
