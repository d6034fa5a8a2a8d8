"""`.env` beside the phases file and --env-file: data for ${VAR} and checks; the process environment wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases

PHASES = """\
version: 1
project: Dotenv
services:
  redis: {url: "${MY_REDIS_URL}"}
phases:
  - id: 1
    name: One
    checks:
      - id: mode
        env: {name: MODE, equals: "from-dotenv"}
      - id: literal
        env: {name: CMD, equals: "$$(touch pwned) `touch pwned2` $${HOME}"}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("MY_REDIS_URL", "MODE", "CMD", "TTA_TIMELINE_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    write_phases(tmp_path, PHASES)
    (tmp_path / ".env").write_text(
        "# beside phases.yaml\nMY_REDIS_URL=redis://localhost:6379/0\nexport MODE=from-dotenv\n"
        "CMD='$(touch pwned) `touch pwned2` ${HOME}'\n",
        encoding="utf-8",
    )
    return tmp_path


def _results(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert result.exit_code in (0, 1), result.output
    return {r["check"]: r["status"] for r in json.loads(result.stdout)["results"]}


def test_dotenv_beside_the_phases_file_is_read(folder: Path) -> None:
    assert cli("validate").exit_code == 0
    assert _results(cli("verify", "1", "--json")) == {"mode": "pass", "literal": "pass"}


def test_values_are_data_never_run(folder: Path) -> None:
    cli("verify", "1", "--json")
    assert not (folder / "pwned").exists() and not (folder / "pwned2").exists()


def test_the_process_environment_wins(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODE", "from-process")
    assert _results(cli("verify", "1", "--json"))["mode"] == "fail"


def test_env_files_repeat_and_the_later_wins(folder: Path) -> None:
    (folder / "a.env").write_text("MODE=a\n")
    (folder / "b.env").write_text("MODE=from-dotenv\n")
    assert _results(cli("--env-file", "a.env", "verify", "1", "--json", "--env-file", "b.env"))["mode"] == "pass"
    assert _results(cli("verify", "1", "--json", "--env-file", "b.env", "--env-file", "a.env"))["mode"] == "fail"


def test_without_dotenv_a_missing_variable_is_still_an_error(folder: Path) -> None:
    (folder / ".env").unlink()
    result = cli("validate")
    assert result.exit_code == 2
    assert "environment variable MY_REDIS_URL is not set" in result.stderr


def test_a_missing_env_file_and_a_bad_line_exit_2(folder: Path) -> None:
    result = cli("status", "--env-file", "nope.env")
    assert result.exit_code == 2 and "--env-file" in result.stderr and "nope.env: no such file" in result.stderr
    (folder / ".env").write_text("GOOD=1\nthis is not an assignment\n")
    result = cli("status")
    assert result.exit_code == 2
    assert f"{folder / '.env'}:2: not a NAME=value line" in result.stderr


def test_debug_names_the_files(folder: Path) -> None:
    result = cli("status", "--debug")
    assert f"debug: environment file {folder / '.env'}" in result.stderr


def test_values_of_secret_looking_names_are_masked(folder: Path) -> None:
    write_phases(folder, PHASES.replace("project: Dotenv", 'project: "Dotenv ${MY_API_TOKEN} ${OTHER_PASSWORD}"'))
    (folder / ".env").write_text((folder / ".env").read_text() + "MY_API_TOKEN=tok-4242-very-secret\n")
    (folder / "more.env").write_text("OTHER_PASSWORD='pw with spaces 77'\n")
    result = cli("status", "--json", "--env-file", "more.env", "--debug")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["project"] == "Dotenv *** ***"
    assert "tok-4242" not in result.output and "pw with spaces" not in result.output
