"""`verify` end to end on a real SQLite store: selection, exit codes, recording, every format."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped
from typer.testing import CliRunner

from tta_timeline.cli import app
from tta_timeline.commands.session import Session
from tta_timeline.commands.verify import verify
from tta_timeline.core.errors import UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.runtime import Runtime

PY = sys.executable
PHASES = """\
version: 1
project: demo
services:
  redis: {url: "redis://:s3cr3tpw@localhost:6379/0"}
phases:
  - id: 1
    name: Foundations
    checks:
      - {id: tool, tags: [smoke], command: {run: "true"}}
      - {id: lint, required: false, command: {run: "false"}}
      - {id: review, manual: "someone reviewed the plan"}
  - id: 2
    name: API
    checks:
      - {id: build, command: {run: "true"}}
      - {id: unit, needs: [build], command: {run: "sh -c 'echo using s3cr3tpw; exit 3'"}}
      - {id: docs, skip: "docs come later", command: {run: "true"}}
"""


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "TTA_TIMELINE_BACKEND")
    }
    return {**env, "TTA_TIMELINE_ACTOR": "alice", **extra}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "phases.yaml").write_text(PHASES)
    return tmp_path


def _session(folder: Path, **env: str) -> Session:
    return Session(
        file=folder / "phases.yaml",
        runtime=Runtime(env=_env(**env), cwd=folder),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def _verify(folder: Path, env: dict | None = None, **kw) -> tuple[int, str, Session]:
    session = _session(folder, **(env or {}))
    try:
        code = verify(session, **kw)
    finally:
        session.close()
    return int(code), session.stdout.getvalue(), session


def _tick(folder: Path, phase: int, check: str) -> None:
    session = _session(folder)
    session.store.append_event(
        Event(kind="tick", phase=phase, check=check, actor="bob", at=datetime(2030, 1, 1, tzinfo=timezone.utc))
    )
    session.close()


def test_current_phase_plain_lines_and_summary(folder):
    code, out, _ = _verify(folder)
    lines = out.splitlines()
    assert code == 0  # the advisory failure and the pending manual item do not fail the run
    assert "PASS 1.tool  exit code 0" in out
    assert any(line.startswith("FAIL 1.lint (advisory)") for line in lines)
    assert any(line.startswith("PENDING 1.review") for line in lines)
    assert "2.build" not in out  # only the current phase
    assert lines[-1].startswith("1 passed, 1 failed, 0 errors, 0 skipped, 0 blocked, 1 pending in ")


def test_strict_counts_pending_and_a_tick_passes(folder):
    assert _verify(folder, strict=True)[0] == 1
    _tick(folder, 1, "review")
    code, out, _ = _verify(folder, strict=True)
    assert code == 0 and "PASS 1.review" in out and "ticked by bob" in out


def test_failures_exit_1_and_the_run_is_recorded_redacted(folder):
    code, out, session = _verify(folder, phases=[2])
    assert code == 1
    assert "FAIL 2.unit" in out and "s3cr3tpw" not in out
    assert "SKIP 2.docs  docs come later" in out
    runs = _session(folder).store.runs()
    assert len(runs) == 1 and runs[0].phases == [2] and runs[0].actor == "alice"
    unit = next(r for r in runs[0].results if r.check == "unit")
    assert unit.status.value == "fail" and unit.run_id == runs[0].id
    assert "s3cr3tpw" not in json.dumps(unit.evidence) and "***" in unit.evidence["stdout"]


def test_unknown_phase_and_unmatched_pattern_are_usage_errors(folder):
    with pytest.raises(UsageError, match="--phase 7"):
        _verify(folder, phases=[7])
    with pytest.raises(UsageError, match="-k nothing"):
        _verify(folder, pattern="nothing")


def test_pattern_matches_tags(folder):
    code, out, _ = _verify(folder, pattern="smok*")
    assert "1.tool" in out and "1.lint" not in out and code == 0


def test_json_document(folder):
    code, out, _ = _verify(folder, all_phases=True, as_json=True)
    doc = json.loads(out)
    assert code == 1 and doc["version"] == 1
    assert doc["run"]["phases"] == [1, 2] and doc["run"]["backend"] == "mock"
    assert [r["key"] for r in doc["results"]] == ["1.tool", "1.lint", "1.review", "2.build", "2.unit", "2.docs"]
    assert doc["summary"]["fail"] == 2 and doc["summary"]["ok"] is False
    assert "s3cr3tpw" not in out


def test_junit_parsed_by_junitparser(folder, tmp_path):
    code, out, _ = _verify(folder, all_phases=True, fmt="junit")
    report = tmp_path / "r.xml"
    report.write_text(out)
    suites = list(JUnitXml.fromfile(str(report)))
    assert [s.name for s in suites] == ["Phase 1: Foundations", "Phase 2: API"]
    kinds = {case.name: [type(r) for r in case.result] for s in suites for case in s}
    assert kinds["unit"] == [Failure] and kinds["docs"] == [Skipped]
    assert kinds["review: someone reviewed the plan"] == [Skipped]
    assert kinds["lint (advisory)"] == [Failure] and kinds["build"] == []
    assert suites[1].failures == 1 and suites[1].skipped == 1
    assert ET.fromstring(out.encode()).tag == "testsuites"


def test_tap_and_markdown(folder):
    _, tap, _ = _verify(folder, phases=[2], fmt="tap")
    assert tap.startswith("TAP version 13\n1..3\n")
    assert "not ok 2 - 2.unit" in tap and "ok 3 - 2.docs # SKIP docs come later" in tap
    _, md, _ = _verify(folder, phases=[2], fmt="markdown")
    assert "| `unit` | ❌ fail |" in md and "#### Phase 2: API" in md


def test_output_file_and_step_summary(folder, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    code, out, session = _verify(
        folder, env={"GITHUB_STEP_SUMMARY": str(summary)}, phases=[2], fmt="junit", output=Path("reports/junit.xml")
    )
    written = folder / "reports" / "junit.xml"
    assert code == 1
    assert JUnitXml.fromfile(str(written)).tests == 3
    assert "FAIL 2.unit" in out and "<testsuite" not in out  # the terminal view stays the table
    assert not [p for p in written.parent.iterdir() if p.name != "junit.xml"]  # no temp file left
    text = summary.read_text()
    assert text.startswith("earlier step\n") and "### demo verify failed" in text


def test_all_phases_complete(folder):
    session = _session(folder)
    for pid in (1, 2):
        session.store.advance(Event(kind="advance", phase=pid, at=datetime(2030, 1, 1, tzinfo=timezone.utc), actor="a"))
    session.close()
    code, out, session = _verify(folder)
    assert code == 0 and out == "" and "All phases are complete" in session.stderr.getvalue()


def test_cli_exit_codes(folder):
    runner = CliRunner()
    base = ["--file", str(folder / "phases.yaml")]
    env = _env()
    assert runner.invoke(app, [*base, "verify"], env=env).exit_code == 0
    assert runner.invoke(app, [*base, "verify", "--phase", "2"], env=env).exit_code == 1
    assert runner.invoke(app, [*base, "verify", "--phase", "9"], env=env).exit_code == 2
    assert runner.invoke(app, [*base, "verify", "--backend", "cloud"], env=env).exit_code == 2
    assert runner.invoke(app, [*base, "verify", "--strict"], env=env).exit_code == 1


def test_cli_subprocess_fail_fast(folder):
    exe = Path(sys.executable).parent / "tta-timeline"
    (folder / "phases.yaml").write_text(
        textwrap.dedent("""\
        version: 1
        project: ff
        phases:
          - id: 1
            name: one
            checks:
              - {id: a, command: {run: "false"}}
              - {id: b, command: {run: "true"}}
        """)
    )
    done = subprocess.run(
        [str(exe), "verify", "--fail-fast", "--concurrency", "1", "--json"],
        cwd=folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    doc = json.loads(done.stdout)
    assert done.returncode == 1
    assert [(r["check"], r["status"]) for r in doc["results"]] == [("a", "fail"), ("b", "skip")]
    assert doc["results"][1]["message"] == "not run: --fail-fast"
