"""A Markdown summary for pull requests and the GitHub Actions job summary."""

from __future__ import annotations

import html
import re

from tta_timeline.core.durations import format_duration
from tta_timeline.core.results import CheckResult
from tta_timeline.output.report_json import Report, summary_line

ICON = {"pass": "✅", "fail": "❌", "error": "💥", "skip": "⏭️", "blocked": "⛔", "pending": "⏳"}


def _cell(text: str) -> str:
    """Table cells are one line and must not end the cell early."""
    return " ".join(text.split()).replace("|", "\\|")


def _row(r: CheckResult) -> str:
    check = f"`{r.check}`" + ("" if r.name in ("", r.check) else f" {r.name}")
    if not r.required:
        check += " _(advisory)_"
    backend = f" ({r.backend})" if r.backend else ""
    status = f"{ICON[r.status.value]} {r.status.value}{backend}"
    return f"| {_cell(check)} | {status} | {_cell(r.message)} | {format_duration(r.duration)} |"


def render(report: Report) -> str:
    run = report.run
    verdict = "passed" if report.ok else "failed"
    head = f"### {report.project or 'tta-timeline'} verify {verdict}"
    meta = f"backend `{run.backend}`, by {run.actor}"
    if run.commit:
        meta += f", commit `{run.commit[:12]}`" + (" (dirty)" if run.dirty else "")
    lines = [head, "", f"{summary_line(report)} — {meta}", ""]
    for pid, _name, results in report.phases():
        lines += [
            f"#### {_cell(report.phase_title(pid))}",
            "",
            "| Check | Status | Message | Time |",
            "|---|---|---|---|",
            *(_row(r) for r in results),
            "",
        ]
        lines += [block for r in results if r.detail and r.status.is_failure for block in _details(r)]
    return "\n".join(lines)


def _details(r: CheckResult) -> list[str]:
    """A collapsible block under the phase's table: why the check failed, verbatim."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", r.detail or "")), default=0))
    summary = html.escape(f"{r.key}: {' '.join(r.message.split())}")
    return [f"<details><summary>{summary}</summary>", "", fence + "text", r.detail or "", fence, "", "</details>", ""]
