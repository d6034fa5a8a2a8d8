"""`services`: reachability, version, latency and attempts of each configured service; exit 1 if any is down."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases

PHASES = """\
version: 1
project: P
defaults: {{retry: {{attempts: 2, initial: 10ms, max: 10ms}}}}
services:
  neo4j: {{uri: "{bolt}", user: neo4j, password: ""}}
  redis: {{url: "{redis}"}}
phases:
  - {{id: 1, name: A}}
"""


def _closed() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.servers
def test_real_services_reachable(tmp_path: Path, redis_server, bolt_server) -> None:  # type: ignore[no-untyped-def]
    path = write_phases(tmp_path, PHASES.format(bolt=bolt_server.bolt_uri, redis=redis_server.url))
    result = cli("--file", str(path), "services", "--backend", "real", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    got = {s["service"]: s for s in doc["services"]}
    assert got["redis"]["reachable"] and got["redis"]["version"]
    assert got["neo4j"]["reachable"] and "5." in got["neo4j"]["version"]
    assert got["redis"]["attempts"] == 1 and got["redis"]["stats"]["calls"] >= 1


def test_unreachable_service_exits_1_after_the_configured_attempts(tmp_path: Path) -> None:
    port = _closed()
    path = write_phases(tmp_path, PHASES.format(bolt=f"bolt://127.0.0.1:{port}", redis=f"redis://127.0.0.1:{port}/0"))
    result = cli("--file", str(path), "services", "--backend", "real", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert all(not s["reachable"] and s["attempts"] == 2 for s in doc["services"])
    assert "after 2 attempts" in doc["services"][1]["error"]


def test_mock_services_table(tmp_path: Path) -> None:
    path = write_phases(tmp_path, PHASES.format(bolt="bolt://db:7687", redis="redis://:pw123456@cache:6379/0"))
    result = cli("--file", str(path), "services")
    assert result.exit_code == 0, result.output
    assert "mock" in result.stdout and "redis://:***@cache:6379/0" in result.stdout
    assert "pw123456" not in result.stdout
