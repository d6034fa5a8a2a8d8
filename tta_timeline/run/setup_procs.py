"""A phase's `setup` processes: started before its checks, polled until ready, always stopped after.

Each runs in its own process group (procs.spawn) so stopping it also stops whatever it forked,
and its output goes to a temporary file whose last lines explain a failure to start.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tta_timeline.config.lint import tcp_address
from tta_timeline.config.model import Ready, SetupProcess
from tta_timeline.core import expansion, interrupts
from tta_timeline.services import procs
from tta_timeline.services.capture import Capped, Pump

POLL_SECONDS = 0.1
#: without a `ready` probe, how long a process must survive to count as started
SETTLE_SECONDS = 0.3
TAIL_LINES = 12
LOG_HEAD_BYTES = 16 * 1024
LOG_TAIL_BYTES = 64 * 1024


@dataclass
class Started:
    spec: SetupProcess
    proc: subprocess.Popen
    #: a server may log for hours: only a bounded head and tail are kept
    log: Pump

    def output_tail(self, lines: int = TAIL_LINES) -> str:
        if self.proc.poll() is not None:
            self.log.finish()  # what it wrote before exiting explains why
        text = self.log.buffer.text()
        return "\n".join(text.rstrip().splitlines()[-lines:])


def start(spec: SetupProcess, root: Path, env: Mapping[str, str]) -> Started:
    """Raises OSError when the program cannot be executed."""
    log = Pump(Capped(head=LOG_HEAD_BYTES, tail=LOG_TAIL_BYTES))
    cwd = root / spec.cwd if spec.cwd else root
    try:
        full = {**env, **spec.env}
        proc = procs.spawn(
            expansion.argv(spec.run, full), cwd=cwd, env=full, stdout=log.write_fd, stderr=subprocess.STDOUT
        )
    except OSError:
        log.close()
        raise
    log.started()
    return Started(spec, proc, log)


def _address(ready: Ready) -> tuple[str, int] | None:
    """The host and port the `ready` probe connects to, if it can be told."""
    if ready.http:
        try:
            url = urllib.parse.urlsplit(ready.http)
            return url.hostname or "127.0.0.1", url.port or (443 if url.scheme == "https" else 80)
        except ValueError:
            return None
    return tcp_address(ready.tcp) if ready.tcp is not None else None


def _connects(address: tuple[str, int] | None) -> bool:
    if address is None:
        return False
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


def _answers(ready: Ready) -> bool:
    if ready.http:
        try:
            with urllib.request.urlopen(ready.http, timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # any HTTP status means the server is up; the checks judge the rest
        except (OSError, ValueError):
            return False
    if ready.tcp is not None:
        return _connects(_address(ready))
    return True


def port_taken(spec: SetupProcess) -> str | None:
    """Why the setup cannot be told apart from a stale server: its probe answers before it starts."""
    address = _address(spec.ready) if spec.ready else None
    if address is None or not _connects(address):
        return None
    host, port = address
    return (
        f"setup {spec.name!r}: port {port} is already in use on {host} before the setup started "
        "(a stale server? stop it or choose another port)"
    )


def _exited(started: Started) -> str:
    code = started.proc.returncode
    out = started.output_tail()
    quoted = f":\n{out}" if out else " (no output)"
    return f"setup {started.spec.name!r} exited with code {code} before it was ready{quoted}"


def wait_ready(started: Started, cancelled: threading.Event) -> str | None:
    """None once the process answers its `ready` probe, else why it never did."""
    ready = started.spec.ready
    limit = ready.timeout if ready else SETTLE_SECONDS
    deadline = time.monotonic() + limit
    while True:
        if started.proc.poll() is not None:
            return _exited(started)
        # A probe answered by someone else while ours has exited is no readiness: look again.
        if ready is not None and _answers(ready) and started.proc.poll() is None:
            return None
        if time.monotonic() >= deadline:
            break
        if cancelled.wait(POLL_SECONDS):
            return f"setup {started.spec.name!r} cancelled"
    if ready is None:
        return None
    what = ready.http or f"tcp {ready.tcp}"
    out = started.output_tail()
    return f"setup {started.spec.name!r} not ready after {limit:g}s ({what})" + (f":\n{out}" if out else "")


def stop(started: Started) -> None:
    try:
        procs.kill_group(started.proc)
    finally:
        started.log.close()


@contextmanager
def phase_setup(
    setups: list[SetupProcess], root: Path, env: Mapping[str, str], cancelled: threading.Event | None = None
) -> Iterator[str | None]:
    """Yields None when every process is ready, or a message saying which one failed and why.

    The processes are stopped on leaving, whatever happened, including Ctrl-C.
    """
    cancelled = cancelled or threading.Event()
    running: list[Started] = []
    try:
        failure = None
        for spec in setups:
            failure = port_taken(spec)
            if failure:
                break
            try:
                with interrupts.deferred():  # a signal between spawn and append would orphan it
                    running.append(start(spec, root, env))
            except OSError as exc:
                failure = f"setup {spec.name!r} cannot run {expansion.split_args(spec.run)[:1] if isinstance(spec.run, str) else spec.run[:1]}: {exc.strerror or exc}"
                break
            failure = wait_ready(running[-1], cancelled)
            if failure:
                break
        yield failure
    finally:
        for started in reversed(running):
            stop(started)
