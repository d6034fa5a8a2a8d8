"""`pytest`: a test suite's outcomes, counted from a JUnit XML report.

The console output is never parsed: its format changes between pytest versions and plugins.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from tta_timeline.checks import detail, lint
from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.checks.command import output_tail, resolve_cwd, stopped_outcome
from tta_timeline.core import expansion
from tta_timeline.core.results import Status
from tta_timeline.services import procs

MAX_NAMES = 10
EXIT_USAGE = 4  # pytest refused its arguments: a path that does not exist, an unknown option
COLLECTION_FAILURE = "collection failure"  # the junitxml message of an error while collecting
_ERROR_LINE = re.compile(r"^E\s+(\S.*)$", re.M)
_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")
_USAGE_LINE = re.compile(r"^(?:ERROR|error): (.+)$", re.M)
_DESELECTED = re.compile(r"(\d+) deselected")
# A case that failed and also errored in teardown counts once, as failed.
_ORDER = (("failure", "failed"), ("error", "errors"), ("skipped", "skipped"))


class PytestSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    args: Annotated[str | list[str], AfterValidator(expansion.splittable)] = Field(
        default_factory=list, description="pytest's arguments (a string is split like a shell would)"
    )
    cwd: str | None = Field(None, description="working folder, relative to the root")
    env: dict[str, str] = Field(default_factory=dict, description="variables added to the environment")
    python: str = Field("python", description="the interpreter whose pytest runs (the project's own venv)")
    min_passed: int | None = Field(None, ge=0, description="at least this many tests must pass")
    max_failed: int = Field(0, ge=0, description="limit on failed + errors")
    min_pass_rate: float | None = Field(None, ge=0, le=1, description="passed / (total - skipped)")


def where(spec: PytestSpec) -> str:
    """Which tests a check runs, as people read it ("api: tests/unit -q"); empty for the whole suite."""
    args = spec.args if isinstance(spec.args, str) else " ".join(spec.args)
    return " ".join(part for part in (f"{spec.cwd}:" if spec.cwd else "", args) if part)


def _interpreter(spec: PytestSpec, ctx: CheckContext) -> str | None:
    return interpreter(spec.python, ctx.root, ctx.env)


def interpreter(python: str, root: Path, env: Mapping[str, str]) -> str | None:
    """A bare name is looked up on the PATH of env; a path is relative to the root."""
    if "/" not in python:
        return shutil.which(python, path=env.get("PATH", ""))
    path = root / python
    return str(path) if path.is_file() else None


def check_lint(spec: PytestSpec, ctx: lint.LintContext) -> list[lint.Finding]:
    """An interpreter that is not here is a warning (the CI machine may have it); so is a cwd outside the checkout."""
    found = lint.cwd(spec.cwd, ctx)
    if interpreter(spec.python, ctx.root, {**ctx.env, **spec.env}) is None:
        where = f"under {ctx.root}" if "/" in spec.python else "on PATH"
        message = f"interpreter {spec.python} is not found {where} (it may exist where the checks run)"
        found.append(lint.Finding(("python",), message, warning=True))
    return found


def count(report: Path) -> tuple[dict[str, int], list[str], list[str], list[str]]:
    """Outcome counts, the ids of failed / erroring tests, the collection errors, and each failure with its reason."""
    counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0, "total": 0}
    failing: list[str] = []
    collection: list[str] = []
    reasons: list[str] = []
    for case in ET.parse(report).getroot().iter("testcase"):
        element, outcome = _outcome(case)
        counts[outcome] += 1
        counts["total"] += 1
        name = test_id(case)
        if element is not None and element.tag == "error" and element.get("message") == COLLECTION_FAILURE:
            collection.append(f"{name}: {_exception_line(element.text or '')}")
            reasons.append(collection[-1])
        elif element is not None and outcome != "skipped":
            failing.append(name)
            reasons.append(f"{name}: {reason(element)}")
    return counts, failing, collection, reasons


def _exception_line(text: str) -> str:
    """The exception pytest reported (`E   ModuleNotFoundError: ...`), else the text's first line."""
    marked = _ERROR_LINE.findall(text)
    named = [line for line in marked if _EXCEPTION.match(line)]
    if named or marked:
        return (named or marked)[-1].strip()
    return next((line.strip() for line in text.splitlines() if line.strip()), "no details")


def explain(returncode: int | None, output: str, counts: dict[str, int], collection: list[str]) -> str | None:
    """Why a run proved little: pytest's usage error, the first collection error, or nothing collected."""
    if returncode == EXIT_USAGE:
        usage = _USAGE_LINE.findall(output)
        return usage[0].strip() if usage else f"pytest refused its arguments (exit code {EXIT_USAGE})"
    if collection:
        more = f" (and {len(collection) - 1} more)" if len(collection) > 1 else ""
        return f"collection error in {collection[0]}{more}"
    if counts["total"] == 0:
        deselected = _DESELECTED.search(output)
        return f"no tests selected ({deselected.group(1)} deselected)" if deselected else "no tests collected"
    return None


def _outcome(case: ET.Element) -> tuple[ET.Element | None, str]:
    for tag, outcome in _ORDER:
        element = case.find(tag)
        if element is not None:
            return element, outcome
    return None, "passed"


