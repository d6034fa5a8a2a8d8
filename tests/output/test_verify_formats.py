"""verify's output formats on a hand-built run: JUnit structure, TAP, Markdown, table."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

from junitparser import Error, Failure, JUnitXml, Skipped
from msgspec.structs import replace
from rich.console import Console

from tta_timeline.core.results import CheckResult, Run, Status
from tta_timeline.output import junit, live, markdown, tap
from tta_timeline.output.render import render_text
from tta_timeline.output.report_json import Report, summary_line

T0 = datetime(2030, 1, 1, tzinfo=timezone.utc)


def _result(check: str, status: Status, phase: int = 1, **kw) -> CheckResult:
    return CheckResult(
        phase=phase,
        check=check,
        name=kw.pop("name", check),
        kind=kw.pop("kind", "command"),
        status=status,
        message=kw.pop("message", f"{status.value} message"),
        at=T0,
        **kw,
    )


def _report(strict: bool = False) -> Report:
    results = [
        _result("ping", Status.PASS, kind="redis", backend="mock", message="PONG in 2ms", duration=0.002),
        _result("bad", Status.FAIL, message="expected 200, got 500 | <html> & 'quotes'"),
        _result("crash", Status.ERROR, message="connection refused", attempts=5, waited=7.5),
        _result("after", Status.BLOCKED, message="needs bad (fail) to pass"),
        _result("docs", Status.SKIP, phase=2, message="later #2"),
        _result("review", Status.PENDING, phase=2, kind="manual", message="waiting for a tick"),
        _result("style", Status.FAIL, phase=2, required=False),
    ]
    run = Run(
        id="r1",
        started_at=T0,
        finished_at=T0 + timedelta(seconds=2.3),
        phases=[1, 2],
        backend="mock",
        actor="alice",
        commit="0123456789abcdef",
        dirty=True,
        results=results,
    )
    return Report(run, {1: "Services", 2: "Docs"}, strict, "demo")


def test_summary_line_and_exit_relevance():
    report = _report()
    assert summary_line(report) == "1 passed, 2 failed, 1 errors, 1 skipped, 1 blocked, 1 pending in 2.3s"
    assert report.ok is False
    advisory = report.run.results[-1]
    assert not report.counts_against(advisory)
    pending = report.run.results[5]
    assert not report.counts_against(pending) and _report(strict=True).counts_against(pending)


def test_junit_maps_statuses_and_marks_mock(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(junit.render(_report()))
    xml = JUnitXml.fromfile(str(path))
    suites = {s.name: s for s in xml}
    assert list(suites) == ["Phase 1: Services", "Phase 2: Docs"]
    cases = {c.name: c for s in xml for c in s}
    assert "ping (mock)" in cases and cases["ping (mock)"].is_passed
    assert isinstance(cases["bad"].result[0], Failure)
    assert "got 500 | <html> & 'quotes'" in cases["bad"].result[0].message
    assert isinstance(cases["crash"].result[0], Error) and isinstance(cases["after"].result[0], Error)
    assert isinstance(cases["docs"].result[0], Skipped) and isinstance(cases["review"].result[0], Skipped)
    assert (suites["Phase 1: Services"].errors, suites["Phase 1: Services"].failures) == (2, 1)
    root = ET.parse(path).getroot()
    backend = root.find("./testsuite/properties/property[@name='backend']")
    assert backend is not None and backend.get("value") == "mock"
    assert root.get("tests") == "7"


def test_tap_is_version_13_with_directives():
    lines = tap.render(_report()).splitlines()
    assert lines[:2] == ["TAP version 13", "1..7"]
    assert "ok 1 - 1.ping" in lines and "not ok 2 - 1.bad" in lines
    assert "ok 5 - 2.docs # SKIP later \\#2" in lines
    assert "not ok 6 - 2.review # TODO waiting for a tick" in lines
    assert "not ok 7 - 2.style # TODO advisory" in lines
    at = lines.index("not ok 3 - 1.crash")
    assert lines[at + 1] == "  ---" and "  attempts: 5" in lines[at + 1 : at + 8]


def test_markdown_table_escapes_cells():
    text = markdown.render(_report())
    assert text.startswith("### demo verify failed")
    assert "commit `0123456789ab` (dirty)" in text
    assert "| `bad` | ❌ fail | expected 200, got 500 \\| <html> & 'quotes' |" in text
    assert "| `style` _(advisory)_ |" in text and "(mock)" in text


def test_plain_line_and_table_render():
    report = _report()
    assert live.plain_line(report.run.results[0]) == "PASS 1.ping [mock]  PONG in 2ms (2ms)"
    assert live.plain_line(report.run.results[-1]).startswith("FAIL 2.style (advisory)")
    text = render_text("verify", "table", report)
    assert "Phase 1: Services" in text and "Phase 2: Docs" in text
    assert "FAILED 1 passed, 2 failed" in text


def test_plain_line_shows_the_name_the_user_wrote():
    """`PASS 1.health  /health reports healthy — status 200 in 1ms (12ms)`; the detail stays under it."""
    result = replace(
        _report().run.results[0],
        check="health",
        name="/health reports healthy",
        message="status 200 in 1ms",
        duration=0.012,
    )
    assert live.plain_line(result) == "PASS 1.health [mock]  /health reports healthy — status 200 in 1ms (12ms)"
    failed = replace(result, status=Status.FAIL, detail="status 500, text/html", backend=None)
    assert [live.plain_line(failed), *live.detail_lines(failed)] == [
        "FAIL 1.health  /health reports healthy — status 200 in 1ms (12ms)",
        "    status 500, text/html",
    ]
    # no name of its own: the id, or a manual item's text that the message already quotes
    pending = replace(
        result, name="Ran it by hand", message="waiting for a person to tick: Ran it by hand", backend=None
    )
    assert live.plain_line(pending) == "PASS 1.health  waiting for a person to tick: Ran it by hand (12ms)"


def test_live_progress_counts():
    console = Console(file=io.StringIO(), force_terminal=True)
    progress = live.LiveProgress(console, total=2)
    report = _report()
    with progress:
        progress.started(1, type("C", (), {"id": "ping"})())
        assert progress.running == {"1.ping": None}
        progress.finished(report.run.results[0])
        progress.finished(report.run.results[1])
    assert (progress.passed, progress.failed) == (1, 1)
    assert progress.progress.tasks[0].completed == 2 and not progress.running
