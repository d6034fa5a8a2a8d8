"""`tick` / `untick`: manual checks only, recorded with actor and time."""

from __future__ import annotations

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.commands.tick import tick, untick
from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode

PHASES = """\
version: 1
project: Ticks
phases:
  - id: 1
    name: One
    checks:
      - id: readme
        file: {path: README.md}
      - id: sign.off
        manual: Signed off by the lead
"""


@pytest.fixture
def proj(project):
    write_phases(project.folder, PHASES)
    return project


def test_tick_records_actor_time_and_note(proj):
    assert proj.run(tick, "1.sign.off", note="looked at it") == ExitCode.OK
    [event] = proj.store().events()
    assert (event.kind, event.phase, event.check, event.actor, event.note) == (
        "tick",
        1,
        "sign.off",
        "alice",
        "looked at it",
    )
    assert event.at == proj.clock()
    assert "ticked 1.sign.off" in proj.stdout
    assert proj.session().state().get(1).checks[1].ticked is not None


def test_untick_makes_the_check_pending_again(proj):
    proj.run(tick, "1.sign.off")
    proj.clock.advance(seconds=1)
    assert proj.run(untick, "1.sign.off") == ExitCode.OK
    assert [e.kind for e in proj.store().events()] == ["untick", "tick"]
    assert proj.session().state().get(1).checks[1].status.value == "pending"


def test_ticking_a_non_manual_check_is_a_usage_error(proj):
    with pytest.raises(UsageError, match="1.readme is a file check; only manual checks can be ticked"):
        proj.run(tick, "1.readme")
    assert proj.store().events() == []


@pytest.mark.parametrize(
    "target, message",
    [
        ("7.sign.off", "no phase 7"),
        ("1.nope", "phase 1 has no check 'nope' (checks: readme, sign.off)"),
        ("sign.off", "the phase in PHASE.CHECK must be a number"),
        ("1", "expected PHASE.CHECK"),
    ],
)
def test_unknown_or_malformed_targets_are_named(proj, target, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        proj.run(tick, target)


def test_cli_exit_code_2_with_a_clear_message(proj):
    result = cli("--file", str(proj.folder / "phases.yaml"), "tick", "1.readme")
    assert result.exit_code == ExitCode.USAGE
    assert "only manual checks can be ticked" in result.stderr
