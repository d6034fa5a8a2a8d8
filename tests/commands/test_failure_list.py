"""Exit 1 names its causes: verify lists the required checks that failed it (and which only --strict counts)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import cli, write_phases

PHASES = """\
version: 1
project: Strict
phases:
  - id: 1
    name: One
    checks:
      - id: readme
        file: {path: README.md}
      - id: tried
        manual: Tried by hand
      - id: later
        file: {path: phases.yaml}
        skip: not yet
      - id: optional
        file: {path: nowhere.txt}
        required: false
      - id: here
        file: {path: phases.yaml}
"""


def _verify(folder: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli("--file", str(folder / "phases.yaml"), "verify", "--phase", "1", *args)


def test_strict_lists_each_check_that_made_it_fail_with_its_status(tmp_path: Path) -> None:
    write_phases(tmp_path, PHASES)
    (tmp_path / "README.md").write_text("hello\n")
    plain = _verify(tmp_path)
    assert plain.exit_code == 0 and "verify failed" not in plain.stderr
    strict = _verify(tmp_path, "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-3:] == [
        "verify failed: 2 required checks did not pass:",
        "  1.tried  pending (counted by --strict)",
        "  1.later  skip (counted by --strict)",
    ]
    assert "optional" not in strict.stderr and "1.here" not in strict.stderr


def test_a_failing_run_names_its_failures_whatever_the_format(tmp_path: Path) -> None:
    write_phases(tmp_path, PHASES)
    for args in ([], ["--format", "json"], ["--format", "tap"], ["--strict", "--format", "junit"]):
        result = _verify(tmp_path, *args)
        assert result.exit_code == 1, args
        assert "  1.readme  fail" in result.stderr.splitlines(), (args, result.stderr)
        assert ("  1.tried   pending (counted by --strict)" in result.stderr) == ("--strict" in args)
    doc = json.loads(_verify(tmp_path, "--json").stdout)  # stdout stays one JSON document
    assert doc["summary"]["ok"] is False
