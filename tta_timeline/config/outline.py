"""What the read commands need of a phases file (ids, names, estimates, dependencies, kinds): plain data.

`status`, `checklist` and `timeline` show the timeline without running a check, so they need no
check specs and no validators. An outline is made from a validated timeline, and is what the load
cache keeps (config/load_cache.py): a warm `status` imports neither pydantic's model builders nor
any check kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # only to read a validated timeline; importing it builds every check kind's model
    from tta_timeline.config.model import Timeline


# NamedTuples, not dataclasses: a warm `status` defines them at every start-up, at a fraction of the cost


class Span(NamedTuple):
    """An estimate: seconds, low..high (equal for a single duration)."""

    low: float
    high: float

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2


class CheckOutline(NamedTuple):
    id: str
    kind: str
    title: str
    required: bool
    #: the variables whose values the check marks secret (its kind's `secret_vars`): the registry masks them
    secret_vars: tuple[str, ...] = ()
    #: its kind's rules that reading commands need (checks/base.CheckKind): a person ticks it; the service it uses
    ticked: bool = False
    service: str | None = None


class PhaseOutline(NamedTuple):
    id: int
    name: str
    objective: str
    estimate: Span | None
    depends_on: list[int]
    requires_real: bool
    checks: list[CheckOutline]

    def check(self, check_id: str) -> CheckOutline | None:
        return next((c for c in self.checks if c.id == check_id), None)


class Outline(NamedTuple):
    project: str
    root: str
    phases: list[PhaseOutline]

    def phase(self, phase_id: int) -> PhaseOutline | None:
        return next((p for p in self.phases if p.id == phase_id), None)


def outline_of(timeline: Timeline) -> Outline:
    return Outline(
        timeline.project,
        timeline.root,
        [
            PhaseOutline(
                p.id,
                p.name,
                p.objective,
                Span(p.estimate.low, p.estimate.high) if p.estimate is not None else None,
                list(p.depends_on or []),
                p.requires_real,
                [
                    CheckOutline(c.id, c.kind, c.title, c.required, tuple(c.secret_vars), c.ticked, c.service)
                    for c in p.checks
                ],
            )
            for p in timeline.phases
        ],
    )


def to_data(outline: Outline) -> dict[str, Any]:
    """JSON-ready data (dataclasses.asdict would work too, but it deep-copies through every field)."""
    return {
        "project": outline.project,
        "root": outline.root,
        "phases": [
            {
                "id": p.id,
                "name": p.name,
                "objective": p.objective,
                "estimate": [p.estimate.low, p.estimate.high] if p.estimate is not None else None,
                "depends_on": p.depends_on,
                "requires_real": p.requires_real,
                "checks": [
                    [c.id, c.kind, c.title, c.required, list(c.secret_vars), c.ticked, c.service] for c in p.checks
                ],
            }
            for p in outline.phases
        ],
    }


def from_data(data: dict[str, Any]) -> Outline:
    """The outline `to_data` gave; raises KeyError, TypeError or ValueError on anything else."""
    phases = []
    for p in data["phases"]:
        estimate = p["estimate"]
        checks = [
            CheckOutline(str(i), str(k), str(t), bool(r), tuple(map(str, s)), bool(tk), None if sv is None else str(sv))
            for i, k, t, r, s, tk, sv in p["checks"]
        ]
        phases.append(
            PhaseOutline(
                int(p["id"]),
                str(p["name"]),
                str(p["objective"]),
                Span(float(estimate[0]), float(estimate[1])) if estimate is not None else None,
                [int(d) for d in p["depends_on"]],
                bool(p["requires_real"]),
                checks,
            )
        )
    return Outline(str(data["project"]), str(data["root"]), phases)
