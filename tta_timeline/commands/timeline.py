"""`tta-timeline timeline`: estimate against actual per phase, the slip, now, and a forecast for the rest."""

from __future__ import annotations

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.forecast import build


def timeline(session: Session, as_json: bool = False, fmt: str = "table") -> int:
    fmt = output_format("timeline", fmt, as_json)
    state = session.outline_state()
    # an interactive view may show the clock; `report` leaves it out
    emit(session, "timeline", fmt, build(state, state.now))
    return ExitCode.OK
