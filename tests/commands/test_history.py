"""`history`: verify runs and events merged newest first; filters; JSON; certificates."""

from __future__ import annotations

import json

import pytest

from tests.helpers import write_phases
from tta_timeline.commands.advance import advance
from tta_timeline.commands.history import history
from tta_timeline.commands.reopen import reopen
from tta_timeline.commands.tick import tick, untick
from tta_timeline.commands.verify import verify
from tta_timeline.commands.waive import waive
from tta_timeline.core.errors import RefusedError, UsageError
from tta_timeline.core.exit_codes import ExitCode

PHASES = """\
version: 1
project: History
phases:
  - id: 1
    name: One
    checks:
      - id: runs
        command: {run: "python -c pass"}
      - id: ok
        manual: Looked at it
  - id: 2
    name: Two
    checks:
      - id: docs
        file: {path: DOCS.md}
"""


@pytest.fixture
def proj(project):
    """One of each kind, a minute apart: verify(1,2), tick, untick, tick, waive, advance, reopen."""
    write_phases(project.folder, PHASES)
    steps = [
        (verify, (), {"all_phases": True}),
        (tick, ("1.ok",), {"note": "fine"}),
        (untick, ("1.ok",), {}),
        (tick, ("1.ok",), {}),
        (waive, ("2.docs",), {"reason": "later", "until": "2030-02-01"}),
        (advance, (), {"phase": 1}),
        (reopen, (1,), {"reason": "oops"}),
    ]
    for command, args, kwargs in steps:
        project.clock.advance(minutes=1)
        project.run(command, *args, **kwargs)
    return project


def entries(proj, **options) -> list[dict]:
    assert proj.run(history, as_json=True, **options) == ExitCode.OK
    doc = json.loads(proj.stdout)
    assert doc["version"] == 1
    return doc["events"]


def test_everything_newest_first_with_a_verify_run_once_per_phase(proj):
    got = entries(proj)
    kinds = [(e["kind"], e["phase"]) for e in got]
    assert kinds == [
        ("reopen", 1),
        ("advance", 1),
        ("verify", 1),
        ("waive", 2),
        ("tick", 1),
        ("untick", 1),
        ("tick", 1),
        ("verify", 1),
        ("verify", 2),
    ]
    assert all(e["actor"] == "alice" for e in got)
    first_run = [e for e in got if e["kind"] == "verify" and e["run_id"] == got[-1]["run_id"]]
    assert [e["phase"] for e in first_run] == [1, 2]  # one run, listed once per phase
    assert got[-1]["checks"] == [{"id": "docs", "status": "fail", "message": got[-1]["checks"][0]["message"]}]


def test_entry_fields_per_kind(proj):
    by_kind = {e["kind"]: e for e in reversed(entries(proj))}  # the newest of each kind wins
    assert by_kind["reopen"]["reason"] == "oops"
    assert by_kind["advance"]["forced"] is False and by_kind["advance"]["backend"] == "mock"
    assert by_kind["waive"]["until"] == "2030-02-02T00:00:00Z" and by_kind["waive"]["expired"] is False
    assert by_kind["tick"]["check"] == "ok"
    assert by_kind["verify"]["counts"] == {
        "passed": 2,
        "failed": 0,
        "errors": 0,
        "skipped": 0,
        "blocked": 0,
        "pending": 0,
    }  # the advance's own fresh run, manual ticked
    assert by_kind["verify"]["at"].startswith("2030-01-01T12:06")


def test_one_shape_per_kind(proj):
    """Every entry of a kind has the same keys: a tick without --note has `note: null`, like a waiver's."""
    common = {"kind", "phase", "at", "actor"}
    shapes: dict[str, set[frozenset]] = {}
    for entry in entries(proj):
        shapes.setdefault(entry["kind"], set()).add(frozenset(entry))
    assert {kind: len(keys) for kind, keys in shapes.items()} == {k: 1 for k in shapes}
    keys = {kind: set(next(iter(found))) - common for kind, found in shapes.items()}
    assert keys["tick"] == keys["untick"] == {"id", "check", "note"}
    assert keys["waive"] == {"id", "check", "reason", "until", "expired"}
    assert keys["reopen"] == {"id", "reason"}
    assert keys["advance"] == {"id", "forced", "reason", "run_id", "backend", "commit", "dirty", "imported"}
    assert keys["verify"] == {"run_id", "backend", "commit", "dirty", "counts", "checks"}
    ticks = [e["note"] for e in entries(proj) if e["kind"] == "tick"]
    assert ticks == [None, "fine"]


def test_filters_phase_check_limit_since(proj):
    assert {e["phase"] for e in entries(proj, phase=2)} == {2}
    assert [e["kind"] for e in entries(proj, check="ok")] == ["verify", "tick", "untick", "tick", "verify"]
    assert [e["kind"] for e in entries(proj, limit=2)] == ["reopen", "advance"]
    recent = entries(proj, since="2030-01-01T12:05:00Z")
    assert [e["kind"] for e in recent] == ["reopen", "advance", "verify", "waive"]


def test_table_output(proj):
    assert proj.run(history, phase=1, limit=3) == ExitCode.OK
    lines = proj.stdout.splitlines()
    assert "reopen" in lines[2] and "oops" in lines[2]
    assert "advance" in lines[3] and "verify" in lines[4]


def test_certificate_text_and_json(proj):
    assert proj.run(history, phase=1, certificate=True) == ExitCode.OK
    assert "Advancement certificate: phase 1 (One)" in proj.stdout
    assert "reopened since" in proj.stdout and "alice" in proj.stdout
    proj.run(history, phase=1, certificate=True, as_json=True)
    cert = json.loads(proj.stdout)["certificate"]
    assert cert["phase"] == 1 and [c["counted_as"] for c in cert["checks"]] == ["pass", "ticked"]


def test_certificate_needs_a_phase_that_was_advanced(proj):
    with pytest.raises(UsageError, match="--certificate needs --phase N"):
        proj.run(history, certificate=True)
    with pytest.raises(RefusedError, match="phase 2 has never been advanced"):
        proj.run(history, phase=2, certificate=True)


def test_bad_options_are_usage_errors(proj):
    for options in ({"limit": 0}, {"phase": 9}, {"since": "yesterday"}):
        with pytest.raises(UsageError):
            proj.run(history, **options)


def test_empty_history(project):
    write_phases(project.folder, PHASES)
    assert project.run(history) == ExitCode.OK and "No history yet." in project.stdout
