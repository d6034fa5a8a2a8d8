"""What the dashboard shows, gathered from the same documents the commands print (nothing computed twice)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tta_timeline.commands.history import history_document
from tta_timeline.core.durations import format_duration
from tta_timeline.domain.forecast import build
from tta_timeline.domain.state import CheckState, PhaseState
from tta_timeline.output.document_json import report_document
from tta_timeline.output.history import details, entry_check, when
from tta_timeline.output.status_json import status_document

HISTORY_ROWS = 50


def page_context(session: Any, version: str) -> dict[str, Any]:
    """Everything the templates read, redacted once here like every other output."""
    state = session.state()
    now = state.now
    fc = build(state, now)
    report = report_document(state, fc, now)
    status = status_document(state)
    events = history_document(session, limit=HISTORY_ROWS)["events"]
    phases = [
        _card(ps, rp, sp, now) for ps, rp, sp in zip(state.phases, report["phases"], status["phases"], strict=True)
    ]
    done, total = status["progress"]["complete"], status["progress"]["total"]
    return session.redactor.deep(
        {
            "title": report["title"],
            "project": status["project"],
            "status": report["status"],
            "percent": round(100 * done / total) if total else 100,
            "checks": report["progress"],
            "phases": phases,
            "timeline": report["timeline"]["text"],
            "history": [{**e, "details": details(e), "check": entry_check(e), "when": when(e["at"])} for e in events],
            "debt": [{"phase": p["id"], **d} for p in phases for d in p["debt"]],
            "store": session.store_display,
            "now": now.isoformat(sep=" ", timespec="seconds"),
            "version": version,
        }
    )


def _card(ps: PhaseState, rp: dict[str, Any], sp: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        **rp,
        "required_passed": sp["checks"]["required_passed"],
        "required_total": sp["checks"]["required_total"],
        "blocked_by": sp["blocked_by"],
        "regressed_checks": sp["regressed_checks"],
        "certificate": _certificate(ps),
        "checks": [_check(cs, rc, now) for cs, rc in zip(ps.checks, rp["checks"], strict=True)],
        "debt": [
            {
                "check": c.check.id,
                "reason": c.waiver.reason if c.waiver else None,
                "until": c.waiver.until.date().isoformat() if c.waiver and c.waiver.until else None,
            }
            for c in ps.waiver_debt
        ],
    }


def _certificate(ps: PhaseState) -> dict[str, Any] | None:
    if ps.advanced is None:
        return None
    cert = ps.advanced.data.get("certificate") or {}
    return {
        "actor": ps.advanced.actor,
        "at": ps.advanced.at.isoformat(sep=" ", timespec="seconds"),
        "commit": (cert.get("commit") or "")[:10] or None,
        "dirty": cert.get("dirty"),
        "run_id": (cert.get("run_id") or "")[:8] or None,
        "backend": cert.get("backend"),
        "forced": bool(cert.get("forced")),
        "reason": cert.get("reason"),
    }


def _check(cs: CheckState, rc: dict[str, Any], now: datetime) -> dict[str, Any]:
    seen = cs.ticked.at if cs.ticked else (cs.result.at if cs.result else None)
    ran = cs.result if cs.result and not cs.check.ticked else None
    return {
        **rc,
        "message": ran.message if ran else "",
        "age": f"{format_duration(max(0.0, (now - seen).total_seconds()))} ago" if seen else None,
        "backend": cs.result.backend if cs.result else None,
        "failing": bool(cs.status and cs.status.is_failure),
        "evidence": (ran.evidence if ran else None) or None,
    }
