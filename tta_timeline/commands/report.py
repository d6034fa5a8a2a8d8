"""`tta-timeline report`: the whole timeline as a document to commit (markdown, HTML or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.forecast import build
from tta_timeline.output.document_json import report_document
from tta_timeline.output.files import writable_file, write_atomic
from tta_timeline.output.integrity import integrity_document
from tta_timeline.output.render import render_text
from tta_timeline.run.audit import run_audit
from tta_timeline.run.changes import phase_changes


def document(session: Session, with_now: bool = False) -> Any:
    """The report as data; the clock appears only when asked, so the same store renders the same bytes."""
    state = session.state()
    now = state.now if with_now else None
    changes = phase_changes(session.store, state, session.loaded.root)
    return session.redactor.deep(report_document(state, build(state, now), now, changes, _integrity(session)))


def render(session: Session, fmt: str, with_now: bool = False) -> str:
    """The document's text in the format, as written to a file."""
    return render_text("report", output_format("report", fmt), document(session, with_now))


def _integrity(session: Session) -> dict[str, Any]:
    """The audit state of the whole history and each phase's certificate (see `tta-timeline audit`)."""
    return integrity_document(run_audit(session.store, {}), session.store.events())


def report(
    session: Session,
    fmt: str = "markdown",
    output: Path | None = None,
    check: bool = False,
    with_now: bool = False,
    as_json: bool = False,
) -> int:
    fmt = output_format("report", fmt, as_json)
    if check and output is None:
        raise UsageError("--check compares against a file: give it with --output FILE")
    if output is None:
        emit(session, "report", fmt, document(session, with_now))
        return ExitCode.OK
    path = session.runtime.cwd / output
    if check:
        return _check(session, path, output, fmt, render(session, fmt, with_now))
    path = writable_file(path, "--output")  # before rendering: a bad path is one line, exit 2
    write_atomic(path, render(session, fmt, with_now))
    session.console(stderr=True).print(f"wrote {output}", markup=False, soft_wrap=True)
    return ExitCode.OK


def _check(session: Session, path: Path, output: Path, fmt: str, text: str) -> int:
    if path.is_dir():
        raise UsageError(f"--output {output}: is a directory; give a file path")
    try:
        current = path.read_bytes() if path.exists() else None
    except OSError as exc:
        raise UsageError(f"--output {output}: cannot read: {exc.strerror or exc}") from None
    err = session.console(stderr=True)
    if current == text.encode("utf-8"):
        err.print(f"{output} is up to date", markup=False, soft_wrap=True)
        return ExitCode.OK
    why = "does not exist" if current is None else "differs from what the store renders now"
    err.print(
        f"{output} {why}; run `tta-timeline report --format {fmt} --output {output}`", markup=False, soft_wrap=True
    )
    return ExitCode.FAILED
