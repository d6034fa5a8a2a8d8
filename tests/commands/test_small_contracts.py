"""untick of an unticked check, history filters that match nothing, waiver wording, store migrate's summary."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import cli, write_phases


def _events(phases: Path) -> list[dict]:
    return json.loads(cli("--file", str(phases), "history", "--json").stdout)["events"]


def test_untick_of_an_unticked_check_exits_1_and_records_nothing(tmp_path: Path) -> None:
    phases = write_phases(tmp_path)
    result = cli("--file", str(phases), "untick", "1.tried")
    assert result.exit_code == 1
    assert "1.tried is not ticked; nothing to untick" in result.stderr
    assert _events(phases) == []
    assert cli("--file", str(phases), "tick", "1.tried").exit_code == 0
    assert cli("--file", str(phases), "untick", "1.tried").exit_code == 0
    assert cli("--file", str(phases), "untick", "1.tried").exit_code == 1  # withdrawn already
    assert [e["kind"] for e in _events(phases)] == ["untick", "tick"]


def test_history_of_an_unknown_check_or_phase_exits_2_with_did_you_mean(tmp_path: Path) -> None:
    phases = write_phases(tmp_path)
    result = cli("--file", str(phases), "history", "--check", "readm")
    assert result.exit_code == 2
    assert "--check readm: no check 'readm'" in result.stderr and "did you mean readme?" in result.stderr
    result = cli("--file", str(phases), "history", "--phase", "2", "--check", "readme")  # readme is in phase 1
    assert result.exit_code == 2 and "no check 'readme' in phase 2" in result.stderr
    assert cli("--file", str(phases), "history", "--phase", "7").exit_code == 2


def test_an_empty_history_names_the_filter(tmp_path: Path) -> None:
    phases = write_phases(tmp_path)
    assert "No history yet." in cli("--file", str(phases), "history").stdout
    assert cli("--file", str(phases), "tick", "1.tried").exit_code == 0
    result = cli("--file", str(phases), "history", "--since", "2099-01-01")
    assert result.exit_code == 0
    assert result.stdout.strip() == "No history matches --since 2099-01-01."
    result = cli("--file", str(phases), "history", "--phase", "2", "--check", "ok")
    assert result.stdout.strip() == "No history matches --phase 2 --check ok."


def test_waiver_wording(tmp_path: Path) -> None:
    phases = write_phases(tmp_path)
    result = cli("--file", str(phases), "waive", "1.readme", "--reason", "later", "--until", "2099-01-31")
    assert result.exit_code == 0
    assert "waived 1.readme through 2099-01-31 (UTC)" in result.stdout
    result = cli(
        "--file", str(phases), "waive", "1.readme", "--reason", "later", "--until", "2099-01-31T12:00:00+02:00"
    )
    assert "waived 1.readme until 2099-01-31T10:00:00Z" in result.stdout


def test_store_migrate_prints_a_readable_summary(tmp_path: Path) -> None:
    phases = write_phases(tmp_path)
    cli("--file", str(phases), "tick", "1.tried")
    cli("--file", str(phases), "verify", "1")
    result = cli("--file", str(phases), "store", "migrate", "--to", str(tmp_path / "b.db"))
    assert result.exit_code == 0, result.output
    assert "Copied 1 run and 1 event" in result.stdout
    assert "Verified: the target holds 1 run, 2 results, 1 event, 0 certificates, 2 latest results" in result.stdout
    assert "{" not in result.stdout
    shown = json.loads(cli("--file", str(phases), "store", "migrate", "--to", str(tmp_path / "c.db"), "--json").stdout)
    assert shown["target"]["runs"] == 1 and shown["problems"] == []
