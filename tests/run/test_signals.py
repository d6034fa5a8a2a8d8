"""SIGTERM, SIGHUP and a double Ctrl-C stop a real `verify`: its setup server and running check die with it.

Each test runs `python -m tta_timeline verify` with a setup HTTP server and a command check that
traps SIGTERM (so the cleanup has to wait its grace and then SIGKILL), waits for marker files
instead of sleeping, signals, and then looks the recorded pids up in /proc.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import write_phases
from tests.run.test_setup_procs import _alive, _free_port
from tta_timeline.core.exit_codes import ExitCode

SERVER = """\
import http.server, os, sys
open("server.pid", "w").write(str(os.getpid()))
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()
"""

#: stays alive through SIGTERM (noting that it came), so the cleanup must escalate to SIGKILL
CHECK = """\
import os, signal, time
signal.signal(signal.SIGTERM, lambda *_: open("term.marker", "w").close())
open("check.tmp", "w").write(str(os.getpid()))
os.replace("check.tmp", "check.pid")
while True:
    time.sleep(0.05)
"""

PHASES = """\
version: 1
project: Signals
phases:
  - id: 1
    name: One
    setup:
      - name: web
        run: [{py}, server.py, "{port}"]
        ready: {{http: "http://127.0.0.1:{port}/", timeout: 30s}}
    checks:
      - id: long
        command: {{run: [{py}, check.py]}}
        timeout: 120s
"""

WAIT = 60.0


def _wait_for(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT
    while not path.exists():
        if proc.poll() is not None:
            pytest.fail(f"verify ended before {path.name} appeared: {proc.communicate()}")
        if time.monotonic() > deadline:
            pytest.fail(f"{path.name} never appeared")
        time.sleep(0.02)


def _port_free(port: int) -> bool:
    """Whether a new server could listen there (TIME_WAIT leftovers of the probe do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            return False
    return True


def _start(tmp_path: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    (tmp_path / "server.py").write_text(SERVER)
    (tmp_path / "check.py").write_text(CHECK)
    phases = write_phases(tmp_path, PHASES.format(py=sys.executable, port=port))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tta_timeline", "--file", str(phases), "verify", "--phase", "1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    _wait_for(tmp_path / "check.pid", proc)  # the check runs, so the setup was ready
    return proc, port


def _assert_all_stopped(tmp_path: Path, port: int, proc: subprocess.Popen, code: int) -> str:
    """verify exited with `code` and left neither process nor the port behind; returns its stderr."""
    try:
        _, err = proc.communicate(timeout=WAIT)
    finally:
        proc.kill()
    server, check = (int((tmp_path / f"{name}.pid").read_text()) for name in ("server", "check"))
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert not _alive(server), "the setup server outlived verify"
    assert not _alive(check), "the command check outlived verify"
    assert _port_free(port)
    return err


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, ExitCode.TERMINATED), (signal.SIGHUP, ExitCode.HANGUP)])
def test_signal_stops_setup_and_check(tmp_path: Path, sig: int, code: int) -> None:
    proc, port = _start(tmp_path)
    proc.send_signal(sig)
    err = _assert_all_stopped(tmp_path, port, proc, code)
    assert f"interrupted ({signal.Signals(sig).name})" in err


def test_second_ctrl_c_during_cleanup_still_finishes_it(tmp_path: Path) -> None:
    proc, port = _start(tmp_path)
    proc.send_signal(signal.SIGINT)
    _wait_for(tmp_path / "term.marker", proc)  # verify is now in the check's SIGTERM grace
    proc.send_signal(signal.SIGINT)
    _assert_all_stopped(tmp_path, port, proc, ExitCode.INTERRUPTED)


def test_interrupted_run_is_not_recorded(tmp_path: Path) -> None:
    proc, port = _start(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _assert_all_stopped(tmp_path, port, proc, ExitCode.TERMINATED)
    history = subprocess.run(
        [sys.executable, "-m", "tta_timeline", "--file", str(tmp_path / "phases.yaml"), "history", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert history.returncode == 0, history.stderr
    assert json.loads(history.stdout)["events"] == []  # a finished run shows as a "verify" event


BACKTRACKING = """\
version: 1
project: Signals
phases:
  - id: 1
    name: One
    checks:
      - id: bomb
        file: {path: a.txt, contains: "(a+)+b"}
        timeout: 300s
"""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_ctrl_c_stops_a_backtracking_pattern(tmp_path: Path) -> None:
    """The pattern has 300 s of budget; Ctrl-C must not wait it out (with `re` it could not even be handled)."""
    (tmp_path / "a.txt").write_text("a" * 40_000)
    phases = write_phases(tmp_path, BACKTRACKING)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tta_timeline", "--file", str(phases), "verify", "--phase", "1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + WAIT
    while _cpu_seconds(proc.pid) < 2.0:  # start-up is well under that: it is matching now
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=WAIT)
    finally:
        proc.kill()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime) < 60  # CPU, far below 300
