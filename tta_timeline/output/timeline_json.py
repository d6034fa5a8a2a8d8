"""`timeline --json` (also /api/timeline and the report's timeline): the forecast as data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tta_timeline.core.documents import VERSIONS
from tta_timeline.domain.forecast import Forecast

if TYPE_CHECKING:  # types only: a warm `timeline` shows an outline's Span and builds no model
    from tta_timeline.config.model import Estimate
    from tta_timeline.config.outline import Span


def forecast_document(fc: Forecast) -> dict[str, Any]:
    """`timeline --json`."""

    def est(e: Estimate | Span | None) -> dict[str, float] | None:
        return {"low": e.low, "high": e.high} if e else None

    return {
        "version": VERSIONS["timeline"],
        "now": fc.now.isoformat() if fc.now else None,
        "phases": [
            {
                "id": r.id,
                "name": r.name,
                "state": r.state,
                "estimate_seconds": est(r.estimate),
                "actual_seconds": r.actual,
                "running": r.running,
                "slip_seconds": r.slip,
                "forecast_seconds": r.forecast,
            }
            for r in fc.rows
        ],
        "forecast": {"ratio": fc.ratio, "basis_phases": fc.basis, "remaining_seconds": fc.remaining},
    }
