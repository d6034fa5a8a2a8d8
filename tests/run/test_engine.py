"""The engine: statuses, needs, fail-fast, the concurrency bound, retries, eventually, guards.

Scripted behaviour comes from a `command` kind replaced through EngineConfig.kinds (a seam, not
a patch): the check's `run:` string says what the fake does. Real commands cover the real kind.
"""

from __future__ import annotations

import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tta_timeline.checks.all_kinds import KINDS
from tta_timeline.checks.base import CheckKind, Outcome, TransientError
from tta_timeline.config.model import Timeline
from tta_timeline.core.events import Event
from tta_timeline.core.results import Status
from tta_timeline.core.secrets import Redactor
from tta_timeline.run.engine import FAIL_FAST_SKIP, EngineConfig, Plan, run_phases, select

PY = sys.executable
TINY = {"attempts": 4, "initial": 0.01, "max": 0.02}


class Script:
    """A fake `command` kind: `run: pass|fail|crash|hang|flaky-N|failing-N|transient|barrier|log`."""

    def __init__(self, barrier_parties: int = 1):
        self.calls: dict[str, int] = {}
        self.log: list[str] = []
        self.lock = threading.Lock()
        self.barrier = threading.Barrier(barrier_parties, timeout=10)
        self.active = self.max_active = 0

    def run(self, spec, ctx) -> Outcome:
        word = spec.run
        with self.lock:
            self.calls[word] = self.calls.get(word, 0) + 1
            n = self.calls[word]
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            return self._act(word, n, ctx)
        finally:
            with self.lock:
                self.active -= 1

    def _act(self, word: str, n: int, ctx) -> Outcome:
        name, _, arg = word.partition("-")
        if name == "crash":
            raise RuntimeError("boom with hunter22 inside")
        if name == "hang":
            threading.Event().wait(30)  # ignores ctx.timeout on purpose
        if name == "flaky" and n <= int(arg):
            raise TransientError(f"connection refused (call {n})")
        if name == "transient":
            raise TransientError("connection refused")
        if name == "failing" and n <= int(arg):
            return Outcome(Status.FAIL, f"expected ready, got starting (call {n})")
        if name == "barrier":
            self.barrier.wait()
        if name == "log":
            with self.lock:
                self.log.append(arg)
        return Outcome(Status.FAIL, "expected 1, got 2") if name == "fail" else Outcome(Status.PASS, f"ok {word}")


def timeline(*phases: dict, **top) -> Timeline:
    return Timeline.model_validate({"version": 1, "project": "t", "phases": list(phases), **top})


def cmd(cid: str, run: str, **kw) -> dict:
    return {"id": cid, "command": {"run": run}, **kw}


def run(tl: Timeline, tmp_path: Path, script: Script | None = None, **kw):
    kinds = dict(KINDS)
    if script is not None:
        kinds["command"] = CheckKind("command", KINDS["command"].spec, script.run, "scripted")
    cfg = EngineConfig(root=tmp_path, env={"PATH": "/usr/bin:/bin"}, defaults=tl.defaults, kinds=kinds, **kw)
    results = run_phases([Plan(p, select(p, None)) for p in tl.phases], cfg)
    return {r.check: r for r in results}


def test_every_status_with_message_and_evidence(tmp_path):
    tl = timeline(
        {
            "id": 1,
            "name": "one",
            "checks": [
                cmd("ok", "true"),
                cmd("bad", "false"),
                cmd("gone", "/no/such/program"),
                cmd("later", "true", skip="waiting for the API"),
                cmd("after", "true", needs=["bad"]),
                {"id": "look", "manual": "look at the dashboard"},
                {"id": "seen", "manual": "read the logs"},
            ],
        }
    )
    tick = Event(kind="tick", phase=1, check="seen", at=datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc), actor="alice")
    got = run(tl, tmp_path, ticks={(1, "seen"): tick})
    assert got["ok"].status is Status.PASS and got["ok"].evidence["exit_code"] == 0
    assert got["bad"].status is Status.FAIL and "expected 0" in got["bad"].message
    assert got["gone"].status is Status.ERROR and "cannot run" in got["gone"].message
    assert (got["later"].status, got["later"].message) == (Status.SKIP, "waiting for the API")
    assert got["after"].status is Status.BLOCKED and "bad (fail)" in got["after"].message
    assert got["look"].status is Status.PENDING
    assert got["seen"].status is Status.PASS and got["seen"].evidence["ticked_by"] == "alice"
    assert list(got) == ["ok", "bad", "gone", "later", "after", "look", "seen"]  # file order kept


