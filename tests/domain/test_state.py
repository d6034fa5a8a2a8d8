"""Phase state is derived from events and latest results: planned, in_progress, complete, blocked, regressed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tta_timeline.config.model import Timeline
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Status
from tta_timeline.domain.state import derive_from

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
TIMELINE = Timeline.model_validate(
    {
        "version": 1,
        "project": "P",
        "phases": [
            {"id": 1, "name": "A", "checks": [{"id": "f", "file": {"path": "x"}}, {"id": "m", "manual": "look"}]},
            {"id": 2, "name": "B", "checks": [{"id": "c", "command": {"run": "true"}}]},
            {"id": 3, "name": "C", "depends_on": [1]},
        ],
    }
)


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


CHAIN = Timeline.model_validate(
    {
        "version": 1,
        "project": "Chain",
        "phases": [{"id": i, "name": f"P{i}"} for i in (1, 2, 3, 4)],  # each depends on the previous one
    }
)


def chain(events: list[Event]) -> dict[int, object]:
    derived = derive_from(CHAIN, [], events, {}, T0 + timedelta(days=1))
    return {p.phase.id: (p.state, p.blocked_by, p.note) for p in derived.phases}


def test_reopen_reaches_every_complete_dependent_and_readvancing_restores_them() -> None:
    advanced = [event("advance", i, T0 + timedelta(minutes=i)) for i in (1, 2, 3)]
    reopened = [*advanced, event("reopen", 1, T0 + timedelta(hours=1))]
    assert chain(reopened) == {
        1: ("planned", [], ""),  # nothing recorded for it but the gate events
        2: ("blocked", [1], "was complete; waits for 1"),
        3: ("blocked", [2], "was complete; waits for 2"),
        4: ("blocked", [3], "waits for 3"),
    }
    derived = derive_from(CHAIN, [], reopened, {}, T0 + timedelta(days=1))
    assert derived.get(2).was_complete and not derived.get(2).done and derived.current.phase.id == 1
    again = chain([*reopened, event("advance", 1, T0 + timedelta(hours=2))])
    assert again == {1: ("complete", [], ""), 2: ("complete", [], ""), 3: ("complete", [], ""), 4: ("planned", [], "")}


def test_reopening_a_middle_phase_leaves_its_dependencies_alone() -> None:
    evs = [
        *(event("advance", i, T0 + timedelta(minutes=i)) for i in (1, 2, 3)),
        event("reopen", 2, T0 + timedelta(hours=1)),
    ]
    assert chain(evs) == {
        1: ("complete", [], ""),
        2: ("planned", [], ""),
        3: ("blocked", [2], "was complete; waits for 2"),
        4: ("blocked", [3], "waits for 3"),
    }


def test_a_forced_advancement_over_an_open_dependency_stands_until_that_dependency_is_reopened() -> None:
    forced = [event("advance", 2, T0)]  # phase 1 never advanced: --force overrode it
    assert chain(forced)[2] == ("complete", [], "")
    later = [*forced, event("advance", 1, T0 + timedelta(hours=1)), event("reopen", 1, T0 + timedelta(hours=2))]
    assert chain(later)[2] == ("blocked", [1], "was complete; waits for 1")
