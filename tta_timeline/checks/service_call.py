"""How the neo4j / redis check kinds call their service: the run's adapter, its attempts, an Outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tta_timeline.checks.base import CheckContext, Outcome, TransientError
from tta_timeline.core.results import Status
from tta_timeline.core.words import counted
from tta_timeline.services.base import CONFIG, QUERY, AdapterError, ServiceAdapter, trace

#: what a neo4j/redis op returns: status, message, evidence and, on a failure, its detail
OpResult = tuple[Status, str, dict[str, Any]] | tuple[Status, str, dict[str, Any], str]


def adapter_for(ctx: CheckContext, name: str) -> ServiceAdapter:
    """The run's adapter for `name`; AdapterError (kind config) when the engine gave none."""
    if ctx.services is None:
        raise AdapterError(f"{name}: no service adapters in this run (engine gave no ctx.services)", CONFIG)
    return ctx.services(name)


def run_op(ctx: CheckContext, name: str, op: str, call: Callable[[ServiceAdapter], Any]) -> Outcome:
    """Run one neo4j/redis check op on the run's adapter, with its attempts and back-off in the evidence.

    `call` returns (status, message, evidence[, detail]), or a finished Outcome (e.g. a mock-mode skip).
    """
    backend: str | None = ctx.backend
    with trace() as t:
        try:
            adapter = adapter_for(ctx, name)
            backend = adapter.backend
            got = call(adapter)
        except AdapterError as err:
            return error_outcome(err, backend, op)
    if isinstance(got, Outcome):
        return got
    status, message, evidence, *detail = got
    return Outcome(
        status,
        with_backend(message, backend),
        {"op": op, **evidence, **t.evidence()},
        backend,
        detail="\n".join(detail),
    )


def error_outcome(err: AdapterError, backend: str | None, op: str) -> Outcome:
    """An Outcome for a failed call: a server refusal is `fail`, anything that stopped evaluation `error`.

    A connection error (after the adapter's retries) is raised as TransientError, as every kind signals one.
    """
    status = Status.FAIL if err.kind == QUERY else Status.ERROR
    evidence = {"op": op, "attempts": err.attempts, "waited": round(err.waited, 6), "error_kind": err.kind}
    said = "the server answered" if err.kind == QUERY else f"{err.kind} error after {counted(err.attempts, 'attempt')}"
    outcome = Outcome(status, with_backend(err.message, backend), evidence, backend, detail=f"{said}: {err.message}")
    if err.transient:
        raise TransientError(outcome.message, outcome.evidence, backend, outcome.detail) from err
    return outcome


def with_backend(message: str, backend: str | None) -> str:
    """Mock outcomes say so in the message, so nobody mistakes a mock pass for a real one."""
    return f"{message} (mock)" if backend == "mock" and not message.endswith("(mock)") else message
