"""Small helpers shared by tests: write a phases file, run the CLI in-process."""

from __future__ import annotations

import textwrap
from pathlib import Path

from typer.testing import CliRunner

from tta_timeline.cli import app

MINIMAL = """\
version: 1
project: Test project
phases:
  - id: 1
    name: First
    estimate: 1h
    checks:
      - id: readme
        file: {path: README.md}
      - id: tried
        manual: Tried by hand
  - id: 2
    name: Second
    checks:
      - id: ok
        command: {run: "python -c pass"}
"""

#: two phases whose checks pass anywhere the tool runs: for advancement flows
PASSING = """\
version: 1
project: Passing
phases:
  - id: 1
    name: One
    checks:
      - id: readme
        file: {path: phases.yaml}
      - id: runs
        command: {run: "python -c pass"}
  - id: 2
    name: Two
    checks:
      - id: runs
        command: {run: "python -c pass"}
"""


def write_phases(folder: Path, text: str = MINIMAL, name: str = "phases.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def cli(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Run tta-timeline in-process; exceptions propagate, so a traceback fails the test."""
    runner = CliRunner()
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)
