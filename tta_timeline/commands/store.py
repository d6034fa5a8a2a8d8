"""`tta-timeline store migrate --to URL`: move a timeline's history to another store."""

from __future__ import annotations

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.state import derive
from tta_timeline.output.status_json import status_document
from tta_timeline.run.audit import run_audit
from tta_timeline.store.migrate import migrate as copy


def migrate(session: Session, to: str, force: bool = False, as_json: bool = False, fmt: str = "text") -> int:
    fmt = output_format("migrate", fmt, as_json)
    timeline, source = session.timeline, session.store  # both fail (exit 2) before anything is written
    session.redactor.add_url(to, source="the --to URL password")
    with session.open_store(to) as target:
        now = session.runtime.now()
        result = copy(source, target, lambda store: status_document(derive(timeline, store, now)), force=force)
        copied = run_audit(target, {})  # the copy's hash chain, records and certificates hold
        result.problems += [f"audit of the target: {problem.line()}" for problem in copied.problems]
    emit(session, "migrate", fmt, {**result.document(), "from": source.display, "to": to})
    return ExitCode.OK if result.ok else ExitCode.FAILED
