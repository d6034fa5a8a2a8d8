"""Phase state, derived from the store's events and latest results; never typed by hand."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tta_timeline.model import Phase, Timeline
from tta_timeline.results import CheckResult, Status
from tta_timeline.store.base import Event, Store

STATES = ("planned", "in_progress", "complete", "blocked", "regressed")


@dataclass
class CheckState:
    check: Any  # model.Check
    result: CheckResult | None = None
    ticked: Event | None = None
    waiver: Event | None = None
    waiver_expired: bool = False

    @property
    def status(self) -> Status | None:
        """The status that counts now: ticks decide manual items, otherwise the latest result."""
        if self.check.kind == "manual":
            return Status.PASS if self.ticked else Status.PENDING
        return self.result.status if self.result else None

    @property
    def waived(self) -> bool:
        return self.waiver is not None and not self.waiver_expired

    @property
    def satisfied(self) -> bool:
        return self.status is Status.PASS or self.waived


@dataclass
class PhaseState:
    phase: Phase
    state: str
    checks: list[CheckState]
    started_at: datetime | None = None
    completed_at: datetime | None = None
    advanced: Event | None = None
    blocked_by: list[int] = field(default_factory=list)
    regressed_checks: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.status is Status.PASS)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def waiver_debt(self) -> list[CheckState]:
        return [c for c in self.checks if c.waiver is not None and c.waiver_expired]

    def actual(self, now: datetime) -> float | None:
        if self.started_at is None:
            return None
        end = self.completed_at or now
        return max(0.0, (end - self.started_at).total_seconds())


@dataclass
class TimelineState:
    timeline: Timeline
    phases: list[PhaseState]
    now: datetime

    @property
    def current(self) -> PhaseState | None:
        return next((p for p in self.phases if p.state != "complete"), None)

    def get(self, phase_id: int) -> PhaseState:
        return next(p for p in self.phases if p.phase.id == phase_id)


def derive(timeline: Timeline, store: Store, now: datetime) -> TimelineState:
    return derive_from(timeline, store.latest_results(), store.events(), store.first_result_at(), now)


def derive_from(
    timeline: Timeline,
    latest: list[CheckResult],
    events: list[Event],
    first_at: dict[int, datetime],
    now: datetime,
) -> TimelineState:
    results = {(r.phase, r.check): r for r in latest}
    newest_first = sorted(events, key=lambda e: e.at, reverse=True)
    states: dict[int, PhaseState] = {}
    for phase in timeline.phases:
        checks = [_check_state(phase.id, c, results, newest_first, now) for c in phase.checks]
        gate = next((e for e in newest_first if e.phase == phase.id and e.kind in ("advance", "reopen")), None)
        advanced = gate if gate is not None and gate.kind == "advance" else None
        ticks = [e.at for e in events if e.phase == phase.id and e.kind == "tick"]
        starts = [t for t in (first_at.get(phase.id), *ticks) if t is not None]
        states[phase.id] = PhaseState(phase, "planned", checks, min(starts) if starts else None, advanced and advanced.at, advanced)
    for ps in states.values():
        ps.state = _state_of(ps, states)
    return TimelineState(timeline, list(states.values()), now)


def _check_state(phase_id: int, check: Any, results: dict, events: list[Event], now: datetime) -> CheckState:
    mine = [e for e in events if e.phase == phase_id and e.check == check.id]
    tick = next((e for e in mine if e.kind in ("tick", "untick")), None)
    waiver = next((e for e in mine if e.kind == "waive"), None)
    expired = waiver is not None and waiver.until is not None and waiver.until <= now
    return CheckState(check, results.get((phase_id, check.id)), tick if tick and tick.kind == "tick" else None, waiver, expired)


def _state_of(ps: PhaseState, phases: dict[int, PhaseState]) -> str:
    if ps.advanced is not None:
        after = ps.advanced.at
        ps.regressed_checks = [
            c.check.id
            for c in ps.checks
            if c.check.required and c.result and c.result.at > after and c.result.status.is_failure
        ]
        return "regressed" if ps.regressed_checks else "complete"
    ps.blocked_by = [d for d in ps.phase.depends_on or [] if phases[d].advanced is None]
    if ps.blocked_by:
        return "blocked"
    if ps.started_at is not None or any(c.result for c in ps.checks):
        return "in_progress"
    return "planned"
