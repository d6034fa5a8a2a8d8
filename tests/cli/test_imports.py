"""`status` and `--help` must not import the service drivers: they load only where used.

Nor what only some commands need: python-dotenv (only when there is a .env file), the importer,
the web stack (only `serve`).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import probe_imports, write_phases

DRIVERS = (
    "neo4j",
    "redis",
    "fakeredis",
    "dotenv",
    "tta_timeline.importer.markdown",
    "tta_timeline.importer.repository",
    "cryptography",  # only advance with a signing key, and audit
)
#: the serve extra (and the metrics library): only `serve` (and `verify --format prometheus`) load them
WEB = ("starlette", "uvicorn", "jinja2", "anyio", "prometheus_client", "tta_timeline.web")


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["status", "--json"],
        ["--help"],
        ["checklist"],
        ["validate"],
        ["serve", "--help"],
        ["verify", "--help"],
    ],
)
def test_read_commands_leave_drivers_unimported(tmp_path: Path, args: list[str]) -> None:
    path = write_phases(tmp_path)
    done = probe_imports(["--file", str(path), *args], DRIVERS + WEB, tmp_path)
    assert "EXIT=0 LOADED=\n" in done.stderr, done.stderr


@pytest.mark.parametrize("args", [["--help"], ["verify", "--help"], ["store", "--help"], ["verfy"]])
def test_help_and_usage_errors_are_plain_click(tmp_path: Path, args: list[str]) -> None:
    """Typer's Rich help imports Rich's traceback, markdown and syntax machinery: more than the start-up floor."""
    done = probe_imports(args, ("typer.rich_utils", "rich.traceback", "rich.markdown"), tmp_path)
    assert "LOADED=\n" in done.stderr, done.stderr
    shown = done.stdout + done.stderr
    expected = {"store": "Commands:\n  migrate", "verfy": "Did you mean 'verify'?"}
    assert expected.get(args[0], "Global options (before or after the command):") in shown


#: the modules of the quick path (cli/quick.py): the read commands, their session and their views
QUICK_PATH = (
    "tta_timeline.cli.entry",
    "tta_timeline.cli.quick",
    "tta_timeline.cli.runner",
    "tta_timeline.commands.status",
    "tta_timeline.commands.checklist",
    "tta_timeline.commands.timeline",
    "tta_timeline.output.table",
    "tta_timeline.output.checklist",
    "tta_timeline.output.timeline_view",
    "tta_timeline.config.load_cache",
    "tta_timeline.config.outline",
    "tta_timeline.core.durations",
    "tta_timeline.core.runtime",
    "tta_timeline.output.console",
    "tta_timeline.output.render",
)


def test_the_quick_path_imports_no_validation_or_parsing_library() -> None:
    """pydantic, Typer/Click and YAML each cost more than a warm `status` may spend: a hit needs none of them."""
    code = f"import sys\nfor m in {QUICK_PATH!r}: __import__(m)\nprint(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded = {name.split(".")[0] for name in ast.literal_eval(done.stdout)}
    assert loaded & {"pydantic", "pydantic_core", "typer", "click", "yaml"} == set()
