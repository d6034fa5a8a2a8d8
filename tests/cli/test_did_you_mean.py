""" "Did you mean" wherever a name is unknown: keys, phase ids, PHASE.CHECK, check ids, commands and options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, cli, write_phases
from tta_timeline.core.suggest import close_matches, did_you_mean


def _in(folder: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli("--file", str(folder / "phases.yaml"), *args, env={"TTA_TIMELINE_ACTOR": "alice"})


def test_the_helper_suggests_close_names_only() -> None:
    assert did_you_mean("estimte", ["estimate", "name", "objective"], show=repr) == "; did you mean 'estimate'?"
    assert did_you_mean("zzz", ["estimate", "name"]) == ""
    assert close_matches("tried-by-hnd", ["tried-by-hand", "tried-by-hands", "readme"])[:2] == [
        "tried-by-hand",
        "tried-by-hands",
    ]


def test_an_unknown_key_suggests_the_key_of_that_place(tmp_path: Path) -> None:
    write_phases(
        tmp_path,
        MINIMAL.replace("    estimate: 1h", "    estimte: 1h").replace(
            "file: {path: README.md}", "file: {pth: README.md}"
        ),
    )
    result = _in(tmp_path, "validate")
    assert result.exit_code == 2
    assert "phases[0].estimte: unknown key; did you mean estimate?" in result.stderr
    assert "phases[0].checks[0].file.pth: unknown key; did you mean path?" in result.stderr


def test_a_far_off_key_still_says_it_is_not_part_of_the_format(tmp_path: Path) -> None:
    write_phases(tmp_path, MINIMAL.replace("    estimate: 1h", "    colour: blue"))
    assert "phases[0].colour: unknown key (not part of the phases.yaml format)" in _in(tmp_path, "validate").stderr


def test_a_string_for_a_kind_says_the_mapping_it_wants(tmp_path: Path) -> None:
    write_phases(tmp_path, MINIMAL.replace('command: {run: "python -c pass"}', 'command: "pytest -q"'))
    result = _in(tmp_path, "validate")
    assert result.exit_code == 2
    assert 'phases[1].checks[0].command: expected a mapping, e.g. command: {run: "pytest -q"}' in result.stderr


def test_an_unknown_phase_id_suggests_the_closest(tmp_path: Path) -> None:
    write_phases(tmp_path, MINIMAL.replace("  - id: 1\n", "  - id: 10\n").replace("  - id: 2\n", "  - id: 20\n"))
    for args in (
        ["verify", "--phase", "100"],
        ["checklist", "--phase", "100"],
        ["history", "--phase", "100"],
        ["advance", "--phase", "100"],
        ["reopen", "--phase", "100", "--reason", "x"],
    ):
        result = _in(tmp_path, *args)
        assert result.exit_code == 2, args
        assert "--phase 100: no such phase in" in result.stderr and "did you mean 10" in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["tick", "untick", "waive"])
def test_an_unknown_phase_check_suggests_the_closest(tmp_path: Path, command: str) -> None:
    write_phases(tmp_path)
    extra = ["--reason", "later"] if command == "waive" else []
    result = _in(tmp_path, command, "1.trid", *extra)
    assert result.exit_code == 2
    assert "1.trid: phase 1 has no check 'trid' (checks: readme, tried); did you mean 1.tried?" in result.stderr
    # the check exists, under another phase
    wrong_phase = _in(tmp_path, command, "2.tried", *extra)
    assert "did you mean 1.tried?" in wrong_phase.stderr


def test_click_suggests_commands_and_options(tmp_path: Path) -> None:
    write_phases(tmp_path)
    command = _in(tmp_path, "verfy")
    assert command.exit_code == 2 and "Did you mean 'verify'?" in command.output
    option = _in(tmp_path, "verify", "--fail-fats")
    assert option.exit_code == 2 and "No such option: --fail-fats (Possible options: --fail-fast)" in option.output


def test_history_takes_phase_dot_check_and_suggests_in_that_form(tmp_path: Path) -> None:
    write_phases(tmp_path)
    assert _in(tmp_path, "tick", "1.tried").exit_code == 0
    both = _in(tmp_path, "history", "--check", "1.tried", "--json")
    assert both.exit_code == 0
    assert [(e["kind"], e["phase"], e["check"]) for e in json.loads(both.stdout)["events"]] == [("tick", 1, "tried")]
    typo = _in(tmp_path, "history", "--check", "1.trid")
    assert typo.exit_code == 2
    assert "--check 1.trid: phase 1 has no check 'trid'; did you mean 1.tried?" in typo.stderr
    other = _in(tmp_path, "history", "--phase", "2", "--check", "1.tried")
    assert other.exit_code == 2 and "--check 1.tried names phase 1, but --phase is 2" in other.stderr
