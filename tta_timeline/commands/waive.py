"""`tta-timeline waive`: count a required check as passing, with a reason, maybe until a date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from tta_timeline.commands.session import Session
from tta_timeline.commands.tick import resolve_check
from tta_timeline.core.errors import UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.timefmt import rfc3339


def parse_when(text: str, option: str, end_of_day: bool = False) -> datetime:
    """YYYY-MM-DD or an ISO datetime, in UTC when no offset is given.

    A bare date used as a deadline means the whole of that day, so it ends at the next midnight
    (or, for 9999-12-31, at the last instant a datetime can hold).
    """
    try:
        if len(text) == 10:
            day = datetime.strptime(text, "%Y-%m-%d").date()
            start = datetime.combine(day, time(0), tzinfo=timezone.utc)
            if not end_of_day:
                return start
            return start + timedelta(days=1) if day < date.max else datetime.max.replace(tzinfo=timezone.utc)
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{option} {text!r}: expected YYYY-MM-DD or an ISO datetime") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def waive(session: Session, target: str, reason: str, until: str | None = None) -> int:
    phase, check = resolve_check(session, target)
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
