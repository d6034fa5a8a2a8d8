"""Mock Redis (fakeredis) and mock Neo4j: real behaviour for probes, simulated failures, honest stats."""

from __future__ import annotations

import pytest

from tta_timeline.config.model import MockSim, Neo4jService, RedisService, RetryPolicy, Services
from tta_timeline.services.base import AdapterError, trace
from tta_timeline.services.registry import open_adapters

FAST = RetryPolicy(attempts=4, initial=0.01, max=0.04)


def _adapters(sim: MockSim | None = None, retry: RetryPolicy = FAST):
    sim = sim or MockSim()
    services = Services(redis=RedisService(mock=sim, retry=retry), neo4j=Neo4jService(mock=sim, retry=retry))
    slept: list[float] = []
    return open_adapters(services, "mock", sleep=slept.append), slept


def test_mock_redis_runs_real_commands_on_fakeredis():
    adapters, _ = _adapters()
    redis = adapters.get("redis")
    assert redis.backend == "mock"
    assert redis.set("k", "v", ex=10) and redis.get("k") == b"v"
    assert 0 < redis.pttl("k") <= 10_000
    assert redis.execute("INCRBY", "n", 5) == 5
    got = redis.conditional_set()
    assert [got[k] for k in ("nx_new", "nx_again", "xx_existing", "xx_missing")] == [True, False, True, False]
    assert redis.expiry(50)["gone"] is True
    assert redis.execute("KEYS", "tta-timeline:probe:*") == []  # probes clean up after themselves


def test_each_run_gets_a_private_fake_server():
    first, _ = _adapters()
    second, _ = _adapters()
    first.get("redis").set("only-here", "1")
    assert second.get("redis").get("only-here") is None


def test_mock_neo4j_roundtrip_leaves_no_probe_nodes_and_cannot_run_cypher():
    adapters, _ = _adapters()
    neo = adapters.get("neo4j")
    got = neo.roundtrip()
    assert got["read"] == [got["token"]] and got["deleted"] == 1
    assert neo.node_count() == 0
    assert neo.ping()["agent"].startswith("Neo4j/")
    with pytest.raises(AdapterError, match="mock cannot run Cypher"):
        neo.run("MATCH (n) RETURN n")


def _attempt_log(seed: int) -> list[int]:
    adapters, _ = _adapters(MockSim(failure_rate=0.5, seed=seed), RetryPolicy(attempts=10, initial=0.01, max=0.01))
    log = []
    for _ in range(8):
        with trace() as t:
            adapters.get("redis").ping()
        log.append(t.attempts)
    return log


def test_failure_rate_with_a_seed_gives_the_same_attempts_every_run():
    log = _attempt_log(42)
    assert log == _attempt_log(42)
    assert max(log) > 1  # some calls really were retried


@pytest.mark.parametrize("service", ["redis", "neo4j"])
def test_offline_fails_after_exactly_the_configured_attempts(service):
    adapters, slept = _adapters(MockSim(state="offline"))
    with pytest.raises(AdapterError) as info:
        adapters.get(service).ping()
    err = info.value
    assert err.attempts == FAST.attempts and err.transient
    assert slept == [0.01, 0.02, 0.04]
    assert err.waited == pytest.approx(0.07)
    assert "after 4 attempts" in err.message and "simulated: offline" in err.message
    stats = adapters.stats()[service]
    assert (stats["calls"], stats["attempts"], stats["failures"]) == (1, 4, 1)


def test_stats_count_calls_latency_and_retries():
    adapters, _ = _adapters(
        MockSim(latency=0.001, failure_rate=0.5, seed=3), RetryPolicy(attempts=20, initial=0.001, max=0.001)
    )
    redis = adapters.get("redis")
    for _ in range(5):
        redis.ping()
    stats = redis.stats()
    assert stats["calls"] == 5 and stats["failures"] == 0
    assert stats["attempts"] > 5 and stats["retries"] == stats["attempts"] - 5
    assert stats["latency_total"] > 0 and stats["simulated_latency"] > 0
