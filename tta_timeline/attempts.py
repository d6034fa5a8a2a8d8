"""Evaluating one check: a guarded attempt, tenacity retries of transient errors, `eventually`.

Every path returns an Outcome; a kind that raises or hangs becomes `error`, never a crash.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from tta_timeline.adapters.retry import CallFailed, call_with_retry
from tta_timeline.checks.base import CheckContext, CheckKind, Outcome, TransientError
from tta_timeline.model import RetryPolicy
from tta_timeline.results import Status

#: how long past the kind's own timeout the engine waits before giving up on an attempt
GUARD_GRACE = 2.0
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
            box["outcome"] = kind.run(spec, ctx)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name=f"attempt-{kind.name}")
    thread.start()
    thread.join(ctx.timeout + GUARD_GRACE)
    if thread.is_alive():
        ctx.cancelled.set()  # lets a cooperative kind wind down; the daemon thread is abandoned
        raise _Stopped(f"timed out after {ctx.timeout:g}s (no answer)")
    if "error" in box:
        raise box["error"]
    return box["outcome"]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (TransientError, _Stopped)) or type(exc).__name__ == "AdapterError":
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TransientError)


def attempt(kind: CheckKind, spec: Any, ctx: CheckContext, policy: RetryPolicy) -> Evaluation:
    """Run with retries on TransientError; exhausted retries and unexpected exceptions become `error`."""
    try:
        outcome, attempts, waited = call_with_retry(
            lambda: _guarded(kind, spec, ctx), policy, _is_transient, sleep=ctx.cancelled.wait
        )
    except CallFailed as failed:
        cause = failed.cause
        message = _describe(cause)
        if failed.transient and failed.attempts > 1:
            message += f" (after {failed.attempts} attempts)"
        attempts = max(failed.attempts, getattr(cause, "attempts", 0))
        return Evaluation(Outcome(Status.ERROR, message), attempts, failed.waited + getattr(cause, "waited", 0.0))
    if not isinstance(outcome, Outcome):
        return Evaluation(Outcome(Status.ERROR, f"kind {kind.name} returned {type(outcome).__name__}, not an Outcome"),
                          attempts, waited)
    # adapter-backed kinds report their own retries in the evidence
    attempts = max(attempts, int(outcome.evidence.get("attempts", 0) or 0))
    waited += float(outcome.evidence.get("waited", 0.0) or 0.0)
    return Evaluation(outcome, attempts, waited)


def evaluate(check: Any, kind: CheckKind, ctx: CheckContext, policy: RetryPolicy, service_kind: bool = False) -> Evaluation:
    """`eventually` re-runs a failing check until it passes or the duration is up."""
    policy = ONE_ATTEMPT if service_kind else policy
    deadline = time.monotonic() + (check.eventually or 0.0)
    pause, attempts, waited = EVENTUALLY_FIRST_PAUSE, 0, 0.0
    while True:
        ev = attempt(kind, check.spec, ctx, policy)
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
