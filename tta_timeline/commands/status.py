"""`tta-timeline status`: where the timeline stands."""

from __future__ import annotations

from tta_timeline.commands.session import Session
from tta_timeline.core.exit_codes import ExitCode


def status(session: Session, as_json: bool = False) -> int:
    from tta_timeline.output.status_json import status_document

    state = session.state()
    if as_json:
        session.write_json(status_document(state))
        return ExitCode.OK
    from tta_timeline.output.table import next_step, progress_line, status_table

    console = session.console()
    console.print(progress_line(state))
    console.print()
    console.print(status_table(state))
    debt = [(p.phase.id, c.check.id) for p in state.phases for c in p.waiver_debt]
    if debt:
        items = ", ".join(f"{pid}.{cid}" for pid, cid in debt)
        console.print(f"[blocked]Waiver debt:[/] expired waivers on {items}")
    console.print()
    console.print(next_step(state))
    return ExitCode.OK
