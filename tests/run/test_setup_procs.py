"""Phase setup processes against real programs: ready probes, failures quoted, groups stopped."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from tta_timeline.config.model import SetupProcess, Timeline
from tta_timeline.core.results import Status
from tta_timeline.run.engine import EngineConfig, Plan, run_phases, select
from tta_timeline.run.setup_procs import phase_setup

PY = sys.executable
ENV = dict(os.environ)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # an orphan killed under a PID 1 that does not reap lingers as a zombie: dead all the same
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _gone(pid: int) -> bool:
    """SIGKILL to a group is delivered asynchronously: a grandchild may take a moment to die on a
    loaded machine, so wait for it (bounded) rather than sample once."""
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _alive(pid)


def _server_with_child(tmp_path: Path, port: int) -> SetupProcess:
    """A shell that forks a long sleep (its pid written down) and then becomes an HTTP server."""
    script = f"sleep 300 & echo $! > child.pid; echo $$ > leader.pid; exec {PY} -m http.server {port} --bind 127.0.0.1"
    return SetupProcess.model_validate(
        {
            "name": "api",
            "run": ["sh", "-c", script],
            "ready": {"http": f"http://127.0.0.1:{port}/", "timeout": "20s"},
        }
    )


def test_ready_server_then_group_stopped_with_no_orphans(tmp_path):
    port = _free_port()
    with phase_setup([_server_with_child(tmp_path, port)], tmp_path, ENV) as failure:
        assert failure is None
        leader = int((tmp_path / "leader.pid").read_text())
        child = int((tmp_path / "child.pid").read_text())
        assert _alive(leader) and _alive(child)
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert _gone(leader)
    assert _gone(child)


def test_exit_before_ready_quotes_the_output(tmp_path):
    spec = SetupProcess.model_validate(
        {
            "name": "api",
            "run": [PY, "-c", "print('starting'); import no_such_module_xyz"],
            "ready": {"tcp": _free_port(), "timeout": "20s"},
        }
    )
    with phase_setup([spec], tmp_path, ENV) as failure:
        assert failure is not None
    assert "setup 'api' exited with code 1" in failure
    assert "ModuleNotFoundError: No module named 'no_such_module_xyz'" in failure
    assert "starting" in failure


def test_never_ready_times_out_and_is_stopped(tmp_path):
    spec = SetupProcess.model_validate(
        {
            "name": "idle",
            "run": ["sh", "-c", "echo $$ > idle.pid; echo waiting; exec sleep 300"],
            "ready": {"tcp": f"127.0.0.1:{_free_port()}", "timeout": "500ms"},
        }
    )
    with phase_setup([spec], tmp_path, ENV) as failure:
        pid = int((tmp_path / "idle.pid").read_text())
    assert "not ready after 0.5s" in failure and "waiting" in failure
    assert _gone(pid)


def test_program_that_cannot_run(tmp_path):
    spec = SetupProcess(name="ghost", run="/no/such/program --flag")
    with phase_setup([spec], tmp_path, ENV) as failure:
        assert failure is not None and "cannot run" in failure


def test_stopped_on_keyboard_interrupt(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with phase_setup([_server_with_child(tmp_path, _free_port())], tmp_path, ENV) as failure:
            assert failure is None
            raise KeyboardInterrupt
    assert _gone(int((tmp_path / "leader.pid").read_text()))
    assert _gone(int((tmp_path / "child.pid").read_text()))


def test_env_and_cwd_are_applied(tmp_path):
    (tmp_path / "sub").mkdir()
    port = _free_port()
    spec = SetupProcess.model_validate(
        {
            "name": "w",
            "run": ["sh", "-c", f"echo $GREETING > out.txt; exec {PY} -m http.server {port} --bind 127.0.0.1"],
            "cwd": "sub",
            "env": {"GREETING": "hello"},
            "ready": {"tcp": port, "timeout": "20s"},
        }
    )
    with phase_setup([spec], tmp_path, ENV, threading.Event()) as failure:
        assert failure is None
    assert (tmp_path / "sub" / "out.txt").read_text().strip() == "hello"


def _timeline(setup: list[dict], checks: list[dict]) -> Timeline:
    return Timeline.model_validate(
        {"version": 1, "project": "t", "phases": [{"id": 1, "name": "one", "setup": setup, "checks": checks}]}
    )


def test_failed_setup_blocks_only_the_checks_that_need_it(tmp_path):
    (tmp_path / "app.py").write_text("from flask_nonexistent_pkg import Flask\n")
    port = _free_port()
    tl = _timeline(
        [{"name": "web", "run": [PY, "app.py"], "ready": {"http": f"http://127.0.0.1:{port}/", "timeout": "20s"}}],
        [
            {"id": "health", "http": {"url": f"http://127.0.0.1:{port}/"}},
            {"id": "app-file", "file": {"path": "app.py", "contains": "import"}},
            {"id": "home", "env": {"name": "HOME"}},
            {"id": "todo", "manual": "review"},
            {"id": "lint", "command": {"run": [PY, "-c", "pass"]}, "uses_setup": False},
            {"id": "smoke", "command": {"run": [PY, "-c", "pass"]}},
            {"id": "app-up", "file": {"path": "app.py"}, "uses_setup": True},
        ],
    )
    cfg = EngineConfig(root=tmp_path, env=ENV, defaults=tl.defaults)
    results = {r.check: r for r in run_phases([Plan(tl.phases[0], select(tl.phases[0], None))], cfg)}
    statuses = {check: r.status for check, r in results.items()}
    assert statuses == {
        "health": Status.BLOCKED,
        "app-file": Status.PASS,
        "home": Status.PASS,
        "todo": Status.PENDING,
        "lint": Status.PASS,
        "smoke": Status.BLOCKED,
        "app-up": Status.BLOCKED,
    }
    assert "No module named 'flask_nonexistent_pkg'" in results["health"].message
    assert "phase setup failed: setup 'web' exited" in results["health"].message


def test_setup_not_started_when_no_selected_check_needs_it(tmp_path):
    tl = _timeline(
        [{"name": "marker", "run": ["sh", "-c", "touch started; exec sleep 300"]}],
        [
            {"id": "health", "http": {"url": "http://127.0.0.1:9/"}},
            {"id": "readme", "file": {"path": "started", "exists": False}},
        ],
    )
    cfg = EngineConfig(root=tmp_path, env=ENV, defaults=tl.defaults)
    results = run_phases([Plan(tl.phases[0], select(tl.phases[0], "readme"))], cfg)
    assert [(r.check, r.status) for r in results] == [("readme", Status.PASS)]
    assert not (tmp_path / "started").exists()


def test_engine_runs_checks_against_a_ready_server_then_stops_it(tmp_path):
    port = _free_port()
    server = _server_with_child(tmp_path, port)
    tl = _timeline([server.model_dump()], [{"id": "health", "http": {"url": f"http://127.0.0.1:{port}/"}}])
    cfg = EngineConfig(root=tmp_path, env=ENV, defaults=tl.defaults)
    results = run_phases([Plan(tl.phases[0], select(tl.phases[0], None))], cfg)
    assert results[0].status is Status.PASS, results[0].message
    assert _gone(int((tmp_path / "leader.pid").read_text()))
    assert _gone(int((tmp_path / "child.pid").read_text()))


def test_port_in_use_before_the_setup_starts_is_reported(tmp_path):
    with socket.socket() as stale:  # a leftover server: it would answer the readiness probe
        stale.bind(("127.0.0.1", 0))
        stale.listen()
        port = stale.getsockname()[1]
        spec = SetupProcess.model_validate(
            {
                "name": "api",
                "run": ["sh", "-c", "echo started > started.txt; exec sleep 300"],
                "ready": {"http": f"http://127.0.0.1:{port}/health", "timeout": "20s"},
            }
        )
        with phase_setup([spec], tmp_path, ENV) as failure:
            pass
    assert failure is not None and f"port {port} is already in use" in failure
    assert not (tmp_path / "started.txt").exists()  # refused before starting anything


def test_exited_process_is_never_ready_though_its_port_answers(tmp_path):
    from tta_timeline.run.setup_procs import start, stop, wait_ready

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        spec = SetupProcess.model_validate(
            {
                "name": "api",
                "run": [PY, "-c", "print('address in use')"],
                "ready": {"tcp": other.getsockname()[1], "timeout": "20s"},
            }
        )
        started = start(spec, tmp_path, ENV)
        started.proc.wait()
        try:
            failure = wait_ready(started, threading.Event())
        finally:
            stop(started)
    assert failure is not None and "exited with code 0 before it was ready" in failure
