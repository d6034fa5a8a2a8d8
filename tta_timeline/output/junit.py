"""JUnit XML for CI test reporters: one <testsuite> per phase, one <testcase> per check.

fail -> <failure>; error and blocked -> <error>; skip and pending -> <skipped>. Mock-backed
results say "(mock)" in the test name, so a green mock run is never mistaken for a real one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tta_timeline.core.results import CheckResult, Status
from tta_timeline.output.report_json import Report

ELEMENT = {
    Status.FAIL: "failure",
    Status.ERROR: "error",
    Status.BLOCKED: "error",
    Status.SKIP: "skipped",
    Status.PENDING: "skipped",
}


def _name(r: CheckResult) -> str:
    name = r.check if r.name in ("", r.check) else f"{r.check}: {r.name}"
    if not r.required:
        name += " (advisory)"
    return name + (f" ({r.backend})" if r.backend == "mock" else "")


def _testcase(suite: ET.Element, r: CheckResult) -> None:
    case = ET.SubElement(
        suite, "testcase", name=_name(r), classname=f"phase{r.phase}.{r.kind or 'check'}", time=f"{r.duration:.3f}"
    )
    if r.backend:
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="backend", value=r.backend)
    tag = ELEMENT.get(r.status)
    if tag is None:
        return
    child = ET.SubElement(case, tag, message=f"{r.status.value}: {r.message}")
    if tag != "skipped":
        child.set("type", r.status.value)
        detail = f"\n\n{r.detail}\n" if r.detail else "\n"
        child.text = f"{r.message}{detail}attempts: {r.attempts}, waited: {r.waited:.2f}s"


def _count(results: list[CheckResult], *statuses: Status) -> str:
    return str(sum(1 for r in results if r.status in statuses))


def render(report: Report) -> str:
    root = ET.Element("testsuites", name=report.project or "tta-timeline", time=f"{report.elapsed:.3f}")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for pid, _name, results in report.phases():
        suite = ET.SubElement(
            root,
            "testsuite",
            name=report.phase_title(pid),
            tests=str(len(results)),
            failures=_count(results, Status.FAIL),
            errors=_count(results, Status.ERROR, Status.BLOCKED),
            skipped=_count(results, Status.SKIP, Status.PENDING),
            time=f"{sum(r.duration for r in results):.3f}",
            timestamp=report.run.started_at.isoformat(),
        )
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="backend", value=report.run.backend)
        for r in results:
            _testcase(suite, r)
        for key in totals:
            totals[key] += int(suite.get(key) or 0)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
