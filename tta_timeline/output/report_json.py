"""What every verify output format is built from, and the `verify --json` document, version 1.

The JSON layout is a contract (README, "verify --json"): add keys, never rename or remove them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tta_timeline.core import records
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.durations import format_duration
from tta_timeline.core.results import CheckResult, Run, Status
from tta_timeline.core.timefmt import rfc3339
from tta_timeline.core.words import counted

#: (status, word in the summary line), in the order the summary shows them
SUMMARY_WORDS = (
    (Status.PASS, "passed"),
    (Status.FAIL, "failed"),
    (Status.ERROR, "errors"),
    (Status.SKIP, "skipped"),
    (Status.BLOCKED, "blocked"),
    (Status.PENDING, "pending"),
)
STRICT_ALSO = (Status.PENDING, Status.SKIP)


@dataclass
class Report:
    run: Run
    phase_names: dict[int, str] = field(default_factory=dict)
    strict: bool = False
    project: str = ""

    @property
    def elapsed(self) -> float:
        return max(0.0, (self.run.finished_at - self.run.started_at).total_seconds())

    def counts_against(self, result: CheckResult) -> bool:
        """Whether this result makes the run fail; advisory checks never do."""
        if not result.required:
            return False
        return result.status.is_failure or (self.strict and result.status in STRICT_ALSO)

    @property
    def ok(self) -> bool:
        return not any(self.counts_against(r) for r in self.run.results)

    def phases(self) -> list[tuple[int, str, list[CheckResult]]]:
        """Results grouped by phase, in run order."""
        return [
            (pid, self.phase_names.get(pid, ""), [r for r in self.run.results if r.phase == pid])
            for pid in self.run.phases
        ]

    def phase_title(self, pid: int) -> str:
        name = self.phase_names.get(pid)
        return f"Phase {pid}: {name}" if name else f"Phase {pid}"


def failing_lines(report: Report) -> list[str]:
    """Why the run failed: a heading, then one line per required check that made it fail, with its status."""
    failing = [r for r in report.run.results if report.counts_against(r)]
    if not failing:
        return []
    width = max(len(r.key) for r in failing)
    lines = [f"verify failed: {counted(len(failing), 'required check')} did not pass:"]
    for r in failing:
        why = " (counted by --strict)" if r.status in STRICT_ALSO else ""
        lines.append(f"  {r.key:<{width}}  {r.status.value}{why}")
    return lines


def summary_line(report: Report) -> str:
    counts = report.run.counts()
    parts = ", ".join(f"{counts[s.value]} {word}" for s, word in SUMMARY_WORDS)
    return f"{parts} in {format_duration(report.elapsed)}"


def result_document(r: CheckResult) -> dict[str, Any]:
    doc = records.form(r)
    doc["key"] = r.key
    return doc


def document(report: Report) -> dict[str, Any]:
    run = report.run
    return {
        "version": VERSIONS["verify"],
        "run": {
            "id": run.id,
            "project": report.project,
            "started_at": rfc3339(run.started_at),
            "finished_at": rfc3339(run.finished_at),
            "phases": run.phases,
            "backend": run.backend,
            "actor": run.actor,
            "commit": run.commit,
            "dirty": run.dirty,
        },
        "results": [result_document(r) for r in run.results],
        "summary": {
            **run.counts(),
            "total": len(run.results),
            "duration": round(report.elapsed, 3),
            "strict": report.strict,
            "ok": report.ok,
        },
    }
