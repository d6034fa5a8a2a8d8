"""Phase state is derived from events and latest results: planned, in_progress, complete, blocked, regressed."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tta_timeline.model import Timeline
from tta_timeline.results import CheckResult, Status
from tta_timeline.state import derive_from
from tta_timeline.store.base import Event

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
TIMELINE = Timeline.model_validate({
    "version": 1, "project": "P",
    "phases": [
        {"id": 1, "name": "A", "checks": [{"id": "f", "file": {"path": "x"}}, {"id": "m", "manual": "look"}]},
        {"id": 2, "name": "B", "checks": [{"id": "c", "command": {"run": "true"}}]},
        {"id": 3, "name": "C", "depends_on": [1]},
    ],
})


def result(phase: int, check: str, status: Status, at: datetime) -> CheckResult:
    return CheckResult(phase=phase, check=check, status=status, at=at)


def event(kind: str, phase: int, at: datetime, check: str | None = None, until: datetime | None = None) -> Event:
    return Event(kind=kind, phase=phase, check=check, at=at, actor="me", until=until)  # type: ignore[arg-type]


def states(latest=(), events=(), now=T0 + timedelta(days=1)):  # type: ignore[no-untyped-def]
    first = {}
    for r in latest:
        first[r.phase] = min(first.get(r.phase, r.at), r.at)
    derived = derive_from(TIMELINE, list(latest), list(events), first, now)
    return {p.phase.id: p.state for p in derived.phases}, derived


def test_nothing_recorded_is_planned_and_dependents_blocked() -> None:
    got, derived = states()
    assert got == {1: "planned", 2: "blocked", 3: "blocked"}
    assert derived.current.phase.id == 1
    assert derived.get(2).blocked_by == [1]


def test_a_result_or_a_tick_starts_a_phase() -> None:
    assert states([result(1, "f", Status.FAIL, T0)])[0][1] == "in_progress"
    got, derived = states(events=[event("tick", 1, T0, "m")])
    assert got[1] == "in_progress"
    assert derived.get(1).passed == 1  # the ticked manual item


def test_advanced_phase_is_complete_and_unblocks_dependents() -> None:
    got, derived = states([result(1, "f", Status.PASS, T0)], [event("advance", 1, T0 + timedelta(hours=2))])
    assert got == {1: "complete", 2: "planned", 3: "planned"}
    assert derived.get(1).actual(derived.now) == 7200
    assert derived.current.phase.id == 2


def test_failure_after_advancement_is_regressed() -> None:
    got, derived = states(
        [result(1, "f", Status.FAIL, T0 + timedelta(hours=3))], [event("advance", 1, T0 + timedelta(hours=2))]
    )
    assert got[1] == "regressed"
    assert derived.get(1).regressed_checks == ["f"]


def test_reopen_undoes_completion() -> None:
    evs = [event("advance", 1, T0), event("reopen", 1, T0 + timedelta(hours=1))]
    assert states([result(1, "f", Status.PASS, T0)], evs)[0] == {1: "in_progress", 2: "blocked", 3: "blocked"}


def test_untick_and_waiver_expiry() -> None:
    evs = [
        event("tick", 1, T0, "m"),
        event("untick", 1, T0 + timedelta(minutes=1), "m"),
        event("waive", 1, T0, "f", until=T0 + timedelta(hours=1)),
    ]
    _, before = states(events=evs, now=T0 + timedelta(minutes=30))
    _, after = states(events=evs, now=T0 + timedelta(hours=2))
    assert before.get(1).checks[1].status is Status.PENDING
    assert before.get(1).checks[0].waived and before.get(1).checks[0].satisfied
    assert not after.get(1).checks[0].waived
    assert [c.check.id for c in after.get(1).waiver_debt] == ["f"]
