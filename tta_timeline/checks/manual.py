"""`manual`: an item a person ticks; it never runs and is `pending` until ticked."""

from __future__ import annotations

from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.core.results import Status


def run(spec: str, ctx: CheckContext) -> Outcome:
    # Ticks live in the store; the engine overlays them. Running never earns a pass.
    return Outcome(Status.PENDING, f"waiting for a person to tick: {spec}")
