"""`tta-timeline advance`: verify a phase afresh, apply the gate, record one certificate."""

from __future__ import annotations

from typing import Any

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.commands.signing import certified, signing_key
from tta_timeline.core import interrupts
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.errors import RefusedError, UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.results import Run
from tta_timeline.domain import certificate, gate
from tta_timeline.domain.selection import require_phases
from tta_timeline.domain.state import PhaseState, TimelineState
from tta_timeline.output.advancement import Advancement
from tta_timeline.run import pipeline
from tta_timeline.run.engine import Plan
from tta_timeline.run.pipeline import ticks_of


def advance(
    session: Session,
    phase: int | None = None,
    dry_run: bool = False,
    backend: str | None = None,
    force: bool = False,
    reason: str | None = None,
    allow_regressed: bool = False,
    as_json: bool = False,
    fmt: str = "text",
) -> int:
    fmt = output_format("advance", fmt, as_json)
    if force and not (reason and reason.strip()):
        raise UsageError("--force needs --reason TEXT: a forced advancement must say why")
    if reason and not force:
        raise UsageError("--reason is only used with --force")
    backend = session.backend(backend)
    key = signing_key(session)  # a bad key is found before any check runs; it is masked from now on
    if not dry_run:
        session.store.check_writable()  # an unwritable store is found before any check runs
    out = _Output(session, fmt, dry_run)
    ps = _target(session, session.state(), phase)
    if ps is None:
        return out.done("all_complete", None)
    if ps.done:
        return out.already(ps)
    run = fresh_verify(session, ps, backend, record=not dry_run)
    # Re-derive: ticks, waivers and other processes' advancements may have changed during the run.
    state = session.state()
    ps = state.get(ps.phase.id)
    if ps.done:
        return out.already(ps)
    verdict = gate.evaluate(state, ps.phase.id, run.results, backend, allow_regressed)
    if not verdict.allowed and not force:
        return out.refused(ps, run, verdict.reasons)
    cert = certificate.build(
        ps,
        run,
        verdict,
        actor=session.runtime.actor(),
        at=session.runtime.now(),
        commit=run.commit,
        dirty=run.dirty,
        forced=force,
        reason=reason if force else None,
    )
    nxt = _next_phase(state, ps.phase.id)
    if dry_run:
        return out.success("dry_run", ps, run, cert, nxt)
    data = certified(session, cert, key)
    cert = data["certificate"]
    event = Event(
        kind="advance",
        phase=ps.phase.id,
        at=session.runtime.now(),
        actor=cert["actor"],
        reason=cert["reason"],
        data=data,
    )
    with interrupts.deferred():
        advanced = session.store.advance(event)
    if not advanced:  # another process won the race; a retry is not an error
        return out.already(ps)
    return out.success("advanced", ps, run, cert, nxt)


def _target(session: Session, state: TimelineState, phase: int | None) -> PhaseState | None:
    if phase is None:
        return state.current
    require_phases(session.timeline, [phase], session.shown_file)
    return state.get(phase)


def _next_phase(state: TimelineState, advanced: int) -> PhaseState | None:
    return next((p for p in state.phases if p.phase.id != advanced and p.state != "complete"), None)


def fresh_verify(session: Session, ps: PhaseState, backend: str, record: bool) -> Run:
    """Run every check of the phase now, through the pipeline; old results never count."""
    phase = next(p for p in session.timeline.phases if p.id == ps.phase.id)  # the model's: its checks carry specs
    plans = [Plan(phase, list(phase.checks))]
    run = pipeline.run_checks(
        session.timeline, session.loaded.root, session.runtime, session.redactor, plans, backend, ticks=ticks_of([ps])
    )
    if record:
        pipeline.record(session.store, run)
    return run


class _Output:
    """Each outcome through the output registry; returns the exit code so `advance` reads as the rules."""

    def __init__(self, session: Session, fmt: str, dry_run: bool):
        self.session, self.fmt, self.dry_run = session, fmt, dry_run

    def _emit(self, result: str, ps: PhaseState | None, **extra: Any) -> None:
        doc = {
            "version": VERSIONS["advance"],
            "result": result,
            "phase": ps.phase.id if ps else None,
            "dry_run": self.dry_run,
            "forced": False,
            "reasons": [],
            "run_id": None,
            "certificate": None,
            "next_phase": None,
        }
        doc.update(extra)
        emit(self.session, "advance", self.fmt, Advancement(doc, ps.phase.name if ps else None))

    def done(self, result: str, ps: PhaseState | None) -> int:
        self._emit(result, ps)
        return ExitCode.OK

    def already(self, ps: PhaseState) -> int:
        return self.done("already_complete", ps)

    def refused(self, ps: PhaseState, run: Run, reasons: list[str]) -> int:
        if self.fmt != "json":  # said as an error: one message on stderr, exit 1
            raise RefusedError(f"phase {ps.phase.id} ({ps.phase.name}) may not advance:", reasons)
        self._emit("refused", ps, reasons=reasons, run_id=run.id)
        return ExitCode.FAILED

    def success(self, result: str, ps: PhaseState, run: Run, cert: dict, nxt: PhaseState | None) -> int:
        self._emit(
            result,
            ps,
            forced=cert["forced"],
            reasons=cert["overridden"],
            run_id=run.id,
            certificate=cert,
            next_phase={"id": nxt.phase.id, "name": nxt.phase.name} if nxt else None,
        )
        return ExitCode.OK
