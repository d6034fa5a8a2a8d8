"""`advance`: a fresh verify, every refusal reason, certificates, dry runs, forcing, races, CI flow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from msgspec.structs import replace

from tests.helpers import PASSING, cli, write_phases
from tta_timeline.commands.advance import advance
from tta_timeline.commands.status import status
from tta_timeline.commands.tick import tick
from tta_timeline.commands.verify import verify
from tta_timeline.core.errors import RefusedError, UsageError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.results import CheckResult, Run, Status
from tta_timeline.domain.certificate import verify_hashes
from tta_timeline.store.sqlite import SqliteStore

PHASES = """\
version: 1
project: Advance
phases:
  - id: 1
    name: Base
    checks:
      - id: marker
        file: {path: marker.txt}
      - id: runs
        command: {run: "python -c pass"}
      - id: hint
        command: {run: "python -c 'raise SystemExit(3)'"}
        required: false
  - id: 2
    name: Build
    checks:
      - id: built
        file: {path: built.txt}
      - id: reviewed
        manual: Reviewed by someone
  - id: 3
    name: Live
    requires_real: true
    checks:
      - id: cache
        redis: {op: ping}
"""


@pytest.fixture
def proj(project):
    write_phases(project.folder, PHASES)
    (project.folder / "marker.txt").write_text("here")
    return project


def advances(project, phase: int) -> list:
    return [e for e in project.store().events(phase) if e.kind == "advance"]


def test_success_records_one_certificate_and_names_the_next_phase(proj):
    assert proj.run(advance, phase=1) == ExitCode.OK
    assert "Phase 1 (Base) advanced" in proj.stdout and "Next: phase 2 (Build)" in proj.stdout
    [event] = advances(proj, 1)
    cert = event.data["certificate"]
    assert (cert["phase"], cert["actor"], cert["backend"], cert["forced"]) == (1, "alice", "mock", False)
    assert cert["at"] == datetime(2030, 1, 1, 12, tzinfo=timezone.utc).isoformat()
    assert {c["id"]: c["status"] for c in cert["checks"]} == {"marker": "pass", "runs": "pass", "hint": "fail"}
    [run] = proj.store().runs(1)
    assert cert["run_id"] == run.id and verify_hashes(cert, run) == []


def test_default_target_is_the_current_phase(proj):
    assert proj.run(advance) == ExitCode.OK
    assert [e.phase for e in proj.store().events() if e.kind == "advance"] == [1]


def test_json_output_shape(proj):
    assert proj.run(advance, phase=1, as_json=True) == ExitCode.OK
    doc = json.loads(proj.stdout)
    assert doc["version"] == 1 and doc["result"] == "advanced" and doc["phase"] == 1
    assert doc["next_phase"] == {"id": 2, "name": "Build"}
    assert doc["certificate"]["run_id"] == doc["run_id"]
    assert all(len(c["evidence_sha256"]) == 64 for c in doc["certificate"]["checks"])


def test_refusal_lists_every_reason(proj):
    with pytest.raises(RefusedError) as info:
        proj.run(advance, phase=2)
    assert info.value.exit_code == ExitCode.FAILED
    reasons = info.value.reasons
    assert any("dependency phase 1 (Base) is not complete" in r for r in reasons)
    assert any(r.startswith("required check 2.built is fail") for r in reasons)
    assert "required manual check 2.reviewed is not ticked" in reasons
    assert advances(proj, 2) == []


def test_refusal_as_json_exits_1_with_reasons(proj):
    (proj.folder / "marker.txt").unlink()
    assert proj.run(advance, phase=1, as_json=True) == ExitCode.FAILED
    doc = json.loads(proj.stdout)
    assert doc["result"] == "refused" and len(doc["reasons"]) == 1 and "1.marker" in doc["reasons"][0]


def test_advance_verifies_afresh_and_never_reuses_old_results(proj):
    old_pass = CheckResult(phase=1, check="marker", kind="file", status=Status.PASS, at=proj.clock())
    with proj.store() as store:
        store.record_run(
            Run(
                id="old",
                started_at=proj.clock(),
                finished_at=proj.clock(),
                phases=[1],
                backend="mock",
                actor="bob",
                results=[old_pass],
            )
        )
    (proj.folder / "marker.txt").unlink()
    with pytest.raises(RefusedError) as info:
        proj.run(advance, phase=1)
    assert any("1.marker is fail" in r for r in info.value.reasons)
    assert len(proj.store().runs(1)) == 2  # the refused attempt's fresh run is on record too


def test_dry_run_judges_but_records_nothing(proj):
    assert proj.run(advance, phase=1, dry_run=True, as_json=True) == ExitCode.OK
    assert json.loads(proj.stdout)["result"] == "dry_run"
    store = proj.store()
    assert store.events() == [] and store.runs() == []


def test_dry_run_still_refuses(proj):
    with pytest.raises(RefusedError):
        proj.run(advance, phase=2, dry_run=True)
    assert proj.store().runs() == []


def test_force_needs_a_reason(proj):
    with pytest.raises(UsageError, match="--force needs --reason"):
        proj.run(advance, phase=2, force=True)
    result = cli("--file", str(proj.folder / "phases.yaml"), "advance", "--phase", "2", "--force")
    assert result.exit_code == ExitCode.USAGE


def test_forced_advancement_records_what_was_overridden(proj):
    assert proj.run(advance, phase=2, force=True, reason="demo tomorrow", as_json=True) == ExitCode.OK
    cert = advances(proj, 2)[0].data["certificate"]
    assert cert["forced"] is True and cert["reason"] == "demo tomorrow"
    assert len(cert["overridden"]) == 3
    assert "required manual check 2.reviewed is not ticked" in cert["overridden"]


def test_advancing_a_complete_phase_is_a_no_op(proj):
    proj.run(advance, phase=1)
    runs_before = len(proj.store().runs())
    assert proj.run(advance, phase=1, as_json=True) == ExitCode.OK
    assert json.loads(proj.stdout)["result"] == "already_complete"
    assert len(advances(proj, 1)) == 1 and len(proj.store().runs()) == runs_before


class _LosingStore(SqliteStore):
    """Another process advances the phase between our gate and our write."""

    def advance(self, event):
        super().advance(replace(event, id="other", actor="someone-else"))
        return super().advance(event)


def test_losing_the_race_exits_0_already_complete(proj):
    session = proj.session()
    session.__dict__["store"] = _LosingStore(proj.folder / ".tta-timeline" / "state.db")
    try:
        assert advance(session, phase=1) == ExitCode.OK
    finally:
        session.close()
    assert "already complete" in session.stdout.getvalue()
    assert [e.actor for e in advances(proj, 1)] == ["someone-else"]


def test_regressed_dependency_blocks_unless_allowed(proj):
    proj.run(advance, phase=1)
    proj.run(tick, "2.reviewed")
    (proj.folder / "built.txt").write_text("ok")
    (proj.folder / "marker.txt").unlink()
    proj.clock.advance(minutes=5)
    assert proj.run(verify, phases=[1]) == ExitCode.FAILED  # a later verify fails a required check
    proj.run(status)
    assert "REGRESSED" in proj.stdout
    with pytest.raises(RefusedError) as info:
        proj.run(advance, phase=2)
    assert info.value.reasons == ["dependency phase 1 (Base) regressed (marker); fix it or pass --allow-regressed"]
    assert proj.run(advance, phase=2, allow_regressed=True) == ExitCode.OK


def test_requires_real_phase_refuses_the_mock_backend(proj):
    proj.run(advance, phase=1)
    proj.run(advance, phase=2, force=True, reason="skip ahead")
    with pytest.raises(RefusedError) as info:
        proj.run(advance, phase=3, backend="mock")
    assert any("requires_real" in r and "mock backend" in r for r in info.value.reasons)


def test_certificate_names_the_ci_job_and_the_git_commit(proj):
    folder = proj.folder
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(folder)]
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run([*git, "add", "marker.txt", "phases.yaml"], check=True)
    subprocess.run([*git, "commit", "-qm", "init"], check=True)
    sha = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    (folder / "marker.txt").write_text("changed")  # a dirty tracked file
    ci = {
        "TTA_TIMELINE_ACTOR": "",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKFLOW": "gate",
        "GITHUB_JOB": "advance",
        "GITHUB_RUN_ID": "77",
    }
    proj.run(advance, phase=1, env=ci)
    cert = advances(proj, 1)[0].data["certificate"]
    assert cert["actor"] == "github-actions:gate/advance#77"
    assert (cert["commit"], cert["dirty"]) == (sha, True)


def test_unknown_phase_is_a_usage_error(proj):
    with pytest.raises(UsageError, match="--phase 9: no such phase"):
        proj.run(advance, phase=9)


def test_cli_refusal_exit_code_and_reasons_on_stderr(proj):
    result = cli("--file", str(proj.folder / "phases.yaml"), "advance", "--phase", "2")
    assert result.exit_code == ExitCode.FAILED
    assert "may not advance" in result.stderr and "2.reviewed is not ticked" in result.stderr


@pytest.mark.slow
def test_scripted_ci_flow_in_a_subprocess(tmp_path: Path):
    write_phases(tmp_path, PASSING)
    exe = Path(sys.executable).with_name("tta-timeline")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTA_TIMELINE")}
    env.update(CI="true", CI_JOB_NAME="gate")
    script = f"'{exe}' verify --phase 1 --format junit --output r.xml >verify.log && '{exe}' advance --phase 1 --json"
    done = subprocess.run(["sh", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "<testsuite" in (tmp_path / "r.xml").read_text()
    doc = json.loads(done.stdout)
    assert doc["result"] == "advanced" and doc["certificate"]["actor"] == "ci:gate"
    assert doc["next_phase"] == {"id": 2, "name": "Two"}


def test_a_retried_script_step_pinned_with_phase_advances_once(tmp_path):
    """README, Scripting advancement: the same `advance --phase 1 --json` twice advances one phase."""
    write_phases(tmp_path, PASSING)
    script = tmp_path / "gate.sh"
    tool = f'"{sys.executable}" -m tta_timeline'
    script.write_text(
        f"set -e\n{tool} advance --phase 1 --json > first.json\n{tool} advance --phase 1 --json > second.json\n"
        f"{tool} status --json > status.json\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTA_TIMELINE_")} | {"TTA_TIMELINE_ACTOR": "ci"}
    done = subprocess.run(["sh", str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    first, second = (json.loads((tmp_path / f"{n}.json").read_text()) for n in ("first", "second"))
    assert (first["result"], first["phase"]) == ("advanced", 1)
    assert (second["result"], second["phase"], second["run_id"], second["certificate"]) == (
        "already_complete",
        1,
        None,
        None,
    )
    states = [p["state"] for p in json.loads((tmp_path / "status.json").read_text())["phases"]]
    assert states == ["complete", "planned"]  # phase 2 was not touched by the retry
