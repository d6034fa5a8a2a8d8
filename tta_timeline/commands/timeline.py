"""`tta-timeline timeline`: estimate against actual per phase, the slip, now, and a forecast for the rest."""

from __future__ import annotations

from tta_timeline.commands.session import Session
from tta_timeline.core.exit_codes import ExitCode


def timeline(session: Session, as_json: bool = False) -> int:
    from tta_timeline.domain.forecast import build, forecast_document

    state = session.state()
    fc = build(state, state.now)  # an interactive view may show the clock; `report` leaves it out
    if as_json:
        session.write_json(forecast_document(fc))
        return ExitCode.OK
    from tta_timeline.output.timeline_view import timeline_view

    session.console().print(timeline_view(fc))
    return ExitCode.OK
