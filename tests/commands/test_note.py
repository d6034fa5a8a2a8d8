"""`note PHASE TEXT [--lesson]`: a remark with actor and time, in history, status --json and the report data."""

from __future__ import annotations

import json

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.commands.history import history
from tta_timeline.commands.note import MAX_CHARS, note
from tta_timeline.commands.status import status
from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode


@pytest.fixture
def proj(project):
    write_phases(project.folder)
    return project


def test_note_is_an_event_with_actor_time_and_lesson_flag(proj) -> None:
    assert proj.run(note, 1, "  the API needed a second pass  ") == ExitCode.OK
    proj.clock.advance(minutes=5)
    assert proj.run(note, 1, "absolute imports are safer", lesson=True) == ExitCode.OK
    assert "lesson learned recorded on phase 1 (First) as alice" in proj.stdout
    events = proj.store().events()
    assert [(e.kind, e.note, e.data["lesson"], e.actor) for e in events] == [
        ("note", "absolute imports are safer", True, "alice"),
        ("note", "the API needed a second pass", False, "alice"),
    ]
    assert events[0].at == proj.clock()
    state = proj.session().state().get(1)
    assert [n.note for n in state.lessons] == ["absolute imports are safer"]
    assert state.state == "planned"  # a remark is not progress


def test_history_and_status_json_show_notes(proj) -> None:
    proj.run(note, 1, "first remark")
    proj.clock.advance(minutes=1)
    proj.run(note, 1, "a lesson", lesson=True)
    proj.run(history, as_json=True)
    entries = json.loads(proj.stdout)["events"]
    assert [(e["kind"], e["note"], e["lesson"]) for e in entries] == [
        ("note", "a lesson", True),
        ("note", "first remark", False),
    ]
    proj.run(history)
    assert "lesson: a lesson" in proj.stdout and "first remark" in proj.stdout
    proj.run(status, as_json=True)
    notes = json.loads(proj.stdout)["phases"][0]["notes"]
    assert [(n["text"], n["lesson"], n["actor"]) for n in notes] == [
        ("first remark", False, "alice"),
        ("a lesson", True, "alice"),
    ]
    assert notes[0]["at"] == "2030-01-01T12:00:00Z"  # the status JSON style for times


@pytest.mark.parametrize(
    ("phase", "text", "message"),
    [
        (9, "x", "no such phase"),
        (1, "   ", "the note is empty"),
        (1, "x" * (MAX_CHARS + 1), f"keep it under {MAX_CHARS}"),
    ],
)
def test_bad_notes_are_usage_errors_and_record_nothing(proj, phase, text, message) -> None:
    with pytest.raises(UsageError, match=message):
        proj.run(note, phase, text)
    assert proj.store().events() == []


def test_cli_note_exit_codes(proj) -> None:
    env = {"TTA_TIMELINE_ACTOR": "bob"}
    ok = cli("--file", str(proj.folder / "phases.yaml"), "note", "2", "done by hand", "--lesson", env=env)
    assert ok.exit_code == 0 and "lesson learned recorded on phase 2" in ok.output
    bad = cli("--file", str(proj.folder / "phases.yaml"), "note", "7", "nope", env=env)
    assert bad.exit_code == 2 and "phase 7: no such phase" in bad.output
