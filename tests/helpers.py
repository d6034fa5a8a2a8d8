"""Small helpers shared by tests: write a phases file, run the CLI in-process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
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


_PROBE = """
import sys
from tta_timeline.cli import main
sys.argv = ["tta-timeline", *{args!r}]
try:
    main()
except SystemExit as exc:
    code = exc.code
loaded = [m for m in {modules!r} if m in sys.modules]
sys.stderr.write("EXIT=%s LOADED=%s\\n" % (code, ",".join(loaded)))
"""


def probe_imports(
    args: Sequence[str], modules: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh interpreter; its stderr ends `EXIT=<code> LOADED=<which of modules it imported>`."""
    code = _PROBE.format(args=list(args), modules=tuple(modules))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )
