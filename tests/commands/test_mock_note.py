"""The first verify whose neo4j/redis checks used the mock backend only by default says so, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli, write_phases

SERVICES = """\
version: 1
project: Services
{defaults}
phases:
  - id: 1
    name: One
    checks:
      - {{id: readme, file: {{path: phases.yaml}}}}
  - id: 2
    name: Two
    checks:
      - {{id: cache, redis: {{op: ping}}}}
"""
NOTE = "note: the neo4j/redis checks ran on the mock backend because nothing chose one"


@pytest.fixture(autouse=True)
def _no_backend_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TTA_TIMELINE_BACKEND", raising=False)


def _verify(phases: Path, *args: str, env: dict | None = None):  # type: ignore[no-untyped-def]
    result = cli("--file", str(phases), "verify", *args, env=env)
    assert result.exit_code == 0, result.output
    return result


def test_said_once_after_the_first_such_verify(tmp_path: Path) -> None:
    phases = write_phases(tmp_path, SERVICES.format(defaults=""))
    assert NOTE not in _verify(phases, "1").stderr  # no service check ran
    first = _verify(phases, "2", "--json")
    assert first.stderr.count(NOTE) == 1 and "--backend real" in first.stderr and "TTA_TIMELINE_BACKEND" in first.stderr
    assert NOTE not in first.stdout
    assert NOTE not in _verify(phases, "2").stderr


@pytest.mark.parametrize("how", ["option", "env", "file"])
def test_not_said_when_something_chose_the_backend(tmp_path: Path, how: str) -> None:
    phases = write_phases(tmp_path, SERVICES.format(defaults="defaults: {backend: mock}" if how == "file" else ""))
    args = ["2", "--backend", "mock"] if how == "option" else ["2"]
    result = _verify(phases, *args, env={"TTA_TIMELINE_BACKEND": "mock"} if how == "env" else None)
    assert "PASS 2.cache" in result.stdout and NOTE not in result.stderr
