"""`tta-timeline tick` / `untick`: a person vouches for (or withdraws) a manual check."""

from __future__ import annotations

from typing import Literal

from tta_timeline.commands.session import Session
from tta_timeline.core.errors import RefusedError, UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.selection import resolve_check


def tick(session: Session, target: str, note: str | None = None) -> int:
    return _record(session, target, "tick", note)


def untick(session: Session, target: str) -> int:
    return _record(session, target, "untick", None)


def _record(session: Session, target: str, kind: Literal["tick", "untick"], note: str | None) -> int:
    phase, check = resolve_check(session.timeline, target, session.shown_file)
    if not check.ticked:
        raise UsageError(
            f"{phase.id}.{check.id} is a {check.kind} check; only manual checks can be {kind}ed "
            f"(run `tta-timeline verify --phase {phase.id}` to re-check it, or waive it)"
        )
    if kind == "untick" and not _ticked(session, phase.id, check.id):
        raise RefusedError(f"{phase.id}.{check.id} is not ticked; nothing to untick (nothing recorded)")
    runtime = session.runtime
    event = Event(kind=kind, phase=phase.id, check=check.id, at=runtime.now(), actor=runtime.actor(), note=note)
    session.store.append_event(event)
    verb = "ticked" if kind == "tick" else "unticked"
    session.console().print(f"{verb} {phase.id}.{check.id} ({check.title}) as {event.actor}")
    return ExitCode.OK


def _ticked(session: Session, phase_id: int, check_id: str) -> bool:
    phase = next(ps for ps in session.state().phases if ps.phase.id == phase_id)
    return any(cs.ticked for cs in phase.checks if cs.check.id == check_id)
