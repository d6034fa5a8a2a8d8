"""Phase state, derived from the store's events and latest results; never typed by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol

from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Status

if TYPE_CHECKING:  # types only: read commands derive state from an outline and never build the model
    from tta_timeline.config.model import Phase, Timeline
    from tta_timeline.config.outline import Outline, PhaseOutline

STATES = ("planned", "in_progress", "complete", "blocked", "regressed")
#: when a never-advanced phase stopped being done: before anything
_NEVER = datetime.min.replace(tzinfo=timezone.utc)


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
        if self.check.ticked:
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
    phase: Phase | PhaseOutline
    state: str
    checks: list[CheckState]
    started_at: datetime | None = None
    completed_at: datetime | None = None
    advanced: Event | None = None
    blocked_by: list[int] = field(default_factory=list)
    regressed_checks: list[str] = field(default_factory=list)
    reopened_at: datetime | None = None
    notes: list[Event] = field(default_factory=list)  # oldest first

    @property
    def lessons(self) -> list[Event]:
        return [n for n in self.notes if n.data.get("lesson")]

    @property
    def done(self) -> bool:
        """Complete or regressed: advanced, and every dependency still done."""
        return self.state in ("complete", "regressed")

    @property
    def was_complete(self) -> bool:
        """Advanced, but a dependency stopped being done since: it waits and counts as not complete."""
        return self.advanced is not None and self.state == "blocked"

    @property
    def note(self) -> str:
        """Why a blocked phase waits: "waits for 1", or "was complete; waits for 1"."""
        if self.state != "blocked":
            return ""
        waits = "waits for " + ", ".join(map(str, self.blocked_by))
        return f"was complete; {waits}" if self.was_complete else waits

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.status is Status.PASS)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def waiver_debt(self) -> list[CheckState]:
        return [c for c in self.checks if c.waiver is not None and c.waiver_expired]

    def spent(self) -> float:
        """Seconds from the phase's first record to its latest (result or tick): what the store knows, not the
        clock, so `timeline` and a committed `report` forecast the same."""
        times = [c.result.at for c in self.checks if c.result] + [c.ticked.at for c in self.checks if c.ticked]
        if self.started_at is None or not times:
            return 0.0
        return max(0.0, (max(times) - self.started_at).total_seconds())

    def actual(self, now: datetime) -> float | None:
        if self.started_at is None:
            return None
        end = self.completed_at or now
        return max(0.0, (end - self.started_at).total_seconds())


@dataclass
class TimelineState:
    timeline: Timeline | Outline
    phases: list[PhaseState]
    now: datetime

    @property
    def current(self) -> PhaseState | None:
        return next((p for p in self.phases if p.state != "complete"), None)

    def get(self, phase_id: int) -> PhaseState:
        return next(p for p in self.phases if p.phase.id == phase_id)


class Records(Protocol):
    """What state is derived from; every store provides it (domain code reads records, never a backend)."""

    def latest_results(self) -> list[CheckResult]: ...
    def events(self) -> list[Event]: ...
    def first_result_at(self) -> dict[int, datetime]: ...


def derive(timeline: Timeline | Outline, store: Records, now: datetime) -> TimelineState:
    return derive_from(timeline, store.latest_results(), store.events(), store.first_result_at(), now)


def derive_from(
    timeline: Timeline | Outline,
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
        states[phase.id] = PhaseState(
            phase,
            "planned",
            checks,
            min(starts) if starts else None,
            advanced.at if advanced is not None else None,
            advanced,
            reopened_at=gate.at if gate is not None and advanced is None else None,
            notes=[e for e in reversed(newest_first) if e.phase == phase.id and e.kind == "note"],
        )
    open_since: dict[int, datetime | None] = {}
    for ps in states.values():
        _settle(ps, states, open_since)
    return TimelineState(timeline, list(states.values()), now)


def _check_state(phase_id: int, check: Any, results: dict, events: list[Event], now: datetime) -> CheckState:
    mine = [e for e in events if e.phase == phase_id and e.check == check.id]
    tick = next((e for e in mine if e.kind in ("tick", "untick")), None)
    waiver = next((e for e in mine if e.kind == "waive"), None)
    expired = waiver is not None and waiver.until is not None and waiver.until <= now
    return CheckState(
        check, results.get((phase_id, check.id)), tick if tick and tick.kind == "tick" else None, waiver, expired
    )


def _settle(ps: PhaseState, phases: dict[int, PhaseState], open_since: dict[int, datetime | None]) -> None:
    """Set ps.state, dependencies first; open_since[id] is when a phase stopped being done (None: it is done)."""
    if ps.phase.id in open_since:
        return
    deps = ps.phase.depends_on or []
    for dep in deps:
        _settle(phases[dep], phases, open_since)
    if ps.advanced is None:
        ps.blocked_by = [d for d in deps if open_since[d] is not None]
        open_since[ps.phase.id] = ps.reopened_at or _NEVER
        ps.state = _open_state(ps)
        return
    # A dependency that stopped being done after this advancement undoes it (reopen reaches dependents);
    # one that was not done when a forced advancement overrode it does not.
    after = ps.advanced.at
    lost = {d: since for d in deps if (since := open_since[d]) is not None and since >= after}
    if lost:
        ps.blocked_by, ps.state = list(lost), "blocked"
        open_since[ps.phase.id] = min(lost.values())
        return
    open_since[ps.phase.id] = None
    ps.regressed_checks = [
        c.check.id
        for c in ps.checks
        if c.check.required and c.result and c.result.at > after and c.result.status.is_failure
    ]
    ps.state = "regressed" if ps.regressed_checks else "complete"


def _open_state(ps: PhaseState) -> str:
    if ps.blocked_by:
        return "blocked"
    if ps.started_at is not None or any(c.result for c in ps.checks):
        return "in_progress"
    return "planned"
