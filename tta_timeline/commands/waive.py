"""`tta-timeline waive`: count a required check as passing, with a reason, maybe until a date."""

from __future__ import annotations

from tta_timeline.commands.session import Session
from tta_timeline.core.errors import UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.timefmt import rfc3339
from tta_timeline.core.when import parse_when
from tta_timeline.domain.selection import resolve_check


def waive(session: Session, target: str, reason: str, until: str | None = None) -> int:
    phase, check = resolve_check(session.timeline, target, session.shown_file)
    if not reason.strip():
        raise UsageError("--reason must say why the check is waived")
    now = session.runtime.now()
    deadline = parse_when(until, "--until", end_of_day=True) if until else None
    if deadline is not None and deadline <= now:
        raise UsageError(f"--until {until}: that is in the past (now is {now.isoformat(timespec='seconds')})")
    event = Event(
        kind="waive",
        phase=phase.id,
        check=check.id,
        at=now,
        actor=session.runtime.actor(),
        reason=reason,
        until=deadline,
    )
    session.store.append_event(event)
    expiry = (
        " with no expiry"
        if deadline is None
        else (f" through {until} (UTC)" if len(until or "") == 10 else f" until {rfc3339(deadline)}")
    )
    note = "" if check.required else " (it is optional, so this changes nothing for advancement)"
    session.console().print(f"waived {phase.id}.{check.id}{expiry}{note}")
    return ExitCode.OK
