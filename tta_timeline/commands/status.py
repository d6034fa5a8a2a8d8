"""`tta-timeline status`: where the timeline stands."""

from __future__ import annotations

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.exit_codes import ExitCode


def status(session: Session, as_json: bool = False, fmt: str = "table") -> int:
    fmt = output_format("status", fmt, as_json)
    emit(session, "status", fmt, session.outline_state())
    return ExitCode.OK
