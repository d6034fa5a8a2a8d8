"""Runs selected checks: phases in order, each phase's checks concurrently with `needs` respected.

A phase's setup processes run around its checks. Results come back in file order, redacted,
whatever a kind does: exceptions become `error`, never a crash of the run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Protocol

from tta_timeline.checks.base import CheckContext, CheckKind
from tta_timeline.config.model import Defaults, Phase, RetryPolicy, Services
from tta_timeline.core.printable import printable
from tta_timeline.core.results import CheckResult, Status
from tta_timeline.core.runtime import utcnow
from tta_timeline.core.secrets import Redactor
from tta_timeline.run import setup_procs
from tta_timeline.run.attempts import evaluate

DEFAULT_CONCURRENCY = 16
FAIL_FAST_SKIP = "not run: --fail-fast"


class Listener(Protocol):
    """Progress seam; called from the scheduling thread only, so renderers need no locks."""

    def started(self, phase: int, check: Any) -> None: ...

    def finished(self, result: CheckResult) -> None: ...


@dataclass
class Plan:
    """One phase and the checks selected from it, in file order."""

    phase: Phase
    checks: list[Any]


@dataclass
class EngineConfig:
    root: Path
    env: Mapping[str, str]
    backend: str = "mock"
    concurrency: int = DEFAULT_CONCURRENCY
    fail_fast: bool = False
    defaults: Defaults = field(default_factory=Defaults)
    services: Services = field(default_factory=Services)
    #: the run's adapters (adapters.registry.Adapters): `for_check(retry)` becomes CheckContext.services
    adapters: Any = None
    #: (phase, check) -> the tick event of a manual check, from the store
    ticks: Mapping[tuple[int, str], Any] = field(default_factory=dict)
    redactor: Redactor = field(default_factory=Redactor)
    clock: Callable[[], datetime] = utcnow
    #: replaces a kind for this run (a test seam); otherwise each check runs as its own kind declares
    kinds: Mapping[str, CheckKind] = field(default_factory=dict)
    listener: Listener | None = None


def select(phase: Phase, pattern: str | None, ids: set[str] | None = None) -> list[Any]:
    """Checks among `ids` (None: all) whose id or a tag matches the glob, plus what they need (never left out)."""
    if not pattern and ids is None:
        return list(phase.checks)
    wanted = {
        c.id
        for c in phase.checks
        if (ids is None or c.id in ids)
        and (not pattern or fnmatch(c.id, pattern) or any(fnmatch(t, pattern) for t in c.tags))
    }
    todo = list(wanted)
    while todo:
        needing = phase.check(todo.pop())
        for need in needing.needs if needing is not None else []:
            if need not in wanted:
                wanted.add(need)
                todo.append(need)
    return [c for c in phase.checks if c.id in wanted]


def policy_for(check: Any, cfg: EngineConfig) -> RetryPolicy:
    if check.retry is not None:
        return check.retry
    name = check.service
    service = getattr(cfg.services, name, None) if name is not None else None
    return (service.retry if service is not None else None) or cfg.defaults.retry


class _Run:
    """The state of one engine run: the pool, fail-fast, and cancel events of checks in flight."""

    def __init__(self, cfg: EngineConfig):
        self.cfg = cfg
        self.pool = ThreadPoolExecutor(max_workers=max(1, cfg.concurrency), thread_name_prefix="check")
        self.stopped = False  # --fail-fast tripped
        self.cancel_all = threading.Event()
        self.live: set[threading.Event] = set()

    def result(self, phase: int, check: Any, status: Status, message: str, **kw: Any) -> CheckResult:
        red = self.cfg.redactor
        kw.setdefault("attempts", 0)
        kw["evidence"] = red.deep(kw.get("evidence") or {}, printable)
        kw["detail"] = printable(red.text(kw["detail"])) if kw.get("detail") and status.is_failure else None
        return CheckResult(
            phase=phase,
            check=check.id,
            name=printable(red.text(check.title)),
            kind=check.kind,
            status=status,
            message=printable(red.text(message)),
            required=check.required,
            at=self.cfg.clock(),
            **kw,
        )

    def settled(
        self, plan: Plan, check: Any, done: dict[str, CheckResult], setup_failure: str | None
    ) -> CheckResult | None:
        """The result of a check that need not run, or None when it must run."""
        pid = plan.phase.id
        if self.stopped:
            return self.result(pid, check, Status.SKIP, FAIL_FAST_SKIP)
        if check.skip:
            return self.result(pid, check, Status.SKIP, check.skip)
        unmet = [done[n] for n in check.needs if n in done and done[n].status is not Status.PASS]
        if unmet:
            # what made the need fail, so nobody has to look the need up to know why this was not run
            why = "\n".join(f"{r.check} ({r.status.value}): {r.message}" for r in unmet)
            return self.result(
                pid,
                check,
                Status.BLOCKED,
                "needs " + ", ".join(f"{r.check} ({r.status.value})" for r in unmet) + " to pass",
                detail=why,
            )
        if setup_failure and check.needs_setup:
            return self.result(pid, check, Status.BLOCKED, f"phase setup failed: {setup_failure}")
        if check.ticked:
            return self.manual(pid, check)
        return None

    def manual(self, pid: int, check: Any) -> CheckResult:
        tick = self.cfg.ticks.get((pid, check.id))
        if tick is None:
            return self.result(pid, check, Status.PENDING, f"waiting for a person to tick: {check.label}")
        evidence = {"ticked_by": tick.actor, "ticked_at": tick.at.isoformat(), "note": tick.note}
        return self.result(
            pid,
            check,
            Status.PASS,
            f"ticked by {tick.actor} at {tick.at:%Y-%m-%d %H:%M}",
            evidence=evidence,
            attempts=1,
        )

    def execute(self, pid: int, check: Any, kind: CheckKind, cancelled: threading.Event) -> CheckResult:
        cfg = self.cfg
        services = cfg.adapters.for_check(check.retry) if cfg.adapters is not None else None
        ctx = CheckContext(
            root=cfg.root,
            env=cfg.env,
            timeout=check.timeout or cfg.defaults.timeout,
            backend=cfg.backend,
            services=services,
            cancelled=cancelled,
        )
        start = time.monotonic()
        served = kind.service is not None
        ev = evaluate(check, kind, ctx, policy_for(check, cfg), served)
        backend = ev.outcome.backend or (cfg.backend if served else None)
        return self.result(
            pid,
            check,
            ev.outcome.status,
            ev.outcome.message,
            evidence=ev.outcome.evidence,
            detail=ev.outcome.detail,
            duration=time.monotonic() - start,
            attempts=ev.attempts,
            waited=ev.waited,
            backend=backend,
        )

    def submit(self, pid: int, check: Any) -> Future:
        cancelled = threading.Event()
        self.live.add(cancelled)
        kind = self.cfg.kinds.get(check.kind, check.rules)
        if self.cfg.concurrency == 1 and kind.service is not None:
            # one at a time, a service check needs no worker thread: its adapter bounds every wait (connect,
            # acquire, read) and holds no process to stop, so the pool would only add two thread switches
            done: Future = Future()
            done.set_result(self.execute(pid, check, kind, cancelled))
            self.live.discard(cancelled)
            return done
        future = self.pool.submit(self.execute, pid, check, kind, cancelled)
        future.add_done_callback(lambda _: self.live.discard(cancelled))
        return future

    def cancel(self) -> None:
        """Stop every check in flight and wait for them: their process groups are gone on return."""
        self.cancel_all.set()
        for event in list(self.live):
            event.set()
        self.pool.shutdown(wait=True, cancel_futures=True)


def _runnable(plan: Plan, cfg: EngineConfig) -> bool:
    """Whether a selected check needs the phase's setup (else its processes are not started)."""
    return any(not c.skip and c.needs_setup for c in plan.checks)