def test_id(case: ET.Element) -> str:
    """The pytest node id (`tests/test_x.py::TestY::test_z`) when the report names the file (xunit1)."""
    classname, name, file = case.get("classname", ""), case.get("name", ""), case.get("file")
    if not file:
        return f"{classname}::{name}".lstrip(":")
    module = file.removesuffix(".py").replace("/", ".")
    if name == module:  # a collection error: the module itself
        return file
    inner = classname[len(module) + 1 :] if classname.startswith(module + ".") else ""
    return "::".join(p for p in (file, *inner.split("."), name) if p)


def reason(element: ET.Element) -> str:
    """One line: the message's first line, else the exception the text names."""
    message = (element.get("message") or "").strip()
    first = message.splitlines()[0] if message else _exception_line(element.text or "")
    return first if len(first) <= 200 else first[:199] + "…"


def summary(c: dict[str, int]) -> str:
    return f"{c['passed']} passed, {c['failed']} failed, {c['errors']} errors, {c['skipped']} skipped of {c['total']}"


def judge(spec: PytestSpec, c: dict[str, int]) -> list[str]:
    """Every threshold the counts miss, each naming expected vs actual."""
    ran = c["total"] - c["skipped"]
    bad = c["failed"] + c["errors"]
    missed = []
    if ran == 0 and spec.min_passed is None:
        # Without an explicit min_passed: 0, an empty run means a wrong path or filter.
        return ["no tests ran"]
    if bad > spec.max_failed:
        missed.append(f"{bad} failed or errors, expected at most {spec.max_failed}")
    if spec.min_passed is not None and c["passed"] < spec.min_passed:
        missed.append(f"{c['passed']} passed, expected at least {spec.min_passed}")
    if spec.min_pass_rate is not None:
        rate = c["passed"] / ran if ran else 0.0
        if rate < spec.min_pass_rate:
            missed.append(f"pass rate {rate:.1%}, expected at least {spec.min_pass_rate:.1%}")
    return missed


def run(spec: PytestSpec, ctx: CheckContext) -> Outcome:
    python = _interpreter(spec, ctx)
    if python is None:
        return Outcome(Status.ERROR, f"interpreter {spec.python} not found")
    cwd = resolve_cwd(spec.cwd, ctx.root)
    if not cwd.is_dir():
        return Outcome(Status.ERROR, f"working directory {spec.cwd} does not exist")
    args = expansion.argv(spec.args, {**ctx.env, **spec.env})
    with tempfile.TemporaryDirectory(prefix="tta-pytest-") as tmp:
        report = Path(tmp) / "report.xml"
        # xunit1 names each test's file, so failing tests are shown by their node ids
        argv = [
            python,
            "-m",
            "pytest",
            *args,
            f"--junitxml={report}",
            "-o",
            "junit_family=xunit1",
            "-p",
            "no:cacheprovider",
        ]
        try:
            result = procs.run_captured(
                argv, cwd=cwd, env={**ctx.env, **spec.env}, timeout=ctx.timeout, cancelled=ctx.cancelled
            )
        except OSError as exc:
            return Outcome(Status.ERROR, f"cannot run {python}: {exc.strerror or exc}", {"argv": argv})
        evidence: dict[str, Any] = {"argv": argv, "exit_code": result.returncode}
        stopped = stopped_outcome(result, ctx.timeout, evidence)
        if stopped:
            stopped.detail = output_tail(result)
            return stopped
        if not report.is_file():
            return _no_report(result, evidence)
        try:
            counts, failing, collection, reasons = count(report)
        except ET.ParseError as exc:
            return Outcome(Status.ERROR, f"unreadable JUnit report: {exc}", evidence)
    evidence.update(counts=counts, failing=failing[:MAX_NAMES], collection_errors=collection[:MAX_NAMES])
    output = result.stdout + result.stderr
    why = explain(result.returncode, output, counts, collection)
    if result.returncode == EXIT_USAGE:  # pytest ran nothing it was asked to
        return Outcome(Status.FAIL, why or summary(counts), evidence, detail=detail.last_lines(output))
    missed = judge(spec, counts)
    if not missed:
        return Outcome(Status.PASS, summary(counts) + (f" ({why})" if why else ""), evidence)
    why_lines = detail.listing(reasons) or detail.last_lines(output)
    if why and counts["total"] - counts["skipped"] == len(collection):
        # nothing ran: "0 passed of 0" would say nothing
        return Outcome(Status.FAIL, why, evidence, detail=why_lines)
    return Outcome(
        Status.FAIL,
        f"{summary(counts)}: {'; '.join(missed)}" + (f" ({why})" if why else ""),
        evidence,
        detail=why_lines,
    )


def _no_report(result: procs.ProcResult, evidence: dict) -> Outcome:
    """pytest missing from that interpreter, bad arguments or a crash: show what it said."""
    output = procs.tail((result.stdout + result.stderr).strip(), 2000)
    last = output.splitlines()[-1] if output else "no output"
    evidence["output"] = output
    return Outcome(
        Status.ERROR,
        f"pytest wrote no report (exit code {result.returncode}): {last}",
        evidence,
        detail=detail.last_lines(output),
    )
