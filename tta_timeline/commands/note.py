"""`tta-timeline note PHASE TEXT [--lesson]`: a remark on a phase, kept in the audit trail."""

from __future__ import annotations

from tta_timeline.commands.session import Session
from tta_timeline.core.errors import UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.selection import require_phases

MAX_CHARS = 4000  # a note is a remark, not a document; a pasted log belongs elsewhere


def note(session: Session, phase: int, text: str, lesson: bool = False) -> int:
    require_phases(session.timeline, [phase], session.shown_file, option="phase")
    known = session.timeline.phase(phase)
    text = text.strip()
    if not text:
        raise UsageError("the note is empty; say what happened or what was learned")
    if len(text) > MAX_CHARS:
        raise UsageError(f"the note has {len(text)} characters; keep it under {MAX_CHARS}")
    runtime = session.runtime
    event = Event(kind="note", phase=phase, at=runtime.now(), actor=runtime.actor(), note=text, data={"lesson": lesson})
    session.store.append_event(event)
    what = "lesson learned" if lesson else "note"
    session.console().print(
        f"{what} recorded on phase {phase} ({known.name}) as {event.actor}", markup=False, soft_wrap=True
    )
    return ExitCode.OK
