"""`tta-timeline timeline`: bars, slip, now marker, forecast from this project's own ratios."""

from __future__ import annotations

import io
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tta_timeline.commands.session import Session
from tta_timeline.commands.timeline import timeline
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run, Status
from tta_timeline.core.runtime import Runtime

GOLDEN = Path(__file__).parent.parent / "golden"
T0 = datetime(2030, 1, 1, 9, 0, tzinfo=timezone.utc)
ENV = {"TTA_TIMELINE_ACTOR": "alice", "COLUMNS": "120"}

PHASES = """\
version: 1
project: Demo
phases:
  - id: 1
    name: Setup
    objective: Make it run.
    estimate: 1h..2h
    checks:
      - id: unit
        pytest: {args: tests}
      - id: docs
        name: Docs written
        manual: README explains the setup
  - id: 2
    name: Build
    estimate: 2h..3h
    checks:
      - id: demo
        manual: Demo shown
  - id: 3
    name: Ship
    estimate: 4h
    checks:
      - id: release
        manual: Released
"""


def session_at(folder: Path, now: datetime, no_color: bool = True) -> Session:
    runtime = Runtime(env=ENV, cwd=folder, clock=lambda: now)
    return Session(
        file=folder / "phases.yaml", runtime=runtime, no_color=no_color, stdout=io.StringIO(), stderr=io.StringIO()
    )


def demo_project(folder: Path) -> Path:
    """Phase 1 took 3h against 1h..2h (ratio 2), phase 2 has recorded 1h of work, phase 3 is waiting."""
    (folder / "phases.yaml").write_text(PHASES, encoding="utf-8")
    session = session_at(folder, T0)
    counts = {"passed": 97, "failed": 0, "errors": 0, "skipped": 17, "total": 114}
    result = CheckResult(
        phase=1,
        check="unit",
        kind="pytest",
        status=Status.PASS,
        at=T0,
        message="97 passed, 0 failed, 0 errors, 17 skipped of 114",
        evidence={"counts": counts},
    )
    session.store.record_run(
        Run(id="r1", started_at=T0, finished_at=T0, phases=[1], backend="mock", actor="alice", results=[result])
    )
    session.store.append_event(Event(kind="tick", phase=1, check="docs", at=T0 + timedelta(hours=1), actor="alice"))
    session.store.advance(Event(kind="advance", phase=1, at=T0 + timedelta(hours=3), actor="alice"))
    for hours in (4, 5):  # phase 2's records span 1h: the time it has spent, as far as the store knows
        tick = Event(kind="tick", phase=2, check="demo", at=T0 + timedelta(hours=hours), actor="alice")
        session.store.append_event(tick)
    session.close()
    return folder


def run_timeline(folder: Path, now: datetime, **kwargs: object) -> str:
    session = session_at(folder, now)
    assert timeline(session, **kwargs) == 0
    session.close()
    return session.stdout.getvalue()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_timeline_view_matches_golden(tmp_path: Path) -> None:
    out = run_timeline(demo_project(tmp_path), T0 + timedelta(hours=5))
    check_golden("timeline_demo.txt", out)


def test_view_marks_slip_now_and_forecast_in_plain_characters(tmp_path: Path) -> None:
    out = run_timeline(demo_project(tmp_path), T0 + timedelta(hours=5))
    assert "\x1b" not in out  # meaning must not depend on colour
    assert "+1h over" in out  # 3h against at most 2h
    assert "#|" in out  # the running phase's actual bar ends at the now marker
    assert "ratio 2.00 of phase 1" in out
    assert "now: 2030-01-01 14:00 UTC" in out


def test_json_forecast_uses_the_median_ratio(tmp_path: Path) -> None:
    doc = json.loads(run_timeline(demo_project(tmp_path), T0 + timedelta(hours=5), as_json=True))
    assert doc["version"] == 1
    assert doc["forecast"]["ratio"] == 2.0 and doc["forecast"]["basis_phases"] == [1]
    by_id = {p["id"]: p for p in doc["phases"]}
    assert by_id[1]["actual_seconds"] == 3 * 3600 and by_id[1]["slip_seconds"] == 3600
    # phase 2: 2.5h mid x 2 = 5h, of which 1h is spent (first to latest record); phase 3: 4h x 2
    assert by_id[2]["running"] and by_id[2]["forecast_seconds"] == 4 * 3600
    assert by_id[3]["forecast_seconds"] == 8 * 3600
    assert doc["forecast"]["remaining_seconds"] == 12 * 3600


def test_report_and_timeline_forecast_the_same_at_any_clock(tmp_path: Path) -> None:
    """The forecast counts the time a running phase recorded, not the clock: a committed report (no clock)
    and the interactive view agree, now and hours later."""
    from tta_timeline.commands.report import render

    folder = demo_project(tmp_path)
    for later in (5, 9, 40):
        now = T0 + timedelta(hours=later)
        view = json.loads(run_timeline(folder, now, as_json=True))
        text = run_timeline(folder, now)
        session = session_at(folder, now)
        report = json.loads(render(session, "json"))
        session.close()
        assert report["timeline"]["forecast"] == view["forecast"]
        assert view["forecast"]["remaining_seconds"] == 12 * 3600
        line = next(x for x in text.splitlines() if x.startswith("Forecast:"))
        assert (
            report["progress"]["forecast"]
            == line
            == ("Forecast: 2 phases left, about 12h (median actual/estimate ratio 2.00 of phase 1).")
        )
        assert [p["forecast"] for p in report["phases"]] == [None, "4h left", "8h left"]