def test_needs_run_after_what_they_need(tmp_path):
    script = Script()
    tl = timeline(
        {
            "id": 1,
            "name": "one",
            "checks": [
                cmd("c", "log-c", needs=["b"]),
                cmd("b", "log-b", needs=["a"]),
                cmd("a", "log-a"),
            ],
        }
    )
    got = run(tl, tmp_path, script, concurrency=8)
    assert script.log == ["a", "b", "c"]
    assert all(r.status is Status.PASS for r in got.values())


def test_select_by_glob_on_ids_and_tags_pulls_in_needs(tmp_path):
    tl = timeline(
        {
            "id": 1,
            "name": "one",
            "checks": [
                cmd("db", "true"),
                cmd("api-health", "true", needs=["db"]),
                cmd("ui", "true", tags=["smoke"]),
                cmd("docs", "true"),
            ],
        }
    )
    phase = tl.phases[0]
    assert [c.id for c in select(phase, "api-*")] == ["db", "api-health"]
    assert [c.id for c in select(phase, "smok*")] == ["ui"]


def test_fail_fast_stops_scheduling(tmp_path):
    script = Script()
    tl = timeline(
        {"id": 1, "name": "one", "checks": [cmd("a", "pass"), cmd("b", "fail"), cmd("c", "pass"), cmd("d", "pass")]},
        {"id": 2, "name": "two", "checks": [cmd("e", "pass")]},
    )
    got = run(tl, tmp_path, script, concurrency=1, fail_fast=True)
    assert [got[k].status for k in "ab"] == [Status.PASS, Status.FAIL]
    assert all(got[k].status is Status.SKIP and got[k].message == FAIL_FAST_SKIP for k in "cde")


def test_advisory_failure_does_not_trip_fail_fast(tmp_path):
    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "fail", required=False), cmd("b", "pass")]})
    got = run(tl, tmp_path, Script(), concurrency=1, fail_fast=True)
    assert got["b"].status is Status.PASS


def test_concurrency_is_bounded_and_used(tmp_path):
    # A barrier of 3 only opens when 3 checks run at once; a 4th would show in max_active.
    script = Script(barrier_parties=3)
    tl = timeline({"id": 1, "name": "one", "checks": [cmd(f"c{i}", "barrier") for i in range(12)]})
    got = run(tl, tmp_path, script, concurrency=3)
    assert all(r.status is Status.PASS for r in got.values())
    assert script.max_active == 3


def test_transient_errors_are_retried_then_pass(tmp_path):
    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "flaky-2", retry=TINY)]})
    got = run(tl, tmp_path, Script())
    assert got["a"].status is Status.PASS
    assert got["a"].attempts == 3 and got["a"].waited > 0


def test_exhausted_retries_are_an_error(tmp_path):
    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "transient", retry=TINY)]})
    got = run(tl, tmp_path, Script())
    assert got["a"].status is Status.ERROR
    assert got["a"].attempts == 4 and "after 4 attempts" in got["a"].message


def test_fail_is_not_retried_without_eventually(tmp_path):
    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "failing-2", retry=TINY)]})
    got = run(tl, tmp_path, Script())
    assert (got["a"].status, got["a"].attempts) == (Status.FAIL, 1)


def test_eventually_reruns_until_pass(tmp_path):
    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "failing-2", eventually="20s")]})
    got = run(tl, tmp_path, Script())
    assert (got["a"].status, got["a"].attempts) == (Status.PASS, 3)


def test_eventually_gives_up_with_the_last_failure(tmp_path):
    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "fail", eventually="300ms")]})
    got = run(tl, tmp_path, Script())
    assert got["a"].status is Status.FAIL and "still not passing after 0.3s" in got["a"].message
    assert got["a"].attempts >= 2


def test_a_crashing_kind_is_an_error_and_redacted(tmp_path):
    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "crash"), cmd("b", "pass")]})
    got = run(tl, tmp_path, Script(), redactor=Redactor(["hunter22"]))
    assert got["a"].status is Status.ERROR
    assert got["a"].message == "RuntimeError: boom with *** inside"
    assert got["b"].status is Status.PASS


def test_a_hanging_kind_is_stopped_by_the_engine_guard(tmp_path):
    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "hang", timeout="100ms")]})
    got = run(tl, tmp_path, Script())
    assert got["a"].status is Status.ERROR and "timed out after 0.1s" in got["a"].message


