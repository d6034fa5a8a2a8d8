"""Global options work before or after the command, on every command; -V is --version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from tests.helpers import cli, write_phases
from tta_timeline import __version__
from tta_timeline.cli import app

GLOBALS = {"--file", "-f", "--root", "--store", "--no-color", "--debug"}


def _commands(group, path=()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


def test_every_command_takes_every_global_option() -> None:
    root = typer.main.get_command(app)
    names = {opt for p in root.params for opt in p.opts}
    assert GLOBALS <= names
    commands = dict(_commands(root))
    assert {"status", "verify", "store migrate"} <= set(commands)
    for name, command in commands.items():
        missing = GLOBALS - {opt for p in command.params for opt in p.opts}
        assert not missing, f"{name} lacks {missing}"


@pytest.mark.parametrize("where", ["before", "after"])
def test_store_before_or_after_the_command(tmp_path: Path, where: str) -> None:
    phases, store = write_phases(tmp_path), tmp_path / "elsewhere.db"
    options = ["--file", str(phases), "--store", str(store)]
    args = [*options, "status", "--json"] if where == "before" else ["status", "--json", *options]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["project"] == "Test project"
    assert store.exists() and not (tmp_path / ".tta-timeline").exists()


def test_after_the_command_wins(tmp_path: Path) -> None:
    phases = write_phases(tmp_path)
    before, after = tmp_path / "before.db", tmp_path / "after.db"
    result = cli("--store", str(before), "tick", "1.tried", "--file", str(phases), "--store", str(after))
    assert result.exit_code == 0, result.output
    assert after.exists() and not before.exists()


def test_file_after_a_subcommand_of_a_group(tmp_path: Path) -> None:
    phases = write_phases(tmp_path)
    target = tmp_path / "copy.db"
    result = cli("store", "migrate", "--to", str(target), "--file", str(phases), "--store", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.output
    assert target.exists()


def test_unknown_option_is_still_a_usage_error(tmp_path: Path) -> None:
    result = cli("status", "--stor", "x")
    assert result.exit_code == 2
    assert "--store" in result.output  # Click's own "Possible options"


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = cli(flag)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"tta-timeline {__version__}"


def test_help_lists_global_options_on_a_command() -> None:
    result = cli("verify", "--help")
    assert result.exit_code == 0
    assert "Global options" in result.stdout and "--store" in result.stdout
