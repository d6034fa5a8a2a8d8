"""Child processes in their own process group, so a timeout or cancel leaves no grandchild behind.

Used by the `command` and `pytest` kinds and by the engine's setup processes.
"""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Mapping, Sequence

TAIL_CHARS = 4000
KEEP_BYTES = 1_000_000  # output kept for pattern matching; evidence keeps only a tail
POLL_SECONDS = 0.05
GRACE_SECONDS = 1.0


@dataclass
class ProcResult:
    argv: list[str]
    returncode: int | None
    stdout: str  # the last KEEP_BYTES of output; use tail() for evidence
    stderr: str
    duration: float
    timed_out: bool = False
    cancelled: bool = False


def tail(text: str, limit: int = TAIL_CHARS) -> str:
    """The end of `text`, marked when cut: the last lines of output explain most failures."""
    if len(text) <= limit:
        return text
    return "…" + text[-limit:]


def spawn(
    argv: str | Sequence[str],
    *,
    cwd: Path | str | None,
    env: Mapping[str, str],
    shell: bool = False,
    stdout: int | IO | None = None,
    stderr: int | IO | None = None,
) -> subprocess.Popen:
    """Start `argv` as the leader of a new session; raises OSError if it cannot be executed."""
    return subprocess.Popen(
        argv,
        cwd=cwd,
        env=dict(env),
        shell=shell,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
    )


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass  # the whole group is already gone


def kill_group(proc: subprocess.Popen, grace: float = GRACE_SECONDS) -> None:
    """SIGTERM the process group, give it `grace` seconds, then SIGKILL whatever is left.

    The group id equals the leader's pid (start_new_session), and it stays valid while any
    member lives, so grandchildren are reached even after the leader has exited.
    """
    pgid = proc.pid
    _signal_group(pgid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    # Grandchildren may ignore SIGTERM or outlive the leader: always finish with SIGKILL.
    _signal_group(pgid, signal.SIGKILL)
    proc.wait()


def _wait(proc: subprocess.Popen, deadline: float, cancelled: threading.Event | None) -> str | None:
    """Wait for the leader; returns "timeout" / "cancelled" if it had to stop early."""
    while True:
        try:
            proc.wait(timeout=POLL_SECONDS)
            return None
        except subprocess.TimeoutExpired:
            pass
        if cancelled is not None and cancelled.is_set():
            return "cancelled"
        if time.monotonic() >= deadline:
            return "timeout"


def _read_kept(handle: IO[bytes]) -> str:
    size = handle.seek(0, os.SEEK_END)
    handle.seek(max(0, size - KEEP_BYTES))
    return handle.read().decode("utf-8", errors="replace")


def run_captured(
    argv: str | Sequence[str],
    *,
    cwd: Path | str | None,
    env: Mapping[str, str],
    timeout: float,
    cancelled: threading.Event | None = None,
    shell: bool = False,
) -> ProcResult:
    """Run to completion (or timeout / cancel), capturing output.

    Output goes to temporary files, not pipes: a background grandchild holding a pipe open
    would otherwise keep us reading until it exits. Leftover group members are killed once the
    leader exits, so a check never leaks processes.
    """
    shown = [argv] if isinstance(argv, str) else list(argv)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = spawn(argv, cwd=cwd, env=env, shell=shell, stdout=out, stderr=err)
        stopped = _wait(proc, start + timeout, cancelled)
        kill_group(proc, grace=GRACE_SECONDS if stopped else 0)
        return ProcResult(
            argv=shown,
            returncode=None if stopped else proc.returncode,
            stdout=_read_kept(out),
            stderr=_read_kept(err),
            duration=time.monotonic() - start,
            timed_out=stopped == "timeout",
            cancelled=stopped == "cancelled",
        )
