"""Child processes in their own process group, so a timeout or cancel leaves no grandchild behind.

Used by the `command` and `pytest` kinds and by the engine's setup processes.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tta_timeline.services.capture import Pump

TAIL_CHARS = 4000
POLL_SECONDS = 0.05
GRACE_SECONDS = 1.0
PR_SET_CHILD_SUBREAPER = 36


@dataclass
class ProcResult:
    argv: list[str]
    returncode: int | None
    stdout: str  # its first and last bytes (capture.Capped); use tail() for evidence
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
    _adopt_orphans()
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
    _until_gone(pgid, time.monotonic() + grace + GRACE_SECONDS)


def _until_gone(pgid: int, deadline: float) -> None:
    """Wait for orphaned members to die (SIGKILL is delivered asynchronously), so a caller that
    goes on to reuse their port, or exits, finds them gone. As their subreaper we reap them;
    elsewhere the wait is bounded, as zombies an init never reaps still count as members."""
    while True:
        try:
            while os.waitpid(-pgid, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass  # none of the group's members is our child
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return
        if time.monotonic() >= deadline:
            return
        time.sleep(POLL_SECONDS / 5)


@functools.cache
def _adopt_orphans() -> None:
    """Become the child subreaper (Linux): a group member orphaned by its parent's death is
    re-parented to us, not to an init that may never reap it, so kill_group can see it gone."""
    if sys.platform != "linux":
        return
    # Linux only: prctl through libc, imported where a child asks to die with its parent
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no prctl: the bounded wait still applies


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

    Output is read from pipes into capped buffers (capture.Capped: head and tail kept), so an
    endless writer costs neither disk nor more than a bounded memory. Completion is the leader's
    exit, not the pipes' EOF: a background grandchild may hold them open, and leftover group
    members are killed once the leader exits, so a check never leaks processes.
    """
    shown = [argv] if isinstance(argv, str) else list(argv)
    out, err = Pump(), Pump()
    try:
        start = time.monotonic()
        proc = spawn(argv, cwd=cwd, env=env, shell=shell, stdout=out.write_fd, stderr=err.write_fd)
        out.started()
        err.started()
        stopped = _wait(proc, start + timeout, cancelled)
        kill_group(proc, grace=GRACE_SECONDS if stopped else 0)
        return ProcResult(
            argv=shown,
            returncode=None if stopped else proc.returncode,
            stdout=out.finish(),
            stderr=err.finish(),
            duration=time.monotonic() - start,
            timed_out=stopped == "timeout",
            cancelled=stopped == "cancelled",
        )
    finally:
        out.close()
        err.close()
