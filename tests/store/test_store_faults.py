"""Stores that cannot be used fail at once, in one line, with exit 2: bad URLs, silent servers."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.helpers import PASSING, write_phases
from tests.servers import finishes

pytestmark = pytest.mark.servers


def tta(cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tta_timeline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


@pytest.fixture
def silent_port():
    """A server that accepts TCP connections (the kernel's backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


@pytest.mark.parametrize(
    "url",
    ["redis://h:notaport/0", "bolt://[::1", "redis://127.0.0.1:1/0?socket_timeout=abc", "redis://:pw@h:99999999/0"],
)
def test_a_malformed_store_url_is_one_line_exit_2(tmp_path, url: str) -> None:
    write_phases(tmp_path, PASSING)
    done = tta(tmp_path, "--store", url, "status")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "invalid URL" in lines[0] and "internal error" not in lines[0]
    assert "Traceback" not in done.stderr and ":pw@" not in done.stderr


@pytest.mark.parametrize("scheme", ["redis", "bolt"])
def test_a_silent_server_fails_in_one_line_without_driver_logs(tmp_path, silent_port: int, scheme: str) -> None:
    write_phases(tmp_path, PASSING)
    query = "/0?socket_timeout=1" if scheme == "redis" else ""
    done = tta(tmp_path, "--store", f"{scheme}://127.0.0.1:{silent_port}{query}", "verify", "--phase", "1")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot connect" in lines[0], done.stderr
    assert done.stdout == ""  # failed before any check ran


def test_the_redis_store_does_not_ask_a_silent_server_twice(silent_port: int, monkeypatch) -> None:
    """The retry budget is a bound on work: one connection attempt that times out ends it."""
    import redis

    from tta_timeline.core.errors import StoreError
    from tta_timeline.store import open_store

    pings = []
    real_ping = redis.Redis.ping
    monkeypatch.setattr(redis.Redis, "ping", lambda self, **kw: pings.append(1) or real_ping(self, **kw))
    with pytest.raises(StoreError, match="cannot connect"):
        open_store(f"redis://127.0.0.1:{silent_port}/0?socket_timeout=0.5", env={})
    assert len(pings) == 1


def test_a_bolt_store_whose_server_stops_answering_fails_instead_of_hanging(bolt_server) -> None:
    """FalkorDB stopped with SIGSTOP keeps the store's connection open and answers nothing."""
    from tests.store.conftest import open_patiently, run
    from tta_timeline.core.errors import StoreError
    from tta_timeline.core.results import Status

    store = open_patiently(f"{bolt_server.bolt_uri}?prefix=stall&socket_timeout=0.5")
    try:
        store.record_run(run("before", 0, (1, "readme", Status.PASS)))
        with bolt_server.paused():
            error = finishes(store.latest_results)
        assert isinstance(error, StoreError) and "cannot read results" in str(error), error
        assert "Traceback" not in str(error) and "\n" not in str(error)
    finally:
        store.close()


def test_a_bolt_socket_timeout_must_be_a_positive_number() -> None:
    from tta_timeline.core.errors import StoreError
    from tta_timeline.store import open_store

    for bad in ("abc", "0", "-1", "nan"):
        with pytest.raises(StoreError, match="invalid URL"):
            open_store(f"bolt://127.0.0.1:1?socket_timeout={bad}", env={})


def test_a_bolt_store_retries_its_schema_when_the_server_misses_a_reply(bolt_server, monkeypatch) -> None:
    """Twenty writers opening at once on a loaded server: one index statement's reply is late (a read
    timeout is a SessionExpired); the store retries that statement as it retries any call, and opens."""
    import neo4j
    from neo4j.exceptions import SessionExpired

    from tests.store.conftest import open_patiently
    from tta_timeline.store import neo4j_cypher

    failing = neo4j_cypher.SCHEMA[2]
    tried: list[str] = []
    real_run = neo4j.Session.run

    def late_once(self, query, *args, **kwargs):
        if query in neo4j_cypher.SCHEMA:
            tried.append(query)
            if query == failing and tried.count(failing) == 1:
                raise SessionExpired("Failed to read from defunct connection (timed out)")
        return real_run(self, query, *args, **kwargs)

    monkeypatch.setattr(neo4j.Session, "run", late_once)
    store = open_patiently(f"{bolt_server.bolt_uri}?prefix=late-schema")
    try:
        assert tried.count(failing) == 2
        assert set(tried) == set(neo4j_cypher.SCHEMA)
        assert store.latest_results() == []
    finally:
        store.close()
