"""Evaluating one check: a guarded attempt, tenacity retries of transient errors, `eventually`.

Every path returns an Outcome; a kind that raises or hangs becomes `error`, never a crash.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from tta_timeline.checks.base import CheckContext, CheckKind, Outcome, TransientError
from tta_timeline.config.model import RetryPolicy
from tta_timeline.core.errors import CheckConfigError
from tta_timeline.core.results import Status
from tta_timeline.core.retry import CallFailed, call_with_retry
from tta_timeline.services.base import AdapterError

#: how long past the kind's own timeout the engine waits before giving up on an attempt
GUARD_GRACE = 2.0
CANCEL_POLL = 0.05
EVENTUALLY_FIRST_PAUSE = 0.1
EVENTUALLY_MAX_PAUSE = 2.0
#: service kinds retry inside the adapter with the same policy; retrying again here would square it
ONE_ATTEMPT = RetryPolicy(attempts=1)


class _Stopped(Exception):
    """An attempt the engine stopped waiting for (timeout guard or cancel): not worth retrying."""


@dataclass
class Evaluation:
    outcome: Outcome
    attempts: int
    waited: float


def _guarded(kind: CheckKind, spec: Any, ctx: CheckContext) -> Outcome:
    """One attempt in its own thread, so a kind that ignores ctx.timeout cannot hang the run."""
    if ctx.cancelled.is_set():
        raise _Stopped("cancelled")
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["outcome"] = _call(kind, spec, ctx)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name=f"attempt-{kind.name}")
    thread.start()
    deadline = time.monotonic() + ctx.timeout + GUARD_GRACE
    while thread.is_alive() and not ctx.cancelled.is_set() and time.monotonic() < deadline:
        thread.join(CANCEL_POLL)  # in slices: a cancel (Ctrl-C) must not wait out the timeout
    if thread.is_alive() and ctx.cancelled.is_set():
        thread.join(GUARD_GRACE)  # a cooperative kind stops its process group first
        if thread.is_alive():
            raise _Stopped("cancelled")
    if thread.is_alive():
        ctx.cancelled.set()  # lets a cooperative kind wind down; the daemon thread is abandoned
        raise _Stopped(f"timed out after {ctx.timeout:g}s (no answer)")
    if "error" in box:
        raise box["error"]
    return box["outcome"]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (TransientError, _Stopped, CheckConfigError, AdapterError)):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TransientError)


def attempt(kind: CheckKind, spec: Any, ctx: CheckContext, policy: RetryPolicy, inline: bool = False) -> Evaluation:
    """Run with retries on TransientError; exhausted retries and unexpected exceptions become `error`.

    `inline` (the service kinds) calls the kind in this thread, once: their adapters retry and time
    out by themselves, so a guard thread and a second retry loop would only add overhead per check.
    """
    try:
        if inline:
            outcome, attempts, waited = _once(kind, spec, ctx), 1, 0.0
        else:
            outcome, attempts, waited = call_with_retry(
                lambda: _guarded(kind, spec, ctx), policy, _is_transient, sleep=ctx.cancelled.wait
            )
    except CallFailed as failed:
        return _failed(failed.cause, failed.attempts, failed.waited, failed.transient)
    except Exception as exc:  # noqa: BLE001 - an inline kind's crash is a result, not a crash of the run
        return _failed(exc, 1, 0.0, _is_transient(exc))
    if not isinstance(outcome, Outcome):
        return Evaluation(
            Outcome(Status.ERROR, f"kind {kind.name} returned {type(outcome).__name__}, not an Outcome"),
            attempts,
            waited,
        )
    # adapter-backed kinds report their own retries in the evidence
    attempts = max(attempts, int(outcome.evidence.get("attempts", 0) or 0))
    waited += float(outcome.evidence.get("waited", 0.0) or 0.0)
    return Evaluation(outcome, attempts, waited)


def _once(kind: CheckKind, spec: Any, ctx: CheckContext) -> Outcome:
    if ctx.cancelled.is_set():
        raise _Stopped("cancelled")
    return _call(kind, spec, ctx)


def _call(kind: CheckKind, spec: Any, ctx: CheckContext) -> Outcome:
    if kind.run is None:  # the engine settles a ticked kind from the store's ticks; it never runs
        raise TypeError(f"kind {kind.name} is ticked by a person, not run")
    return kind.run(spec, ctx)


def _failed(cause: BaseException, attempts: int, waited: float, transient: bool) -> Evaluation:
    outcome = cause.outcome() if isinstance(cause, TransientError) else Outcome(Status.ERROR, _describe(cause))
    if transient and attempts > 1:
        outcome.message += f" (after {attempts} attempts)"
    # an adapter's own retries, from its error or the evidence of the transient error it became
    tried = int(outcome.evidence.get("attempts", 0) or 0)
    attempts = max(attempts, getattr(cause, "attempts", 0), tried)
    waited += getattr(cause, "waited", 0.0) + float(outcome.evidence.get("waited", 0.0) or 0.0)
    return Evaluation(outcome, attempts, waited)


def evaluate(
    check: Any, kind: CheckKind, ctx: CheckContext, policy: RetryPolicy, service_kind: bool = False
) -> Evaluation:
    """`eventually` re-runs a failing check until it passes or the duration is up."""
    policy = ONE_ATTEMPT if service_kind else policy
    deadline = time.monotonic() + (check.eventually or 0.0)
    pause, attempts, waited = EVENTUALLY_FIRST_PAUSE, 0, 0.0
    while True:
        ev = attempt(kind, check.spec, ctx, policy, inline=service_kind)
        attempts, waited = attempts + ev.attempts, waited + ev.waited
        left = deadline - time.monotonic()
        if ev.outcome.status not in (Status.FAIL, Status.ERROR) or check.eventually is None:
            return Evaluation(ev.outcome, attempts, waited)
        if left <= 0 or ctx.cancelled.is_set():
            ev.outcome.message += f" (still not passing after {check.eventually:g}s)"
            return Evaluation(ev.outcome, attempts, waited)
        step = min(pause, left)
        ctx.cancelled.wait(step)
        waited += step
        pause = min(pause * 2, EVENTUALLY_MAX_PAUSE)
