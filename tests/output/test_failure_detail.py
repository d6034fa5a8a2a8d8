"""Why a check failed, in every output: one failing check per kind, run once, shown everywhere."""

from __future__ import annotations

import io
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml

from tta_timeline.commands.checklist import checklist
from tta_timeline.commands.session import Session
from tta_timeline.commands.verify import verify
from tta_timeline.core.runtime import Runtime

SECRET = "s3cr3tpw"
PHASES = """\
version: 1
project: why
services:
  redis: {{url: "redis://:{secret}@localhost:6379/0"}}
phases:
  - id: 1
    name: Why
    checks:
      - {{id: cmd, command: {{run: ["sh", "-c", "echo 'login with {secret}' >&2; echo 'refused: no route' >&2; exit 1"]}}}}
      - {{id: unit, pytest: {{python: "{python}", cwd: suite}}}}
      - {{id: health, http: {{url: "{url}/health", json: {{status: healthy}}}}}}
      - {{id: todo, file: {{path: README.md, not_contains: TODO}}}}
      - {{id: cache, redis: {{command: [GET, "tta:none"], expect: warm}}}}
      - {{id: graph, neo4j: {{query: "RETURN 1 AS n", mock_result: [{{n: 1}}], expect_scalar: 2}}}}
      - {{id: after, needs: [cmd], command: {{run: "true"}}}}
"""

#: per check, a line of its detail that every output must show
EXPECTED = {
    "cmd": "refused: no route",
    "unit": "test_greet.py::test_known_bug: AssertionError: greets strangers",
    "health": '$.status: expected "healthy", got "degraded"',
    "todo": "README.md: /TODO/ matched line 2: TODO: write the docs",
    "cache": "got:      None",
    "graph": "expected scalar 2, got 1",
    "after": "cmd (fail): exit code 1, expected 0",
}


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Degraded(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"status": "degraded"}).encode()
        self.send_response(503 if self.path != "/health" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Degraded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = tmp_path_factory.mktemp("why")
    (root / "README.md").write_text("# Why\nTODO: write the docs\n")
    (root / "suite").mkdir()
    (root / "suite" / "pytest.ini").write_text("[pytest]\n")
    (root / "suite" / "test_greet.py").write_text(
        "def test_greets(): assert True\n\ndef test_known_bug(): assert False, 'greets strangers'\n"
    )
    url = f"http://127.0.0.1:{server.server_address[1]}"
    (root / "phases.yaml").write_text(PHASES.format(secret=SECRET, python=sys.executable, url=url))
    outputs = {fmt: _run(root, fmt) for fmt in ("plain", "table", "junit", "markdown", "tap", "json")}
    outputs["checklist"] = _checklist(root)
    yield root, outputs
    server.shutdown()
    server.server_close()


def _session(root: Path, tty: bool = False) -> Session:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_STEP_SUMMARY", "TTA_TIMELINE_BACKEND")}
    env.update(COLUMNS="200", TTA_TIMELINE_ACTOR="alice")
    return Session(
        file=root / "phases.yaml",
        runtime=Runtime(env=env, cwd=root),
        stdout=_Tty() if tty else io.StringIO(),
        stderr=io.StringIO(),
    )


def _run(root: Path, fmt: str) -> str:
    session = _session(root, tty=fmt == "table")
    try:
        code = verify(session, phases=[1], fmt="table" if fmt == "plain" else fmt, backend="mock")
    finally:
        session.close()
    assert code == 1
    return session.stdout.getvalue()


def _checklist(root: Path) -> str:
    session = _session(root)
    try:
        assert checklist(session, [1]) == 0
    finally:
        session.close()
    return session.stdout.getvalue()


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown", "tap", "checklist"])
@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_every_output_shows_the_detail(project, fmt: str, check: str) -> None:
    _, outputs = project
    text = outputs[fmt]
    wanted = EXPECTED[check]
    if fmt == "tap":
        wanted = json.dumps(wanted)[1:-1]  # a JSON string in the YAML block
    assert wanted in text


def test_plain_output_puts_the_detail_indented_under_the_fail_line(project) -> None:
    lines = project[1]["plain"].splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("FAIL 1.unit "))
    assert lines[at + 1] == "    " + EXPECTED["unit"]
    assert not lines[at + 2].startswith(" ")  # one line of detail: the next check or the summary follows


def test_junit_failure_body_carries_the_detail(project, tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    report.write_text(project[1]["junit"])
    cases = {case.name.split(" ")[0]: case for suite in JUnitXml.fromfile(str(report)) for case in suite}
    for check, wanted in EXPECTED.items():
        (result,) = cases[check].result
        assert isinstance(result, (Failure, Error))
        assert wanted in result.text, check


def test_markdown_detail_is_collapsible(project) -> None:
    text = project[1]["markdown"]
    assert "<details><summary>1.unit: 1 passed, 1 failed" in text
    assert text.count("<details>") == len(EXPECTED) == text.count("</details>")


def test_json_and_store_keep_the_detail(project) -> None:
    doc = json.loads(project[1]["json"])
    details = {r["check"]: r["detail"] for r in doc["results"]}
    assert all(EXPECTED[c] in details[c] for c in EXPECTED)
    session = _session(project[0])
    try:
        stored = {r.check: r.detail for r in session.store.latest_results()}
    finally:
        session.close()
    assert all(EXPECTED[c] in stored[c] for c in EXPECTED)


def test_a_password_in_stderr_is_masked_everywhere(project) -> None:
    root, outputs = project
    for fmt, text in outputs.items():
        assert SECRET not in text, fmt
        if fmt != "json":
            assert "login with ***" in text, fmt
    for stored in (root / ".tta-timeline").iterdir():
        assert SECRET.encode() not in stored.read_bytes(), stored
