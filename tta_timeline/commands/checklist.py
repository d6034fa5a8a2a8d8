"""`tta-timeline checklist`: every phase's checks as a tree with their latest status."""

from __future__ import annotations

from typing import Any

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.selection import phase_ids, require_phases


def checklist(
    session: Session, phases: list[int] | list[str] | None = None, as_json: bool = False, fmt: str = "table"
) -> int:
    # lazy: the view's Rich renderables only when it prints
    from tta_timeline.output.checklist import Checklist

    fmt = output_format("checklist", fmt, as_json)
    phases = phase_ids(phases)
    state = session.outline_state()
    emit(session, "checklist", fmt, Checklist(choose(session, state, phases), state.now))
    return ExitCode.OK


def choose(session: Session, state: Any, phases: list[int] | None) -> list[Any]:
    """The phases asked for (all when none), in file order; an unknown id is a usage error."""
    require_phases(session.outline, phases or [], session.shown_file)
    return [p for p in state.phases if not phases or p.phase.id in phases]
