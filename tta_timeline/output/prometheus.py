"""The Prometheus text format: `verify --format prometheus` (node-exporter textfile collector) and `serve`'s /metrics.

Both share the per-phase last-run families, so a scrape and a textfile name the same series alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tta_timeline.core.results import Run, Status
from tta_timeline.output.report_json import Report

PREFIX = "tta_timeline"


class _Families:
    """A collector that yields families built beforehand (one exposition, no global registry)."""

    def __init__(self, families: list[Any]):
        self.families = families

    def collect(self) -> Iterator[Any]:
        return iter(self.families)


def exposition(families: Iterable[Any]) -> str:
    # lazy: prometheus_client (the serve extra) only for --format prometheus
    from prometheus_client import CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(list(families)))
    return generate_latest(registry).decode("utf-8")


def gauge(name: str, documentation: str, labels: list[str] | None = None, value: float | None = None) -> Any:
    # lazy: prometheus_client (the serve extra) only for --format prometheus
    from prometheus_client.core import GaugeMetricFamily

    return GaugeMetricFamily(f"{PREFIX}_{name}", documentation, value=value, labels=labels)


def last_run_families(last: dict[int, Run]) -> list[Any]:
    """When each phase was last verified, how long that run took, and its results by status."""
    started = gauge("last_run_timestamp_seconds", "Start of the phase's last verify run (Unix time).", ["phase"])
    took = gauge("last_run_duration_seconds", "Duration of the phase's last verify run.", ["phase"])
    checks = gauge(
        "last_run_checks", "Results of the phase's checks in its last verify run, by status.", ["phase", "status"]
    )
    for pid, run in sorted(last.items()):
        started.add_metric([str(pid)], run.started_at.timestamp())
        took.add_metric([str(pid)], max(0.0, (run.finished_at - run.started_at).total_seconds()))
        for status in Status:
            count = sum(1 for r in run.results if r.phase == pid and r.status is status)
            checks.add_metric([str(pid), status.value], count)
    return [started, took, checks]


def render(report: Report) -> str:
    """The run as a textfile-collector file: write it with --output into the collector's directory."""
    ok = gauge(
        "verify_ok",
        "1 when the run passed: no required check failed (with --strict, none pending or skipped).",
        value=1.0 if report.ok else 0.0,
    )
    return exposition([*last_run_families({pid: report.run for pid in report.run.phases}), ok])
