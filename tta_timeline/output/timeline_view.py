"""The `timeline` view: estimate and actual bars per phase, slip, now, forecast; plain characters carry the meaning."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tta_timeline.core.durations import format_duration
from tta_timeline.core.words import counted, noun
from tta_timeline.domain.forecast import Forecast, Row
from tta_timeline.output.render import rich_text
from tta_timeline.output.table import STATE_LABEL

BAR = 32
LEGEND = "bars: = estimate (low)  - up to high  # actual  | now  . forecast  ? actual not recorded"


def _scale(fc: Forecast) -> float:
    """Seconds per character, so the longest bar of any row fills the column."""
    longest = 0.0
    for r in fc.rows:
        longest = max(longest, r.estimate.high if r.estimate else 0, (r.actual or 0) + (r.forecast or 0))
    return longest / BAR if longest else 1.0


def _chars(seconds: float, scale: float) -> int:
    return max(1, round(seconds / scale)) if seconds > 0 else 0


def estimate_bar(row: Row, scale: float) -> str:
    if row.estimate is None:
        return "(no estimate)"
    low = _chars(row.estimate.low, scale)
    return "=" * low + "-" * max(0, _chars(row.estimate.high, scale) - low)


def actual_bar(row: Row, scale: float) -> Text:
    if row.running:
        return Text("#" * _chars(row.actual or 0, scale) + "|", style="in_progress").append(
            "." * _chars(row.forecast or 0, scale), style="muted"
        )
    if row.actual is not None:
        return Text("#" * _chars(row.actual, scale) or "#", style="fail" if (row.slip or 0) > 0 else "pass")
    if row.state in ("complete", "regressed"):
        return Text("?", style="muted")
    return Text("." * _chars(row.forecast or 0, scale), style="muted")


def slip_text(row: Row) -> str:
    if row.forecast is not None:
        return f"~{format_duration(row.forecast)} left"
    if row.slip is None:
        return "-"
    if row.slip == 0:
        return "within"
    return f"+{format_duration(row.slip)} over" if row.slip > 0 else f"{format_duration(-row.slip)} under"


def _range(row: Row) -> str:
    est = row.estimate
    if est is None:
        return "-"
    return (
        format_duration(est.low) if est.low == est.high else f"{format_duration(est.low)}..{format_duration(est.high)}"
    )


def timeline_table(fc: Forecast) -> Table:
    scale = _scale(fc)
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    for header, justify in (
        ("#", "right"),
        ("phase", "left"),
        ("state", "left"),
        ("", "left"),
        ("bar", "left"),
        ("time", "right"),
        ("slip / forecast", "left"),
    ):
        table.add_column(header, justify=justify, no_wrap=header != "phase")  # type: ignore[arg-type]
    for row in fc.rows:
        actual = format_duration(row.actual) if row.actual is not None else "-"
        table.add_row(
            str(row.id),
            row.name,
            Text(STATE_LABEL[row.state], style=row.state),
            "est\nact",
            Text(estimate_bar(row, scale) + "\n").append_text(actual_bar(row, scale)),
            f"{_range(row)}\n{actual}",
            slip_text(row),
        )
    return table


def forecast_line(fc: Forecast) -> str:
    left = [r for r in fc.rows if r.forecast is not None]
    if not left:
        return (
            "Forecast: nothing left to do."
            if all(r.state == "complete" for r in fc.rows)
            else "Forecast: the phases left have no estimates."
        )
    if fc.basis:
        basis = (
            f"median actual/estimate ratio {fc.ratio:.2f} of {noun(fc.basis, 'phase')} {', '.join(map(str, fc.basis))}"
        )
    else:
        basis = "no recorded actuals yet: estimates taken as they are"
    return f"Forecast: {counted(len(left), 'phase')} left, about {format_duration(fc.remaining)} ({basis})."


def timeline_view(fc: Forecast) -> Group:
    parts: list = [timeline_table(fc), Text(""), Text(LEGEND, style="muted"), Text(forecast_line(fc))]
    if fc.now is not None:
        parts.append(Text(f"now: {fc.now.strftime('%Y-%m-%d %H:%M %Z').strip()}", style="muted"))
    return Group(*parts)


def timeline_text(fc: Forecast, width: int = 120) -> str:
    """The view as plain text, for documents: no colour, no terminal codes."""
    return "\n".join(line.rstrip() for line in rich_text(timeline_view(fc), width).splitlines()) + "\n"
