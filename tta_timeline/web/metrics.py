"""/metrics: the timeline in the Prometheus text format, computed from the store at each scrape."""

from __future__ import annotations

from typing import Any

from tta_timeline.core.results import Status
from tta_timeline.domain.state import STATES, TimelineState
from tta_timeline.output.prometheus import PREFIX, exposition, gauge, last_run_families


def metrics_text(session: Any) -> str:
    state = session.state()
    last = {}
    for ps in state.phases:
        runs = session.store.runs(phase=ps.phase.id, limit=1)
        if runs:
            last[ps.phase.id] = runs[0]
    advances = [e for e in session.store.events() if e.kind == "advance"]
    families = [*phase_families(state, session.redactor), *last_run_families(last), _advancements(state, advances)]
    return exposition(families)


def phase_families(state: TimelineState, redactor: Any) -> list[Any]:
    complete = sum(1 for p in state.phases if p.state == "complete")
    info = gauge("phase_info", "The phase's name (always 1).", ["phase", "name"])
    phase_state = gauge("phase_state", "1 for the phase's current state, 0 for the others.", ["phase", "state"])
    passing = gauge(
        "checks_passing", "The phase's checks whose latest status is pass, by the phase's state.", ["phase", "state"]
    )
    checks = gauge("checks", "The phase's checks by latest status (not_run: never run).", ["phase", "status"])
    debt = gauge("waiver_debt", "Expired waivers on the phase's checks.", ["phase"])
    for ps in state.phases:
        pid = str(ps.phase.id)
        info.add_metric([pid, redactor.text(ps.phase.name)], 1)
        for word in STATES:
            phase_state.add_metric([pid, word], 1 if ps.state == word else 0)
        passing.add_metric([pid, ps.state], ps.passed)
        for status in (*(s.value for s in Status), "not_run"):
            count = sum(1 for c in ps.checks if (c.status.value if c.status else "not_run") == status)
            checks.add_metric([pid, status], count)
        debt.add_metric([pid], len(ps.waiver_debt))
    return [
        gauge("phases_complete", "Phases complete.", value=complete),
        gauge("phases_total", "Phases in the phases file.", value=len(state.phases)),
        info,
        phase_state,
        passing,
        checks,
        debt,
    ]


def _advancements(state: TimelineState, advances: list[Any]) -> Any:
    # lazy: prometheus_client (the serve extra) only when /metrics is asked for
    from prometheus_client.core import CounterMetricFamily

    family = CounterMetricFamily(
        f"{PREFIX}_advancements", "Advancements recorded per phase (forced ones too).", labels=["phase"]
    )
    for ps in state.phases:
        family.add_metric([str(ps.phase.id)], sum(1 for e in advances if e.phase == ps.phase.id))
    return family
