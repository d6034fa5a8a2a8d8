"""The `command` kind against real processes: exit codes, output, env, cwd, timeouts, cancel."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from tta_timeline.checks.base import CheckContext
from tta_timeline.checks.command import CommandSpec, run
from tta_timeline.core.results import Status

PY = sys.executable


def _spec(**kw) -> CommandSpec:
    return CommandSpec.model_validate(kw)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed orphan can linger as a zombie when PID 1 does not reap; it is dead all the same.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_pass_with_stdout_and_stderr(ctx):
    code = "import sys; print('ready 42'); print('warn', file=sys.stderr)"
    out = run(_spec(run=[PY, "-c", code], stdout_contains=r"ready \d+", stderr_contains="^warn$"), ctx)
    assert out.status is Status.PASS, out.message
    assert out.evidence["exit_code"] == 0
    assert "ready 42" in out.evidence["stdout"]


def test_string_is_split_like_a_shell(ctx):
    out = run(_spec(run=f"{PY} -c 'print(\"a b\")'", stdout_contains="^a b$"), ctx)
    assert out.status is Status.PASS, out.message
    assert out.evidence["argv"] == [PY, "-c", 'print("a b")']


def test_exit_code_mismatch_is_fail_with_expected_and_actual(ctx):
    out = run(_spec(run=[PY, "-c", "raise SystemExit(3)"]), ctx)
    assert out.status is Status.FAIL
    assert out.message == "exit code 3, expected 0"


def test_detail_is_the_last_lines_of_stderr_bounded(ctx):
    code = "import sys; print('out'); [print(f'line {i}', file=sys.stderr) for i in range(100)]; sys.exit(1)"
    out = run(_spec(run=[PY, "-c", code]), ctx)
    assert out.detail.splitlines() == ["…line 80", *(f"line {i}" for i in range(81, 100))]
    wide = run(_spec(run=[PY, "-c", "import sys; sys.stderr.write('x' * 9000); sys.exit(1)"]), ctx)
    assert wide.detail == "…" + "x" * 4096


def test_detail_is_stdout_when_stderr_is_empty(ctx):
    out = run(_spec(run=[PY, "-c", "print('what went wrong'); raise SystemExit(2)"]), ctx)
    assert out.detail == "what went wrong"
    assert run(_spec(run=[PY, "-c", "print('fine')"]), ctx).detail == ""


def test_expected_nonzero_exit_code_passes(ctx):
    out = run(_spec(run=[PY, "-c", "raise SystemExit(3)"], exit_code=3), ctx)
    assert out.status is Status.PASS


def test_missing_output_pattern_is_fail(ctx):
    out = run(_spec(run=[PY, "-c", "print('nope')"], stdout_contains="ready"), ctx)
    assert out.status is Status.FAIL
    assert "stdout does not contain /ready/" in out.message


def test_env_is_added_to_ctx_env_not_os_environ(tmp_path):
    ctx = CheckContext(root=tmp_path, env={"PATH": os.environ["PATH"], "FROM_CTX": "1"}, timeout=5)
    code = "import os; print(os.environ.get('FROM_CTX'), os.environ.get('EXTRA'), 'HOME' in os.environ)"
    out = run(_spec(run=[PY, "-c", code], env={"EXTRA": "x"}, stdout_contains="^1 x False$"), ctx)
    assert out.status is Status.PASS, out.evidence


def test_cwd_is_relative_to_root(ctx, tmp_path):
    (tmp_path / "sub").mkdir()
    out = run(_spec(run=[PY, "-c", "import os; print(os.getcwd())"], cwd="sub"), ctx)
    assert out.evidence["stdout"].strip() == str(tmp_path / "sub")


def test_missing_cwd_is_error(ctx):
    out = run(_spec(run="true", cwd="nowhere"), ctx)
    assert out.status is Status.ERROR
    assert "nowhere" in out.message


def test_shell_mode(ctx):
    out = run(_spec(run="echo one && echo two | tr a-z A-Z", shell=True, stdout_contains="^TWO$"), ctx)
    assert out.status is Status.PASS, out.evidence


def test_executable_not_found_is_error(ctx):
    out = run(_spec(run="definitely-not-a-program-xyz --flag"), ctx)
    assert out.status is Status.ERROR
    assert "definitely-not-a-program-xyz" in out.message


def test_bad_regex_is_error(ctx):
    out = run(_spec(run="true", stdout_contains="([unclosed"), ctx)
    assert out.status is Status.ERROR
    assert "regular expression" in out.message


def test_output_evidence_is_truncated(ctx):
    out = run(_spec(run=[PY, "-c", "print('x' * 100000 + 'END')"], stdout_contains="END"), ctx)
    assert out.status is Status.PASS
    assert len(out.evidence["stdout"]) <= 4001
    assert out.evidence["stdout"].rstrip().endswith("END")


def test_timeout_kills_the_whole_group(tmp_path):
    ctx = CheckContext(root=tmp_path, env=dict(os.environ), timeout=1.0)
    started = time.monotonic()
    out = run(_spec(run=["sh", "-c", "sleep 30 & echo $! > pidfile; wait"]), ctx)
    assert time.monotonic() - started < 10
    assert out.status is Status.ERROR
    assert out.message == "timed out after 1.0s"
    grandchild = int((tmp_path / "pidfile").read_text())
    deadline = time.monotonic() + 3
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild)


def test_background_leftovers_are_reaped_after_normal_exit(ctx, tmp_path):
    out = run(_spec(run=["sh", "-c", "sleep 30 & echo $! > pidfile"]), ctx)
    assert out.status is Status.PASS
    grandchild = int((tmp_path / "pidfile").read_text())
    deadline = time.monotonic() + 3
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild)


def test_cancel_stops_the_command(tmp_path):
    ctx = CheckContext(root=tmp_path, env=dict(os.environ), timeout=30)
    threading.Timer(0.3, ctx.cancelled.set).start()
    started = time.monotonic()
    out = run(_spec(run=["sleep", "30"]), ctx)
    assert out.status is Status.ERROR
    assert out.message == "cancelled"
    assert time.monotonic() - started < 5
