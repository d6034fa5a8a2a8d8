"""One engine run's checks: the worker pool, the results it builds (redacted, printable), the checks
settled without running (skipped, blocked, ticked), and cancelling what is in flight."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from tta_timeline.checks.base import CheckContext, CheckKind
from tta_timeline.core.printable import printable
from tta_timeline.core.results import CheckResult, Status
from tta_timeline.run.attempts import evaluate
from tta_timeline.run.plan import EngineConfig, Plan, policy_for

FAIL_FAST_SKIP = "not run: --fail-fast"


class CheckRunner:
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
