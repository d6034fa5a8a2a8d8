"""verify SELECTOR...: a phase (4), a check (4.health), a glob (4.redis-*); --phase 1,2 and repeated --phase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.core.suggest import did_you_mean
from tta_timeline.domain.selection import phase_ids

PHASES = """\
version: 1
project: Selectors
phases:
  - id: 1
    name: One
    checks:
      - {id: readme, file: {path: phases.yaml}}
      - {id: imports, file: {path: phases.yaml}}
  - id: 2
    name: Two
    checks:
      - {id: health, file: {path: phases.yaml}}
      - {id: redis-ping, file: {path: phases.yaml}}
      - {id: redis-roundtrip, file: {path: phases.yaml}, needs: [health]}
      - {id: neo4j-ping, file: {path: phases.yaml}}
  - id: 4
    name: Four
    checks:
      - {id: done, file: {path: phases.yaml}}
"""


def _ran(tmp_path: Path, *args: str) -> list[str]:
    phases = write_phases(tmp_path, PHASES)
    result = cli("verify", *args, "--json", "--file", str(phases))
    assert result.exit_code == 0, result.output
    return [f"{r['phase']}.{r['check']}" for r in json.loads(result.stdout)["results"]]


def test_a_phase_a_check_and_a_glob(tmp_path: Path) -> None:
    assert _ran(tmp_path, "4") == ["4.done"]
    assert _ran(tmp_path, "1.imports") == ["1.imports"]
    assert sorted(_ran(tmp_path, "2.redis-*")) == [
        "2.health",
        "2.redis-ping",
        "2.redis-roundtrip",
    ]  # a need comes along


def test_selectors_are_a_union_in_file_order(tmp_path: Path) -> None:
    assert _ran(tmp_path, "4", "1.readme", "2.neo4j-ping", "1.readme") == ["1.readme", "2.neo4j-ping", "4.done"]
    assert len(_ran(tmp_path, "2.health", "2")) == 4  # the whole phase wins over one of its checks


@pytest.mark.parametrize("phase_args", [["--phase", "1,4"], ["--phase", "1", "--phase", "4"], ["-p", "1,", "-p", "4"]])
def test_phase_lists_and_repeats(tmp_path: Path, phase_args: list[str]) -> None:
    assert _ran(tmp_path, *phase_args) == ["1.readme", "1.imports", "4.done"]


def test_selectors_with_k(tmp_path: Path) -> None:
    assert _ran(tmp_path, "2", "-k", "*-ping") == ["2.redis-ping", "2.neo4j-ping"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["2.helth"],
            "2.helth: phase 2 has no check 'helth' (checks: health, redis-ping, redis-roundtrip, neo4j-ping); did you mean 2.health?",
        ),
        (["2.redis-png"], "did you mean 2.redis-ping?"),
        (["3"], "3: no such phase in"),
        (["3.health"], "3.health: no such phase"),
        (["--phase", "1,9"], "--phase 9: no such phase"),
        (["--phase", "one"], "--phase one: expected phase ids"),
        (["health"], "health: expected a phase id (4), a check (4.health) or a glob (4.redis-*)"),
        (["2."], "expected a phase id"),
        (["2.mysql-*"], "2.mysql-*: no check of phase 2 matches"),
        (["1", "-k", "redis*"], "-k redis*: no check id or tag matches in phase 1"),
    ],
)
def test_bad_selectors_exit_2_and_say_why(tmp_path: Path, args: list[str], message: str) -> None:
    phases = write_phases(tmp_path, PHASES)
    result = cli("verify", *args, "--file", str(phases))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert (
        not (tmp_path / ".tta-timeline").exists()
        or cli("history", "--json", "--file", str(phases)).stdout.count("verify") == 0
    )


def test_checklist_takes_phase_lists(tmp_path: Path) -> None:
    phases = write_phases(tmp_path, PHASES)
    result = cli("checklist", "--phase", "1,4", "--json", "--file", str(phases))
    assert [p["id"] for p in json.loads(result.stdout)["phases"]] == [1, 4]
    assert cli("checklist", "-p", "5", "--file", str(phases)).exit_code == 2


def test_helpers() -> None:
    assert phase_ids(["1,2", "3", " 4 ,"]) == [1, 2, 3, 4]
    assert phase_ids([1, 2]) == [1, 2]  # type: ignore[list-item]
    assert did_you_mean("helth", ["health", "wealth", "x"]) == "; did you mean health or wealth?"
    assert did_you_mean("zzz", ["health"]) == ""
