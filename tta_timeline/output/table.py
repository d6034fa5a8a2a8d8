"""The `status` view: overall progress bar and one row per phase."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tta_timeline.core.durations import format_duration
from tta_timeline.core.words import counted, noun
from tta_timeline.domain.forecast import known_actual
from tta_timeline.domain.state import PhaseState, TimelineState

STATE_LABEL = {
    "planned": "planned",
    "in_progress": "in progress",
    "complete": "complete",
    "blocked": "blocked",
    "regressed": "REGRESSED",
}


def estimate_text(ps: PhaseState) -> str:
    est = ps.phase.estimate
    if est is None:
        return "-"
    if est.low == est.high:
        return format_duration(est.low)
    return f"{format_duration(est.low)}..{format_duration(est.high)}"


def actual_text(ps: PhaseState, now: datetime) -> str:
    """`?` for an advanced phase whose times were never recorded (imported), as `timeline` shows it."""
    actual = known_actual(ps, now)
    if actual is not None:
        return format_duration(actual)
    return "?" if ps.advanced is not None else "-"


def state_text(ps: PhaseState) -> Text:
    label = STATE_LABEL[ps.state]
    if ps.was_complete:
        label += f" ({ps.note})"
    elif ps.state == "blocked" and ps.blocked_by:
        label += " by " + ", ".join(str(b) for b in ps.blocked_by)
    return Text(label, style=ps.state)


def status_table(state: TimelineState) -> Table:
    current = state.current
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for header, justify in (
        ("", "left"),
        ("#", "right"),
        ("phase", "left"),
        ("state", "left"),
        ("checks", "right"),
        ("estimate", "right"),
        ("actual", "right"),
        ("completed", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for ps in state.phases:
        is_current = current is not None and ps is current
        table.add_row(
            "▶" if is_current else "",
            str(ps.phase.id),
            Text(ps.phase.name, style="current" if is_current else ""),
            state_text(ps),
            f"{ps.passed}/{ps.total}",
            estimate_text(ps),
            actual_text(ps, state.now),
            ps.completed_at.date().isoformat() if ps.completed_at else "",
        )
    return table


def progress_line(state: TimelineState, width: int = 40) -> Group:
    """Plain characters, so the bar still reads without colour or a terminal."""
    done = sum(1 for p in state.phases if p.state == "complete")
    total = len(state.phases)
    filled = round(width * done / total) if total else 0
    bar = Text("[")
    bar.append("#" * filled, style="complete")
    bar.append("." * (width - filled), style="muted")
    bar.append(f"] {100 * done // total if total else 0}%")
    return Group(Text(f"{state.timeline.project}: {done}/{total} phases complete"), bar)


def next_step(state: TimelineState) -> str:
    current = state.current
    if current is None:
        return "All phases are complete."
    pid = current.phase.id
    if current.state == "regressed":
        return f"Next: phase {pid} regressed ({', '.join(current.regressed_checks)}); fix it, then `tta-timeline verify --phase {pid}`."
    if current.state == "blocked":
        return f"Next: phase {pid} waits for {noun(current.blocked_by, 'phase')} {', '.join(map(str, current.blocked_by))}."
    required = [c for c in current.checks if c.check.required]
    if required and all(c.satisfied for c in required):
        return f"Next: every required check of phase {pid} passes; `tta-timeline advance --phase {pid}`."
    if current.state == "planned":
        return f"Next: `tta-timeline verify --phase {pid}` to start phase {pid} ({current.phase.name})."
    missing = sum(1 for c in required if not c.satisfied)
    return f"Next: {counted(missing, 'required check')} of phase {pid} not passing; `tta-timeline checklist --phase {pid}`."


def status_view(state: TimelineState) -> list[Any]:
    """`status`: the progress line, the table, any waiver debt, and what to do next."""
    parts: list[Any] = [progress_line(state), "", status_table(state)]
    debt = [(p.phase.id, c.check.id) for p in state.phases for c in p.waiver_debt]
    if debt:
        items = ", ".join(f"{pid}.{cid}" for pid, cid in debt)
        parts.append(f"[blocked]Waiver debt:[/] expired waivers on {items}")
    return [*parts, "", next_step(state)]
