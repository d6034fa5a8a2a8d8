"""The report as data (`report --format json`, version 1); the markdown and HTML renderers read only this."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.durations import format_duration
from tta_timeline.core.results import Status
from tta_timeline.domain.forecast import Forecast
from tta_timeline.domain.state import CheckState, PhaseState, TimelineState
from tta_timeline.output.table import estimate_text
from tta_timeline.output.timeline_json import forecast_document
from tta_timeline.output.timeline_view import forecast_line, slip_text, timeline_text

WORD = {
    "complete": "COMPLETED",
    "in_progress": "IN PROGRESS",
    "planned": "PLANNED",
    "blocked": "BLOCKED",
    "regressed": "REGRESSED",
}
# the marks the seed document uses; the word next to them carries the meaning on its own
MARK = {"complete": "✅", "in_progress": "🔄", "planned": "🚀", "blocked": "⏸️", "regressed": "❌"}


def report_document(
    state: TimelineState,
    fc: Forecast,
    now: datetime | None,
    changes: dict[int, dict[str, Any]] | None = None,
    integrity: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything here is derived from the store (and git for `changes`, run/changes.py); `now` (None unless
    asked) is the only clock text."""
    changes = changes or {}
    certified = (integrity or {}).get("phases", {})
    phases = [
        {**_phase(ps, row), **_evidence(ps, changes.get(ps.phase.id)), "certificate": certified.get(str(ps.phase.id))}
        for ps, row in zip(state.phases, fc.rows)
    ]
    current = state.current
    done = sum(1 for p in state.phases if p.state == "complete")
    return {
        "version": VERSIONS["report"],
        "title": _title(state.timeline.project),
        "generated_at": now.isoformat() if now else None,
        "status": {
            "word": _overall(state),
            "complete": done,
            "total": len(state.phases),
            "current_phase": current.phase.id if current else None,
            "current_name": current.phase.name if current else None,
        },
        "phases": phases,
        "progress": {
            "checks_passed": sum(p.passed for p in state.phases),
            "checks_total": sum(p.total for p in state.phases),
            "forecast": forecast_line(fc),
        },
        "checklist": [_checklist_item(ps) for ps in state.phases],
        "timeline": {"text": timeline_text(fc), **forecast_document(fc)},
        "audit": (integrity or {}).get("audit"),
    }


def _title(project: str) -> str:
    return project if "timeline" in project.lower() else f"{project} Development Timeline"


def _overall(state: TimelineState) -> str:
    words = {p.state for p in state.phases}
    if words == {"complete"}:
        return "COMPLETED"
    if "regressed" in words:
        return "REGRESSED"
    return "IN PROGRESS" if words & {"complete", "in_progress"} else "PLANNED"


def _phase(ps: PhaseState, row: Any) -> dict[str, Any]:
    return {
        "id": ps.phase.id,
        "name": ps.phase.name,
        "state": ps.state,
        "word": WORD[ps.state],
        "note": ps.note if ps.was_complete else None,  # why an advanced phase no longer counts
        "mark": MARK[ps.state],
        "objective": ps.phase.objective,
        "estimate": estimate_text(ps) if ps.phase.estimate else None,
        "actual": format_duration(row.actual) if row.actual is not None else None,
        "slip": slip_text(row) if row.forecast is None else None,
        "forecast": f"{format_duration(row.forecast)} left" if row.forecast is not None else None,
        "completed": ps.completed_at.date().isoformat() if ps.completed_at else None,
        "tests": _tests(ps),
        "checks_passed": ps.passed,
        "checks_total": ps.total,
        "checks": [_check(cs) for cs in ps.checks],
    }


def _tests(ps: PhaseState) -> dict[str, int] | None:
    """Tests passed of total over the phase's test-suite checks whose results carry counts."""
    counted = [
        c.result.evidence["counts"]
        for c in ps.checks
        if c.check.rules.tests is not None and c.result and isinstance(c.result.evidence.get("counts"), dict)
    ]
    if not counted:
        return None
    return {"passed": sum(c.get("passed", 0) for c in counted), "total": sum(c.get("total", 0) for c in counted)}


def _evidence(ps: PhaseState, files: dict[str, Any] | None) -> dict[str, Any]:
    """The sections a hand-kept step has: files created/modified, test results, lessons learned."""
    return {
        "files_changed": files,
        "test_results": [_test_result(cs) for cs in ps.checks if cs.check.rules.tests is not None],
        "lessons": [{"text": n.note, "actor": n.actor, "date": n.at.date().isoformat()} for n in ps.lessons],
    }


def _test_result(cs: CheckState) -> dict[str, Any]:
    where = cs.check.rules.tests(cs.check.spec)
    counts = cs.result.evidence.get("counts") if cs.result else None
    out: dict[str, Any] = {
        "check": cs.check.id,
        "file": where or "(whole suite)",
        "status": cs.result.status.value if cs.result else "not run",
        "date": cs.result.at.date().isoformat() if cs.result else None,
        "counts": None,
        "pass_rate": None,
    }
    if isinstance(counts, dict):
        ran = counts.get("total", 0) - counts.get("skipped", 0)
        out["counts"] = {k: counts.get(k, 0) for k in ("passed", "failed", "errors", "skipped", "total")}
        out["pass_rate"] = round(counts.get("passed", 0) / ran, 4) if ran else None
    return out


def _check(cs: CheckState) -> dict[str, Any]:
    check = cs.check
    # an item with a text of its own (a ticked one) shows it; others say what kind of check they are
    labelled = check.rules.label is not None
    text = (check.label if check.name else "") if labelled else f"{check.kind} check `{check.id}`"
    return {
        "id": check.id,
        "kind": check.kind,
        "required": check.required,
        "title": check.title,
        "text": text,
        "status": cs.status.value if cs.status else "not run",
        "done": cs.satisfied,
        "detail": _detail(cs),
    }


def _detail(cs: CheckState) -> str:
    waiver = cs.waiver
    if cs.waived and waiver is not None and cs.status is not Status.PASS:
        until = f" until {waiver.until.date()}" if waiver.until else ""
        return f"waived{until}: {waiver.reason or ''}".rstrip(": ")
    if cs.check.ticked:
        if cs.ticked is None:
            return "not ticked"
        return f"ticked by {cs.ticked.actor} on {cs.ticked.at.date().isoformat()}"
    if cs.result is None:
        return "not run"
    message = f": {cs.result.message}" if cs.result.message else ""
    return f"{cs.result.status.value} on {cs.result.at.date().isoformat()}{message}"


def _checklist_item(ps: PhaseState) -> dict[str, Any]:
    required = [c for c in ps.checks if c.check.required]
    ok = sum(1 for c in required if c.satisfied)
    return {
        "phase": ps.phase.id,
        "done": ps.state == "complete",
        "text": f"Phase {ps.phase.id}: {ps.phase.name} ({WORD[ps.state]}): "
        f"{ok}/{len(required)} required checks satisfied",
    }
