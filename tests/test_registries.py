"""Registries and docs agree: every check kind, output format and store is documented, and only those."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

from tta_timeline.checks.all_kinds import KINDS
from tta_timeline.cli import app
from tta_timeline.config.model import Check
from tta_timeline.output.registry import RENDERERS, formats
from tta_timeline.store import STORES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_check_kinds_table_matches_registry() -> None:
    section = README.split("<!-- check-kinds", 1)[1].split("\n\n", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9]+)` \|", section, re.M)
    assert documented == list(KINDS)


def test_every_kind_is_a_key_of_the_check_model() -> None:
    fields = set(Check.model_fields)
    assert set(KINDS) <= fields
    for name, kind in KINDS.items():
        assert kind.name == name and kind.summary


def test_every_kind_has_a_readme_example() -> None:
    examples = README.split("Examples:", 1)[1].split("## ", 1)[0]
    for name in KINDS:
        assert re.search(rf"^\s+{name}: ", examples, re.M), f"no README example for {name}"


def _table(marker: str) -> list[list[str]]:
    """The rows of the README table after `<!-- marker`, each as its cells."""
    section = README.split(f"<!-- {marker}", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in section.splitlines()[1:] if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[2:]]


def test_output_formats_table_matches_registry() -> None:
    # a command's last word names its document: `store migrate` is "migrate"
    documented = {
        re.findall(r"`([a-z ]+)`", command)[0].split()[-1]: re.findall(r"`([a-z]+)`", formats_cell.split("(")[0])
        for command, formats_cell in _table("output-formats")
    }
    commands = {doc for doc, _fmt in RENDERERS} - {"certificate"}  # history --certificate: history's formats
    assert documented == {doc: formats(doc) for doc in sorted(commands)}
    assert formats("certificate") == formats("history")


def _option(command: Any, name: str) -> Any:
    """The command's option named `name`, or None (Typer brings its own click, so no isinstance)."""
    return next((p for p in command.params if name in getattr(p, "opts", ())), None)


def test_every_command_with_formats_lists_them_in_its_help_from_the_registry() -> None:
    with_format = {
        name: command for name, command in _commands(typer.main.get_command(app)) if _option(command, "--format")
    }
    assert set(with_format) == {doc for doc, _fmt in RENDERERS} - {"certificate"}
    for name, command in with_format.items():
        option = _option(command, "--format")
        assert option.default == formats(name)[0]
        assert option.help is not None and option.help.startswith(f"Output format: {', '.join(formats(name))}")
        assert _option(command, "--json") is not None, f"{name} lacks the --json alias"


def _commands(group: Any) -> list[tuple[str, Any]]:
    """Every command by its own name, those of sub-groups (`store migrate`) included."""
    found = []
    for name, command in group.commands.items():
        found += _commands(command) if hasattr(command, "commands") else [(name, command)]
    return found


def test_help_shows_the_registry_formats() -> None:
    # a real process: Typer's CliRunner forces Click's help to 80 columns whatever COLUMNS says
    env = {**os.environ, "COLUMNS": "400"}
    done = subprocess.run(
        [sys.executable, "-m", "tta_timeline", "verify", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert f"Output format: {', '.join(formats('verify'))}" in done.stdout


def test_architecture_layers_match_the_import_contract() -> None:
    # the one `layers = [...]` list of pyproject.toml (tomllib is not in Python 3.10)
    layers = re.findall(r'"([a-z |]+)"', PYPROJECT.split("\nlayers = [", 1)[1].split("]", 1)[0])
    expected = [name.strip() + "/" for layer in layers for name in layer.split("|")]
    assert [row[0].strip("`") for row in _table("layers")] == expected


def test_every_store_scheme_is_documented_and_under_the_contract_suite() -> None:
    from tests.store.conftest import BACKENDS

    choosing = README.split("## Choosing a store", 1)[1].split("\n## ", 1)[0]
    for name, opener in STORES.items():
        for scheme in (name, *getattr(opener, "schemes", ())):
            assert f"`{scheme}://" in choosing, f"store scheme {scheme} is not in README's Choosing a store"
    assert BACKENDS == list(STORES)


def test_architecture_names_each_registry_file() -> None:
    section = README.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    for where in ("checks/all_kinds.py", "output/registry.py", "store/__init__.py", "core/documents.py"):
        assert f"`{where}`" in section
        assert (ROOT / "tta_timeline" / where).is_file()