def test_real_command_timeout_is_an_error(tmp_path):
    tl = timeline(
        {
            "id": 1,
            "name": "one",
            "checks": [
                {
                    "id": "slow",
                    "timeout": "200ms",
                    "retry": {"attempts": 1},
                    "command": {"run": [PY, "-c", "import time; time.sleep(30)"]},
                },
            ],
        }
    )
    got = run(tl, tmp_path)
    assert got["slow"].status is Status.ERROR and "timed out" in got["slow"].message


def test_requires_real_phase_still_runs_on_mock(tmp_path):
    # Verifying on mock is useful rehearsal; it is `advance` that refuses mock evidence (gate.py).
    tl = timeline({"id": 1, "name": "one", "requires_real": True, "checks": [cmd("a", "true")]})
    got = run(tl, tmp_path, backend="mock")
    assert got["a"].status is Status.PASS


def test_listener_sees_every_start_and_finish(tmp_path):
    seen: list[tuple[str, str]] = []

    class Listener:
        def started(self, phase, check):
            seen.append(("start", check.id))

        def finished(self, result):
            seen.append(("done", result.check))

    tl = timeline(
        {
            "id": 1,
            "name": "one",
            "checks": [cmd("a", "pass"), cmd("b", "pass", needs=["a"]), cmd("s", "pass", skip="x")],
        }
    )
    run(tl, tmp_path, Script(), listener=Listener())
    assert seen.index(("done", "a")) < seen.index(("start", "b"))
    assert ("done", "s") in seen and ("start", "s") not in seen


def test_keyboard_interrupt_propagates(tmp_path):
    class Interrupting:
        def started(self, phase, check):
            raise KeyboardInterrupt

        def finished(self, result):
            pass

    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "pass")]})
    with pytest.raises(KeyboardInterrupt):
        run(tl, tmp_path, Script(), listener=Interrupting())


def test_a_transient_error_is_signalled_alike_by_tcp_and_a_service_kind(tmp_path):
    """Both raise TransientError: tcp is retried by the engine, redis by its adapter; both end as `error`."""
    from tests.servers import free_port
    from tta_timeline.services.registry import open_adapters

    tl = timeline(
        {
            "id": 1,
            "name": "one",
            "checks": [
                {"id": "port", "tcp": {"port": free_port()}, "retry": TINY},
                {"id": "cache", "redis": {"op": "ping"}, "retry": TINY},
            ],
        },
        services={"redis": {"mock": {"state": "offline"}}},
    )
    with open_adapters(tl.services, "mock") as adapters:
        got = run(tl, tmp_path, services=tl.services, adapters=adapters)
    for result in got.values():
        assert result.status is Status.ERROR and result.attempts == TINY["attempts"], result
    assert got["port"].message.endswith(f"(after {TINY['attempts']} attempts)")
    assert got["cache"].evidence["error_kind"] == "connection" and got["cache"].backend == "mock"
    assert got["cache"].detail.startswith("connection error after 4 attempts")


def _service_kinds(fn) -> dict:
    """The registry with `command` standing in for a service kind (its adapter would bound every wait)."""
    kinds = dict(KINDS)
    kinds["command"] = CheckKind("command", KINDS["command"].spec, fn, "scripted service", service="redis")
    return kinds


def test_at_concurrency_1_a_service_check_runs_on_the_scheduling_thread(tmp_path):
    """No pool hand-off per check; a crash is still an `error` result and the run goes on."""
    seen: list[threading.Thread] = []

    def act(spec, ctx) -> Outcome:
        seen.append(threading.current_thread())
        if spec.run == "crash":
            raise RuntimeError("boom")
        return Outcome(Status.PASS, "ok")

    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "crash"), cmd("b", "pass")]})
    cfg = EngineConfig(root=tmp_path, env={}, defaults=tl.defaults, kinds=_service_kinds(act), concurrency=1)
    got = {r.check: r for r in run_phases([Plan(p, select(p, None)) for p in tl.phases], cfg)}
    assert seen == [threading.current_thread()] * 2
    assert got["a"].status is Status.ERROR and "boom" in got["a"].message
    assert got["b"].status is Status.PASS


def test_a_ctrl_c_inside_an_inline_service_check_stops_the_run(tmp_path):
    ran: list[str] = []

    def act(spec, ctx) -> Outcome:
        ran.append(spec.run)
        raise KeyboardInterrupt

    tl = timeline({"id": 1, "name": "one", "checks": [cmd("a", "first"), cmd("b", "second")]})
    cfg = EngineConfig(root=tmp_path, env={}, defaults=tl.defaults, kinds=_service_kinds(act), concurrency=1)
    with pytest.raises(KeyboardInterrupt):
        run_phases([Plan(p, select(p, None)) for p in tl.phases], cfg)
    assert ran == ["first"]
