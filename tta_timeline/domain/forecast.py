"""Estimate against actual per phase, and a forecast for what is left from this project's own track record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from tta_timeline.domain.state import PhaseState, TimelineState

if TYPE_CHECKING:  # types only: an outline's Span and the model's Estimate both have low, high and mid
    from tta_timeline.config.model import Estimate
    from tta_timeline.config.outline import Span


@dataclass
class Row:
    id: int
    name: str
    state: str
    estimate: Estimate | Span | None
    #: seconds from first result to advancement (or to now while running); None when unknown
    actual: float | None
    running: bool = False
    #: seconds outside the estimate range: positive over, negative under, 0 within
    slip: float | None = None
    #: seconds still expected for a phase that is not done
    forecast: float | None = None


@dataclass
class Forecast:
    rows: list[Row]
    ratio: float
    #: the phases whose actual/estimate ratios the forecast is based on
    basis: list[int] = field(default_factory=list)
    remaining: float | None = None
    now: datetime | None = None


def known_actual(ps: PhaseState, now: datetime | None) -> float | None:
    """The actual duration, or None when the store cannot know it.

    An imported phase has its ticks and advancement on the same day the document names, so a zero
    there means "not recorded", not "took no time". While a phase runs, its actual depends on now,
    which a committed report must not show unless asked.
    """
    if ps.advanced is not None:
        actual = ps.actual(ps.advanced.at)
        if actual == 0 and ps.advanced.data.get("imported"):
            return None
        return actual
    if now is None:
        return None
    return ps.actual(now)


def slip(estimate: Estimate | Span | None, actual: float | None) -> float | None:
    if estimate is None or actual is None:
        return None
    if actual > estimate.high:
        return actual - estimate.high
    if actual < estimate.low:
        return actual - estimate.low
    return 0.0


def build(state: TimelineState, now: datetime | None) -> Forecast:
    """`now` None leaves out everything that depends on the clock (for committed documents)."""
    rows = [_row(ps, now) for ps in state.phases]
    # a phase that was complete and waits for a reopened dependency has no work of its own left
    done = [r for r, ps in zip(rows, state.phases) if ps.advanced is not None]
    pairs = [
        (r.id, r.actual / r.estimate.mid)
        for r in done
        if r.actual is not None and r.estimate is not None and r.estimate.mid > 0
    ]
    ratio = _median([v for _, v in pairs]) if pairs else 1.0
    left = [(row, ps) for row, ps in zip(rows, state.phases) if ps.advanced is None and row.estimate is not None]
    for row, ps in left:
        # the time spent so far is what the store recorded, never the clock: every view forecasts alike
        row.forecast = max(0.0, row.estimate.mid * ratio - ps.spent()) if row.estimate else None
    remaining = sum(row.forecast or 0.0 for row, _ in left) if left else None
    return Forecast(rows, ratio, [i for i, _ in pairs], remaining, now)


def _median(values: list[float]) -> float:
    # lazy: statistics imports fractions, decimal and random; only a timeline with finished phases needs it
    from statistics import median

    return median(values)


def _row(ps: PhaseState, now: datetime | None) -> Row:
    actual = known_actual(ps, now)
    running = ps.advanced is None and actual is not None
    row = Row(ps.phase.id, ps.phase.name, ps.state, ps.phase.estimate, actual, running)
    if not running:
        row.slip = slip(ps.phase.estimate, actual)
    return row