@contextmanager
def _stopping(run: _Run) -> Iterator[None]:
    try:
        yield
    except BaseException:
        run.cancel()
        raise


def _run_phase(run: _Run, plan: Plan) -> list[CheckResult]:
    cfg, pid = run.cfg, plan.phase.id
    listener = cfg.listener
    done: dict[str, CheckResult] = {}
    planned = {c.id for c in plan.checks}
    waiting = list(plan.checks)
    running: dict[Future, Any] = {}

    def finish(result: CheckResult) -> None:
        done[result.check] = result
        if listener:
            listener.finished(result)
        if cfg.fail_fast and result.required and result.status in (Status.FAIL, Status.ERROR):
            run.stopped = True

    setups = plan.phase.setup if not run.stopped and _runnable(plan, cfg) else []
    # Checks are stopped before the setups they may be talking to (context managers exit in reverse).
    with setup_procs.phase_setup(setups, cfg.root, cfg.env, run.cancel_all) as setup_failure, _stopping(run):
        while waiting or running:
            progressed = False
            for check in list(waiting):
                if len(running) >= cfg.concurrency:
                    break
                if any(n in planned and n not in done for n in check.needs):
                    continue  # a need still runs; file order is kept among the rest
                waiting.remove(check)
                progressed = True
                early = run.settled(plan, check, done, setup_failure)
                if early is not None:
                    finish(early)
                    continue
                if listener:
                    listener.started(pid, check)
                running[run.submit(pid, check)] = check
            if not running:
                if not progressed:
                    for check in waiting:  # only a `needs` cycle can leave checks that never get ready
                        finish(run.result(pid, check, Status.BLOCKED, "needs form a cycle"))
                    waiting.clear()
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                running.pop(future)
                finish(future.result())
    return [done[c.id] for c in plan.checks]


def run_phases(plans: list[Plan], cfg: EngineConfig) -> list[CheckResult]:
    """Run every plan in order; on KeyboardInterrupt (any handled signal), cancel checks, stop setups, re-raise."""
    run = _Run(cfg)
    results: list[CheckResult] = []
    try:
        for plan in plans:
            results.extend(_run_phase(run, plan))
    except BaseException:
        run.cancel()
        raise
    run.pool.shutdown(wait=True)
    return results
