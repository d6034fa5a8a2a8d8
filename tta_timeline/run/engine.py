"""Runs selected checks: phases in order, each phase's checks concurrently with `needs` respected.

A phase's setup processes run around its checks. Results come back in file order, redacted,
whatever a kind does: exceptions become `error`, never a crash of the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from typing import Any

from tta_timeline.core.results import CheckResult, Status
from tta_timeline.run import setup_procs
from tta_timeline.run.check_runner import FAIL_FAST_SKIP, CheckRunner
from tta_timeline.run.plan import DEFAULT_CONCURRENCY, EngineConfig, Listener, Plan, policy_for, select

# the engine's public names, wherever they are defined
__all__ = [
    "DEFAULT_CONCURRENCY",
    "FAIL_FAST_SKIP",
    "EngineConfig",
    "Listener",
    "Plan",
    "policy_for",
    "run_phases",
    "select",
]


def _runnable(plan: Plan, cfg: EngineConfig) -> bool:
    """Whether a selected check needs the phase's setup (else its processes are not started)."""
    return any(not c.skip and c.needs_setup for c in plan.checks)


@contextmanager
def _stopping(run: CheckRunner) -> Iterator[None]:
    try:
        yield
    except BaseException:
        run.cancel()
        raise


def _run_phase(run: CheckRunner, plan: Plan) -> list[CheckResult]:
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
    run = CheckRunner(cfg)
    results: list[CheckResult] = []
    try:
        for plan in plans:
            results.extend(_run_phase(run, plan))
    except BaseException:
        run.cancel()
        raise
    run.pool.shutdown(wait=True)
    return results
