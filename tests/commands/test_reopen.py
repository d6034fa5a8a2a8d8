"""`reopen`: a complete phase stops being complete and its dependents wait again."""

from __future__ import annotations

import json

import pytest

from tests.helpers import PASSING, cli, write_phases
from tta_timeline.commands.advance import advance
from tta_timeline.commands.checklist import checklist
from tta_timeline.commands.history import history
from tta_timeline.commands.reopen import reopen
from tta_timeline.commands.report import report
from tta_timeline.commands.status import status
from tta_timeline.commands.timeline import timeline
from tta_timeline.core.errors import RefusedError
from tta_timeline.core.exit_codes import ExitCode

THREE = (
    PASSING
    + """\
  - id: 3
    name: Three
    checks:
      - id: runs
        command: {run: \"python -c pass\"}
"""
)


@pytest.fixture
def proj(project):
    write_phases(project.folder, PASSING)
    return project


def test_reopen_makes_the_phase_incomplete_and_blocks_dependents(proj):
    proj.run(advance, phase=1)
    proj.clock.advance(minutes=1)
    assert proj.run(reopen, 1, reason="found a bug") == ExitCode.OK
    assert "phase 2 depends on it" in proj.stdout
    state = proj.session().state()
    assert state.get(1).state == "in_progress" and state.get(1).advanced is None
    assert (state.get(2).state, state.get(2).blocked_by) == ("blocked", [1])
    event = proj.store().events(1)[0]
    assert (event.kind, event.reason, event.actor) == ("reopen", "found a bug", "alice")


def test_a_reopened_phase_can_advance_again_with_a_new_certificate(proj):
    proj.run(advance, phase=1)
    proj.clock.advance(minutes=1)
    proj.run(reopen, 1, reason="again")
    proj.run(history, phase=1, certificate=True, as_json=True)
    assert json.loads(proj.stdout)["reopened_since"] is True
    proj.clock.advance(minutes=1)
    assert proj.run(advance, phase=1) == ExitCode.OK
    kinds = [e.kind for e in proj.store().events(1)]
    assert kinds == ["advance", "reopen", "advance"]
    proj.run(history, phase=1, certificate=True, as_json=True)
    assert json.loads(proj.stdout)["reopened_since"] is False


def test_reopening_a_phase_that_is_not_complete_is_refused(proj):
    with pytest.raises(RefusedError, match="phase 1 \\(One\\) is not complete \\(it is planned\\); nothing to reopen"):
        proj.run(reopen, 1, reason="why not")
    assert proj.store().events() == []


def test_cli_exit_codes(proj):
    phases = str(proj.folder / "phases.yaml")
    refused = cli("--file", phases, "reopen", "--phase", "1", "--reason", "x")
    assert refused.exit_code == ExitCode.FAILED and "nothing to reopen" in refused.stderr
    assert cli("--file", phases, "reopen", "--phase", "1").exit_code == ExitCode.USAGE  # --reason is required
    assert cli("--file", phases, "reopen", "--phase", "5", "--reason", "x").exit_code == ExitCode.USAGE


def test_a_reopened_dependency_blocks_its_complete_dependents_everywhere_until_it_advances_again(project):
    write_phases(project.folder, THREE)
    project.run(advance, phase=1)
    project.run(advance, phase=2)
    project.clock.advance(minutes=1)
    project.run(reopen, 1, reason="found a bug")

    project.run(status, as_json=True)
    doc = json.loads(project.stdout)
    two = doc["phases"][1]
    assert (two["state"], two["blocked_by"], two["was_complete"]) == ("blocked", [1], True)
    assert doc["progress"]["complete"] == 0 and doc["current_phase"] == 1
    project.run(status)
    assert "blocked (was complete; waits for 1)" in project.stdout and "0/3 phases complete" in project.stdout
    project.run(checklist, [2], as_json=True)
    assert json.loads(project.stdout)["phases"][0]["was_complete"] is True
    project.run(checklist, [2])
    assert "was complete; waits for 1" in project.stdout
    project.run(timeline, as_json=True)
    assert [p["state"] for p in json.loads(project.stdout)["phases"]] == ["in_progress", "blocked", "blocked"]
    project.run(report)
    assert "Phase 2: Two (BLOCKED: was complete; waits for 1)" in project.stdout
    assert "0/3 phases complete" in project.stdout

    with pytest.raises(RefusedError) as info:  # its dependents cannot advance, and neither can it
        project.run(advance, phase=3)
    assert info.value.reasons == ["dependency phase 2 (Two) is not complete (it is blocked: was complete; waits for 1)"]
    with pytest.raises(RefusedError):
        project.run(advance, phase=2)

    project.clock.advance(minutes=1)
    assert project.run(advance, phase=1) == ExitCode.OK  # advancing the dependency again restores phase 2
    project.run(status, as_json=True)
    doc = json.loads(project.stdout)
    assert [p["state"] for p in doc["phases"]] == ["complete", "complete", "in_progress"]
    assert doc["progress"]["complete"] == 2
    assert [e.kind for e in project.store().events(2)] == ["advance"]  # restored, not re-advanced
    assert project.run(advance, phase=3) == ExitCode.OK
