"""Unusable output paths are one line, exit 2, found before any check runs; reports are written atomically beside their target."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.core.exit_codes import ExitCode

MARKS = """\
version: 1
project: Marks
phases:
  - id: 1
    name: One
    checks:
      - id: marks
        command: {run: "python -c \\"open('ran', 'w')\\""}
"""


@pytest.fixture
def phases(tmp_path: Path) -> Path:
    return write_phases(tmp_path, MARKS)


def _runs(phases: Path) -> list:
    shown = cli("--file", str(phases), "history", "--json")
    return [e for e in json.loads(shown.stdout)["events"] if e["kind"] == "verify"]


def _refused_before_any_check(result, phases: Path, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
    assert "internal error" not in result.stderr
    assert not (phases.parent / "ran").exists()  # no check ran
    assert _runs(phases) == []  # nothing recorded


def test_verify_output_that_is_a_directory(phases: Path, tmp_path: Path) -> None:
    result = cli("--file", str(phases), "verify", "--format", "junit", "--output", str(tmp_path))
    _refused_before_any_check(result, phases, "--output")
    assert "is a directory" in result.stderr


def test_verify_output_under_a_file(phases: Path) -> None:
    result = cli("--file", str(phases), "verify", "--output", str(phases / "r.xml"))
    _refused_before_any_check(result, phases, "is not a folder")


def test_verify_output_that_is_a_device_is_refused_not_replaced(phases: Path) -> None:
    result = cli("--file", str(phases), "verify", "--format", "tap", "--output", "/dev/null")
    _refused_before_any_check(result, phases, "is not a regular file")
    assert Path("/dev/null").is_char_device()


def test_step_summary_may_be_a_device(phases: Path) -> None:
    result = cli("--file", str(phases), "verify", env={"GITHUB_STEP_SUMMARY": "/dev/null"})
    assert result.exit_code == ExitCode.OK, result.output


def test_step_summary_that_is_a_directory(phases: Path, tmp_path: Path) -> None:
    result = cli("--file", str(phases), "verify", env={"GITHUB_STEP_SUMMARY": str(tmp_path)})
    _refused_before_any_check(result, phases, "GITHUB_STEP_SUMMARY")


def test_step_summary_in_a_missing_folder(phases: Path, tmp_path: Path) -> None:
    result = cli("--file", str(phases), "verify", env={"GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "summary.md")})
    _refused_before_any_check(result, phases, "does not exist")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_verify_output_in_a_read_only_folder(phases: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = cli("--file", str(phases), "verify", "--output", str(locked / "r.xml"))
    finally:
        locked.chmod(0o700)
    _refused_before_any_check(result, phases, "is not writable")


def test_report_output_that_is_a_directory_writes_nothing_anywhere(phases: Path, tmp_path: Path) -> None:
    target = tmp_path / "reports"
    target.mkdir()
    before = set(tmp_path.rglob("*"))
    result = cli("--file", str(phases), "report", "--output", str(target))
    assert result.exit_code == ExitCode.USAGE and "is a directory" in result.stderr, result.output
    assert "internal error" not in result.stderr
    assert set(tmp_path.rglob("*")) - before <= {tmp_path / ".tta-timeline", *(tmp_path / ".tta-timeline").rglob("*")}
    checked = cli("--file", str(phases), "report", "--check", "--output", str(target))
    assert checked.exit_code == ExitCode.USAGE and "is a directory" in checked.stderr


def test_report_through_a_symlink_is_written_beside_the_real_file(phases: Path, tmp_path: Path) -> None:
    real = tmp_path / "docs" / "TIMELINE.md"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "TIMELINE.md"
    link.symlink_to(real)
    result = cli("--file", str(phases), "report", "--output", str(link))
    assert result.exit_code == ExitCode.OK, result.output
    assert link.is_symlink() and real.read_text().startswith("# Marks")
    assert [p.name for p in real.parent.iterdir()] == ["TIMELINE.md"]  # no temp file left behind


def test_report_and_verify_output_create_missing_folders(phases: Path, tmp_path: Path) -> None:
    assert cli("--file", str(phases), "report", "--output", str(tmp_path / "a" / "b" / "t.md")).exit_code == 0
    result = cli("--file", str(phases), "verify", "--format", "tap", "--output", str(tmp_path / "c" / "r.tap"))
    assert result.exit_code == ExitCode.OK and (tmp_path / "c" / "r.tap").read_text().startswith("TAP")
