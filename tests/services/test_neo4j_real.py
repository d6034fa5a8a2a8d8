"""Real Bolt (FalkorDB, and $NEO4J_URI when set): ping, probe round trip, queries, errors."""

from __future__ import annotations

import pytest

from tests.servers import finishes, free_port
from tta_timeline.config.model import Neo4jService, RetryPolicy
from tta_timeline.core.secrets import Redactor
from tta_timeline.services.base import AdapterError, Connect, trace
from tta_timeline.services.neo4j_real import PROBE_LABEL, Neo4jAdapter

pytestmark = pytest.mark.servers
FAST = RetryPolicy(attempts=3, initial=0.05, max=0.1)


@pytest.fixture
def neo(neo4j_service):
    adapter = Neo4jAdapter(neo4j_service, Connect(FAST, Redactor(), lambda _: None, timeout=3))
    yield adapter
    adapter.close()


def test_ping_gives_agent_and_version(neo):
    info = neo.ping()
    assert info["agent"].startswith("Neo4j/") and info["version"][0].isdigit()


def test_roundtrip_creates_reads_and_deletes_a_probe_node(neo):
    got = neo.roundtrip()
    assert got["label"] == PROBE_LABEL and got["read"] == [got["token"]] and got["deleted"] == 1
    left = neo.run(f"MATCH (p:{PROBE_LABEL}) RETURN count(p) AS n")
    assert left == [{"n": 0}]


def test_run_returns_rows_as_dicts_with_params(neo):
    rows = neo.run("UNWIND $xs AS x RETURN x, x * 2 AS double", {"xs": [1, 2, 3]})
    assert rows == [{"x": 1, "double": 2}, {"x": 2, "double": 4}, {"x": 3, "double": 6}]


def test_write_then_read_in_managed_transactions(neo):
    neo.run("CREATE (:TtaTestThing {name: $n})", {"n": "alpha"}, write=True)
    try:
        assert neo.run("MATCH (t:TtaTestThing {name: $n}) RETURN t.name AS name", {"n": "alpha"}) == [{"name": "alpha"}]
    finally:
        neo.run("MATCH (t:TtaTestThing) DELETE t", write=True)


def test_bad_cypher_fails_at_once_without_retries(neo):
    neo.ping()  # connect first: FalkorDB's Bolt sometimes stalls a fresh connection (a retried, unrelated error)
    with trace() as t, pytest.raises(AdapterError) as info:
        neo.run("THIS IS NOT CYPHER")
    assert info.value.kind == "query" and info.value.attempts == 1 == t.attempts
    assert info.value.message.startswith("neo4j at bolt")


def test_unreachable_server_is_retried_then_reported():
    slept: list[float] = []
    service = Neo4jService(uri=f"bolt://127.0.0.1:{free_port()}", password="s3cret-pw")
    adapter = Neo4jAdapter(service, Connect(FAST, Redactor(), slept.append, timeout=1))
    with pytest.raises(AdapterError) as info:
        adapter.ping()
    assert info.value.transient and info.value.attempts == 3 and slept == [0.05, 0.1]
    assert "s3cret-pw" not in info.value.message
    adapter.close()


def test_unsupported_scheme_is_a_config_error():
    with pytest.raises(AdapterError, match="unsupported URI scheme") as info:
        Neo4jAdapter(Neo4jService(uri="http://localhost:7474"))
    assert info.value.kind == "config"


def test_a_server_that_stops_answering_is_a_connection_error_not_a_hang(bolt_server):
    """FalkorDB stopped with SIGSTOP keeps its connections open and answers nothing: the read times out."""
    service = Neo4jService(uri=bolt_server.bolt_uri, user="neo4j", password="")
    adapter = Neo4jAdapter(service, Connect(FAST, Redactor(), lambda _: None, timeout=3, read_timeout=0.5))
    try:
        assert adapter.run("RETURN 1 AS one") == [{"one": 1}]  # connected; the pool keeps the connection
        once = adapter.with_policy(RetryPolicy(attempts=1))
        with bolt_server.paused():
            error = finishes(lambda: once.run("RETURN 2 AS two"))
        assert isinstance(error, AdapterError) and error.kind == "connection" and error.transient, error
        assert error.message.startswith("neo4j at bolt://")
    finally:
        adapter.close()
