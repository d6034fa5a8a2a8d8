"""`tta-timeline reopen`: a complete phase is no longer complete; its dependents wait again."""

from __future__ import annotations

from tta_timeline.commands.session import Session
from tta_timeline.core.errors import RefusedError, UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.words import noun
from tta_timeline.domain.selection import require_phases


def reopen(session: Session, phase_id: int, reason: str) -> int:
    if not reason.strip():
        raise UsageError("--reason must say why the phase is reopened")
    state = session.state()
    require_phases(session.timeline, [phase_id], session.shown_file)
    ps = state.get(phase_id)
    if ps.advanced is None:
        raise RefusedError(f"phase {phase_id} ({ps.phase.name}) is not complete (it is {ps.state}); nothing to reopen")
    runtime = session.runtime
    event = Event(kind="reopen", phase=phase_id, at=runtime.now(), actor=runtime.actor(), reason=reason)
    session.store.append_event(event)
    dependents = [p.phase.id for p in state.phases if phase_id in (p.phase.depends_on or [])]
    console = session.console()
    console.print(f"reopened phase {phase_id} ({ps.phase.name}): {reason}")
    if dependents:
        console.print(
            f"{noun(dependents, 'phase')} {', '.join(map(str, dependents))} {noun(dependents, 'depends', 'depend')} on it and wait until it advances again"
        )
    return ExitCode.OK
