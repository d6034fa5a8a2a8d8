"""`status` and `--help` must not import the service drivers: they load only where used.

Nor what only some commands need: python-dotenv (only when there is a .env file), the importer,
the web stack (only `serve`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_phases

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
PROBE = """
import sys
from tta_timeline.cli import main
sys.argv = ["tta-timeline", *{args!r}]
try:
    main()
except SystemExit as exc:
    code = exc.code
loaded = [m for m in {drivers!r} if m in sys.modules]
sys.stderr.write("EXIT=%s LOADED=%s\\n" % (code, ",".join(loaded)))
"""


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
    code = PROBE.format(args=["--file", str(path), *args], drivers=DRIVERS + WEB)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "EXIT=0 LOADED=\n" in done.stderr, done.stderr


@pytest.mark.parametrize("args", [["--help"], ["verify", "--help"], ["store", "--help"], ["verfy"]])
def test_help_and_usage_errors_are_plain_click(tmp_path: Path, args: list[str]) -> None:
    """Typer's Rich help imports Rich's traceback, markdown and syntax machinery: more than the start-up floor."""
    code = PROBE.format(args=args, drivers=("typer.rich_utils", "rich.traceback", "rich.markdown"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "LOADED=\n" in done.stderr, done.stderr
    shown = done.stdout + done.stderr
    expected = {"store": "Commands:\n  migrate", "verfy": "Did you mean 'verify'?"}
    assert expected.get(args[0], "Global options (before or after the command):") in shown
