"""`waive`: a waived required check counts as passing until it expires; then it is debt."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.commands.advance import advance
from tta_timeline.commands.status import status
from tta_timeline.commands.waive import waive
from tta_timeline.core.errors import RefusedError, UsageError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.when import parse_when

PHASES = """\
version: 1
project: Waivers
phases:
  - id: 1
    name: One
    checks:
      - id: docs
        file: {path: DOCS.md}
      - id: runs
        command: {run: "python -c pass"}
"""


@pytest.fixture
def proj(project):
    write_phases(project.folder, PHASES)
    return project


def test_waiver_is_recorded_with_reason_and_end_of_day_expiry(proj):
    assert proj.run(waive, "1.docs", reason="docs sprint next week", until="2030-01-05") == ExitCode.OK
    [event] = proj.store().events()
    assert (event.kind, event.check, event.reason, event.actor) == ("waive", "docs", "docs sprint next week", "alice")
    assert event.until == datetime(2030, 1, 6, tzinfo=timezone.utc)


def test_a_waived_check_counts_as_passing_for_advancement(proj):
    proj.run(waive, "1.docs", reason="later", until="2030-01-05")
    assert proj.run(advance, phase=1) == ExitCode.OK
    cert = proj.store().events(1)[0].data["certificate"]
    docs = next(c for c in cert["checks"] if c["id"] == "docs")
    assert docs["status"] == "fail" and docs["counted_as"] == "waived" and docs["waiver"]["reason"] == "later"


def test_an_expired_waiver_blocks_again_and_shows_as_debt(proj):
    proj.run(waive, "1.docs", reason="later", until="2030-01-05T00:00:00")
    proj.clock.advance(days=10)
    with pytest.raises(RefusedError) as info:
        proj.run(advance, phase=1)
    assert any("1.docs is fail" in r and "waiver expired" in r for r in info.value.reasons)
    proj.run(status)
    assert "Waiver debt:" in proj.stdout and "1.docs" in proj.stdout


def test_a_waiver_without_expiry_never_expires(proj):
    proj.run(waive, "1.docs", reason="not needed for this project")
    proj.clock.advance(days=3650)
    assert proj.run(advance, phase=1) == ExitCode.OK


@pytest.mark.parametrize("until", ["2029-12-31", "2030-01-01T11:00:00Z", "2030-01-01T12:00:00+00:00"])
def test_until_in_the_past_is_a_usage_error(proj, until):
    with pytest.raises(UsageError, match="in the past"):
        proj.run(waive, "1.docs", reason="x", until=until)
    assert proj.store().events() == []


def test_today_as_a_date_means_through_the_end_of_today(proj):
    assert proj.run(waive, "1.docs", reason="x", until="2030-01-01") == ExitCode.OK


def test_until_formats():
    assert parse_when("2030-02-03", "--until") == datetime(2030, 2, 3, tzinfo=timezone.utc)
    assert parse_when("2030-02-03T04:05:06", "--until") == datetime(2030, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
    assert parse_when("2030-02-03T04:05:06+02:00", "--until").utcoffset().total_seconds() == 7200
    with pytest.raises(UsageError, match="expected YYYY-MM-DD or an ISO datetime"):
        parse_when("next tuesday", "--until")


def test_cli_requires_a_reason(proj):
    result = cli("--file", str(proj.folder / "phases.yaml"), "waive", "1.docs")
    assert result.exit_code == ExitCode.USAGE
    assert proj.store().events() == []


def test_until_the_last_representable_day_is_accepted_and_never_expires(proj):
    phases = str(proj.folder / "phases.yaml")
    result = cli("--file", phases, "waive", "1.docs", "--reason", "forever", "--until", "9999-12-31")
    assert result.exit_code == ExitCode.OK, result.output
    assert proj.store().events()[0].until == datetime.max.replace(tzinfo=timezone.utc)
    for command in (["status", "--json"], ["checklist"], ["history", "--json"], ["report"]):
        shown = cli("--file", phases, *command)
        assert shown.exit_code == ExitCode.OK and "internal error" not in shown.output, shown.output
    proj.clock.advance(days=3650)
    assert proj.run(advance, phase=1) == ExitCode.OK
