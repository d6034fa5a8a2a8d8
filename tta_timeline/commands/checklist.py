"""`tta-timeline checklist`: every phase's checks as a tree with their latest status."""

from __future__ import annotations

from typing import Any

from tta_timeline.commands.session import Session
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.selection import phase_ids, require_phases


def checklist(session: Session, phases: list[int] | list[str] | None = None, as_json: bool = False) -> int:
    phases = phase_ids(phases)
    state = session.state()
    chosen = choose(session, state, phases)
    if as_json:
        session.write_json(checklist_document(chosen))
        return ExitCode.OK
    from tta_timeline.output.checklist import phase_tree

    console = session.console()
    for ps in chosen:
        console.print(phase_tree(ps, state.now))
    return ExitCode.OK


def choose(session: Session, state: Any, phases: list[int] | None) -> list[Any]:
    """The phases asked for (all when none), in file order; an unknown id is a usage error."""
    require_phases(session.timeline, phases or [], session.phases_file)
    return [p for p in state.phases if not phases or p.phase.id in phases]


def checklist_document(chosen: list[Any]) -> dict[str, Any]:
    """`checklist --json`, version 1 (also served as /api/checklist)."""
    return {"version": VERSIONS["checklist"], "phases": [_phase_json(p) for p in chosen]}


def _phase_json(ps) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": ps.phase.id,
        "name": ps.phase.name,
        "state": ps.state,
        "blocked_by": ps.blocked_by,
        "was_complete": ps.was_complete,
        "checks": [
            {
                "id": c.check.id,
                "name": c.check.title,
                "kind": c.check.kind,
                "required": c.check.required,
                "status": c.status.value if c.status else None,
                "message": c.result.message if c.result else None,
                "detail": c.result.detail if c.result else None,
                "at": (c.ticked.at if c.ticked else c.result.at if c.result else None),
                "waived": c.waived,
                "backend": c.result.backend if c.result else None,
            }
            for c in ps.checks
        ],
    }
