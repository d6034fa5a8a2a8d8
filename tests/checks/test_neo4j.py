"""The `neo4j` check kind against real Bolt (FalkorDB, $NEO4J_URI) and the in-memory mock."""

from __future__ import annotations

from pathlib import Path

import pytest

from tta_timeline.checks.base import CheckContext, TransientError
from tta_timeline.checks.neo4j import MOCK_SKIP, Neo4jSpec, run
from tta_timeline.config.model import MockSim, Neo4jService, RetryPolicy, Services
from tta_timeline.core.results import Status
from tta_timeline.services.registry import open_adapters

ROWS = "UNWIND [{n: 'a', v: 1}, {n: 'b', v: 2}, {n: 'c', v: 3}] AS r RETURN r.n AS name, r.v AS value"


def _ctx(backend: str, service: Neo4jService):
    adapters = open_adapters(Services(neo4j=service), backend, sleep=lambda _: None, timeout=3)
    return CheckContext(root=Path("."), env={}, timeout=5, backend=backend, services=adapters.for_check()), adapters


@pytest.fixture
def real_ctx(neo4j_service):
    ctx, adapters = _ctx("real", neo4j_service)
    yield ctx
    adapters.close()


def _status(spec: dict, ctx) -> Status:
    return run(Neo4jSpec(**spec), ctx).status


@pytest.mark.servers
def test_ping_and_roundtrip_on_real_bolt(real_ctx):
    ping = run(Neo4jSpec(op="ping"), real_ctx)
    assert ping.status is Status.PASS and ping.backend == "real"
    assert ping.evidence["agent"].startswith("Neo4j/") and ping.evidence["version"]
    trip = run(Neo4jSpec(op="roundtrip"), real_ctx)
    assert trip.status is Status.PASS and trip.evidence["deleted"] == 1 and trip.evidence["attempts"] == 1


@pytest.mark.servers
def test_query_expectations_on_real_bolt(real_ctx):
    assert _status({"query": ROWS, "expect": [{"name": "c", "value": 3}, {"name": "a"}]}, real_ctx) is Status.PASS
    assert _status({"query": ROWS, "expect": [{"name": "c"}, {"name": "a"}], "ordered": True}, real_ctx) is Status.FAIL
    assert _status({"query": ROWS, "expect": [{"name": "a"}, {"name": "c"}], "ordered": True}, real_ctx) is Status.PASS
    assert _status({"query": ROWS, "expect": [{"name": "z"}]}, real_ctx) is Status.FAIL
    assert _status({"query": ROWS, "expect_count": 3}, real_ctx) is Status.PASS
    assert _status({"query": ROWS, "expect_count": 2}, real_ctx) is Status.FAIL


@pytest.mark.servers
def test_scalar_expectations_with_params_on_real_bolt(real_ctx):
    q = "RETURN $x * 2 AS doubled"
    assert _status({"query": q, "params": {"x": 21}, "expect_scalar": 42}, real_ctx) is Status.PASS
    assert _status({"query": q, "params": {"x": 21}, "expect_scalar": {"gte": 40, "lt": 43}}, real_ctx) is Status.PASS
    out = run(Neo4jSpec(query=q, params={"x": 1}, expect_scalar={"gt": 5}), real_ctx)
    assert out.status is Status.FAIL and "gt 5" in out.message and out.evidence["rows"] == [{"doubled": 2}]
    assert out.detail == out.message + "\nrows: [{'doubled': 2}]"


@pytest.mark.servers
def test_bad_query_fails_at_once(real_ctx):
    out = run(Neo4jSpec(query="NOT CYPHER AT ALL", expect_count=1), real_ctx)
    assert out.status is Status.FAIL and out.evidence["attempts"] == 1 and "query failed" in out.message
    assert out.detail.startswith("the server answered: ") and "NOT CYPHER" not in out.detail.split(":")[0]


def test_mock_query_without_mock_result_is_skipped():
    ctx, _ = _ctx("mock", Neo4jService())
    out = run(Neo4jSpec(query="MATCH (n) RETURN count(n)", expect_scalar=0), ctx)
    assert out.status is Status.SKIP and MOCK_SKIP in out.message and out.backend == "mock"


def test_mock_result_is_held_to_the_expectations():
    ctx, _ = _ctx("mock", Neo4jService())
    rows = [{"count": 3}]
    good = run(Neo4jSpec(query="MATCH (n) RETURN count(n) AS count", mock_result=rows, expect_scalar={"gte": 3}), ctx)
    assert good.status is Status.PASS and good.message.endswith("(mock)")
    bad = run(Neo4jSpec(query="MATCH (n) RETURN count(n) AS count", mock_result=rows, expect_count=2), ctx)
    assert bad.status is Status.FAIL and "expected 2 rows, got 1" in bad.message


def test_mock_ping_and_roundtrip_pass_and_offline_errors():
    ctx, _ = _ctx("mock", Neo4jService())
    assert run(Neo4jSpec(op="roundtrip"), ctx).status is Status.PASS
    offline = Neo4jService(mock=MockSim(state="offline"), retry=RetryPolicy(attempts=2, initial=0.01))
    ctx, _ = _ctx("mock", offline)
    with pytest.raises(TransientError) as raised:  # signalled as every kind does; the adapter has retried
        run(Neo4jSpec(op="ping"), ctx)
    out = raised.value.outcome()
    assert out.status is Status.ERROR and out.evidence["attempts"] == 2 and "(mock)" in out.message


def test_scalar_on_no_rows_and_uncomparable_values_fail_clearly():
    ctx, _ = _ctx("mock", Neo4jService())
    empty = run(Neo4jSpec(query="q", mock_result=[], expect_scalar=1), ctx)
    assert empty.status is Status.FAIL and "no rows" in empty.message
    text = run(Neo4jSpec(query="q", mock_result=[{"v": "x"}], expect_scalar={"gt": 1}), ctx)
    assert text.status is Status.FAIL and "cannot be compared" in text.message
