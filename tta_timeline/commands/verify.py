"""`tta-timeline verify`: run the selected phases' checks, record the run, report it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.paths import shown
from tta_timeline.core.printable import printable
from tta_timeline.core.words import noun
from tta_timeline.domain.selection import phase_ids
from tta_timeline.domain.selection import select as select_checks
from tta_timeline.output.files import append_text, writable_file, write_atomic
from tta_timeline.output.live import LiveProgress, PlainLines
from tta_timeline.output.render import render_text
from tta_timeline.output.report_json import Report, failing_lines, summary_line
from tta_timeline.run import pipeline
from tta_timeline.run.engine import DEFAULT_CONCURRENCY, Plan, select


def verify(
    session: Session,
    phases: list[int] | list[str] | None = None,
    all_phases: bool = False,
    pattern: str | None = None,
    backend: str | None = None,
    fmt: str = "table",
    output: Path | None = None,
    fail_fast: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    strict: bool = False,
    as_json: bool = False,
    selectors: list[str] | None = None,
) -> int:
    fmt = output_format("verify", fmt, as_json)
    if concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    output, summary = _output_paths(session, output)
    session.store.check_writable()  # an unwritable store is found before any check runs
    session.timeline  # noqa: B018 - phases.yaml problems (exit 2) come before anything else
    defaulted = _backend_defaulted(session, backend)
    backend = session.backend(backend)
    state = session.state()
    chosen = _choose(session, state, phase_ids(phases), selectors or [], all_phases)
    if not chosen:
        session.console(stderr=True).print("All phases are complete; nothing to verify (use --all or --phase N).")
        return ExitCode.OK
    plans = [Plan(phase, select(phase, pattern, ids)) for phase, ids in chosen]
    if pattern and not any(p.checks for p in plans):
        where = ", ".join(str(p.phase.id) for p in plans)
        raise UsageError(f"-k {pattern}: no check id or tag matches in {noun(plans, 'phase')} {where}")
    run = pipeline.run_checks(
        session.timeline,
        session.loaded.root,
        session.runtime,
        session.redactor,
        plans,
        backend,
        ticks=pipeline.ticks_of(state.phases),
        fail_fast=fail_fast,
        concurrency=concurrency,
        listener=_listener(session, sum(len(p.checks) for p in plans), fmt if output is None else "table"),
    )
    pipeline.record(session.store, run)
    code = _report(session, run, fmt, output, summary, strict)
    if defaulted:
        _mock_note(session, run, state)
    return code


def _backend_defaulted(session: Session, given: str | None) -> bool:
    """Nothing chose the backend: no --backend, no TTA_TIMELINE_BACKEND, no defaults.backend in the file."""
    chosen_in_file = "backend" in session.timeline.defaults.model_fields_set
    return not (given or session.runtime.env.get("TTA_TIMELINE_BACKEND") or chosen_in_file)


def _mock_note(session: Session, run: Any, before: Any) -> None:
    """One line after the first verify whose neo4j/redis checks ran on the mock backend only by default."""
    mocked = {(r.phase, r.check) for r in run.results if r.backend == "mock"}
    ran_before = {(ps.phase.id, cs.check.id) for ps in before.phases for cs in ps.checks if cs.result is not None}
    if mocked and not mocked & ran_before:
        session.console(stderr=True).print(
            "note: the neo4j/redis checks ran on the mock backend because nothing chose one; "
            "for real servers use --backend real or TTA_TIMELINE_BACKEND=real (or defaults.backend in the file)",
            markup=False,
            highlight=False,
        )


def _output_paths(session: Session, output: Path | None) -> tuple[Path | None, Path | None]:
    """Where the report and GitHub's step summary go, found unusable before any check runs."""
    cwd = session.runtime.cwd
    if output is not None:
        output = writable_file(cwd / output, "--output")
    summary = session.runtime.env.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return output, None
    return output, writable_file(cwd / summary, "GITHUB_STEP_SUMMARY", append=True)


def _choose(
    session: Session, state: Any, phases: list[int], selectors: list[str], all_phases: bool
) -> list[tuple[Any, set[str] | None]]:
    """(phase, the ids of its chosen checks or None for all): selectors and --phase, else --all, else the current phase."""
    timeline = session.timeline
    if phases or selectors:
        chosen = select_checks(timeline, selectors, phases, session.shown_file)
        return [(timeline.phase(pid), ids) for pid, ids in chosen.items()]
    if all_phases:
        return [(phase, None) for phase in timeline.phases]
    current = state.current
    return [(current.phase, None)] if current is not None else []


def _listener(session: Session, total: int, stdout_format: str) -> Any:
    """Live progress on a terminal's stderr; plain lines when the table goes to a non-terminal."""
    out = session.console()
    if stdout_format == "table" and not out.is_terminal:
        return PlainLines(out)
    err = session.console(stderr=True)
    return LiveProgress(err, total) if err.is_terminal else None


def _report(session: Session, run: Any, fmt: str, output: Path | None, summary: Path | None, strict: bool) -> int:
    names = {p.id: p.name for p in session.timeline.phases}
    report = Report(run, names, strict, session.timeline.project)
    if output is not None or fmt == "table":
        # the terminal shows the table; without one, the summary under the lines printed as checks finished
        if session.console().is_terminal:
            emit(session, "verify", "table", report)
        else:
            session.console().print(summary_line(report), markup=False, highlight=False)
    if output is not None:
        write_atomic(output, session.redactor.text(render_text("verify", fmt, report)))
        session.console(stderr=True).print(
            f"{fmt} report written to {shown(output, session.runtime.cwd)}", markup=False, highlight=False
        )
    elif fmt != "table":
        emit(session, "verify", fmt, report)
    if summary is not None:
        markdown = render_text("verify", "markdown", report)
        append_text(summary, session.redactor.text(markdown) + "\n", "GITHUB_STEP_SUMMARY")
    err = session.out(stderr=True)
    for line in failing_lines(report):  # exit 1 names the checks that caused it, whatever the format
        err.write(printable(line) + "\n")
    return ExitCode.OK if report.ok else ExitCode.FAILED
