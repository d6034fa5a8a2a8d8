"""Terminal output of `verify`: live progress while checks run, then a result table by phase.

Without a terminal the same run prints one plain line per finished check, then a summary.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from tta_timeline.core.durations import format_duration
from tta_timeline.core.results import CheckResult
from tta_timeline.output.report_json import Report, summary_line

RUNNING_SHOWN = 3  # names of running checks in the progress line; more would wrap


def plain_line(r: CheckResult) -> str:
    """`PASS 1.health  /health reports healthy — status 200 in 1ms (12ms)`: grep-able, one line per check.

    The name the user wrote comes first; a check without one (its id, or a manual item's text the message
    quotes) shows the message alone.
    """
    advisory = " (advisory)" if not r.required else ""
    backend = f" [{r.backend}]" if r.backend else ""
    message = " ".join(r.message.split())
    name = " ".join(r.name.split())
    said = f"{name} — {message}" if name and name != r.check and name not in message else message
    return f"{r.status.value.upper()} {r.key}{advisory}{backend}  {said} ({format_duration(r.duration)})"


def detail_lines(r: CheckResult, indent: str = "    ") -> list[str]:
    """The result's detail, indented, for plain output under its line (none on a pass)."""
    return [indent + line for line in (r.detail or "").splitlines()] if r.status.is_failure else []


def message_cell(r: CheckResult) -> Text:
    """The message, and under it the detail (muted): why, without --json."""
    cell = Text(r.message)
    if r.detail and r.status.is_failure:
        cell.append("\n" + r.detail, style="muted")
    return cell


def results_table(report: Report) -> Group:
    parts: list[Any] = []
    for pid, _name, results in report.phases():
        table = Table(title=report.phase_title(pid), title_justify="left", show_edge=False, pad_edge=False)
        for header in ("check", "status", "message", "time", "tries"):
            table.add_column(header, overflow="fold", justify="right" if header in ("time", "tries") else "left")
        for r in results:
            status = Text(r.status.value + (f" ({r.backend})" if r.backend else ""), style=r.status.value)
            check = Text(r.check, style="bold")
            if not r.required:
                check.append(" (advisory)", style="muted")
            table.add_row(check, status, message_cell(r), format_duration(r.duration), str(r.attempts))
        parts.append(table)
    verdict = Text("OK" if report.ok else "FAILED", style="pass" if report.ok else "fail")
    parts.append(Text.assemble(verdict, " ", summary_line(report)))
    return Group(*parts)


class PlainLines:
    """An engine Listener printing a line per finished check (no terminal, so no live display)."""

    def __init__(self, console: Console):
        self.console = console

    def started(self, phase: int, check: Any) -> None:
        pass

    def finished(self, result: CheckResult) -> None:
        for line in (plain_line(result), *detail_lines(result)):
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)


class LiveProgress:
    """An engine Listener driving a Rich progress bar: counts done and which checks are running."""

    def __init__(self, console: Console, total: int):
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("verify", total=total, counts="")
        self.running: dict[str, None] = {}
        self.failed = self.passed = 0

    def __enter__(self) -> LiveProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.stop()

    def _update(self, advance: int = 0) -> None:
        names = list(self.running)
        shown = ", ".join(names[:RUNNING_SHOWN]) + (
            f" +{len(names) - RUNNING_SHOWN}" if len(names) > RUNNING_SHOWN else ""
        )
        counts = f"[pass]{self.passed} ok[/] [fail]{self.failed} not ok[/]"
        self.progress.update(
            self.task, advance=advance, description=f"running {shown}" if shown else "verify", counts=counts
        )

    def started(self, phase: int, check: Any) -> None:
        self.running[f"{phase}.{check.id}"] = None
        self._update()

    def finished(self, result: CheckResult) -> None:
        self.running.pop(result.key, None)
        if result.status.value == "pass":
            self.passed += 1
        elif result.status.is_failure:
            self.failed += 1
        self._update(advance=1)
