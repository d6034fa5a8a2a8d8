"""The output formats of `verify`. Adding one: a module with `render(Report) -> str`, one line here."""

from __future__ import annotations

from collections.abc import Callable

from tta_timeline.output import junit, live, markdown, prometheus, report_json, tap
from tta_timeline.output.report_json import Report

FORMATS: dict[str, Callable[[Report], str]] = {
    "table": live.render,
    "json": report_json.render,
    "junit": junit.render,
    "markdown": markdown.render,
    "tap": tap.render,
    "prometheus": prometheus.render,
}


def render(name: str, report: Report) -> str:
    return FORMATS[name](report)
