"""`validate` reports what it can tell without running: each finding at file:line:col with its field path."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases

HEAD = """\
version: 1
project: Lint
services:
  redis: {url: "redis://localhost:6379/0"}
  neo4j: {uri: "bolt://localhost:7687"}
phases:
  - id: 1
    name: One
"""


def _file(folder: Path, body: str) -> Path:
    return write_phases(folder, HEAD + body)


def _validate(folder: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return cli("--file", str(folder / "phases.yaml"), "validate", *args, env=env)


def _check(kind_yaml: str) -> str:
    return f"    checks:\n      - id: c\n        {kind_yaml}\n"


#: (the check's kind line, the field, the message): each can never work, so each is an error (exit 2)
ERRORS = {
    "http contains": (
        'http: {url: "http://localhost:8080/", contains: "price ($"}',
        "11:57 phases[0].checks[0].http.contains",
        "invalid regular expression 'price ($': missing ), unterminated subpattern at position 6",
    ),
    "file contains": (
        'file: {path: README.md, contains: "("}',
        "11:43 phases[0].checks[0].file.contains",
        "invalid regular expression '(': missing ), unterminated subpattern at position 0",
    ),
    "file not_contains list": (
        'file: {path: README.md, not_contains: [ok, "a["]}',
        "11:52 phases[0].checks[0].file.not_contains[1]",
        "invalid regular expression 'a[': unterminated character set at position 1",
    ),
    "command stdout": (
        'command: {run: "true", stdout_contains: "*x"}',
        "11:49 phases[0].checks[0].command.stdout_contains",
        "invalid regular expression '*x': nothing to repeat at position 0",
    ),
    "command stderr": (
        'command: {run: "true", stderr_contains: "x{3,1}"}',
        "11:49 phases[0].checks[0].command.stderr_contains",
        "min repeat greater than max repeat at position 2",
    ),
    "env matches": (
        'env: {name: HOME, matches: "(?P<x"}',
        "11:36 phases[0].checks[0].env.matches",
        "invalid regular expression '(?P<x': missing >, unterminated name at position 4",
    ),
    "empty command": ('command: {run: ""}', "11:24 phases[0].checks[0].command.run", "empty command"),
    "blank command": ('command: {run: "   "}', "11:24 phases[0].checks[0].command.run", "empty command"),
    "blank shell command": (
        'command: {run: " ", shell: true}',
        "11:24 phases[0].checks[0].command.run",
        "empty command",
    ),
    "empty argv": ("command: {run: []}", "11:24 phases[0].checks[0].command.run", "empty command"),
    "empty program": ('command: {run: ["", x]}', "11:25 phases[0].checks[0].command.run[0]", "empty command"),
    "path escapes": (
        "file: {path: ../../etc/passwd}",
        "11:22 phases[0].checks[0].file.path",
        "../../etc/passwd escapes the project root; use an absolute path",
    ),
    "url without scheme": (
        'http: {url: "htp//nohost"}',
        "11:21 phases[0].checks[0].http.url",
        "only http:// and https:// URLs can be checked (got no http:// or https:// scheme)",
    ),
    "url without host": (
        'http: {url: "http:///health"}',
        "11:21 phases[0].checks[0].http.url",
        "malformed URL http:///health: no host",
    ),
    "url with a bad port": (
        'http: {url: "http://localhost:99999/"}',
        "11:21 phases[0].checks[0].http.url",
        "malformed URL http://localhost:99999/: port '99999' is not a number from 1 to 65535",
    ),
    "url with a word for a port": (
        'http: {url: "http://localhost:http/"}',
        "11:21 phases[0].checks[0].http.url",
        "port 'http' is not a number from 1 to 65535",
    ),
    "empty redis command": (
        "redis: {command: []}",
        "11:26 phases[0].checks[0].redis.command",
        "empty command: give it as a list",
    ),
    "empty cypher": ('neo4j: {query: " "}', "11:24 phases[0].checks[0].neo4j.query", "empty query"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_each_error_is_exit_2_with_its_place(tmp_path: Path, case: str) -> None:
    kind, where, message = ERRORS[case]
    _file(tmp_path, _check(kind))
    result = _validate(tmp_path)
    assert result.exit_code == 2, result.output
    assert f"error: {tmp_path / 'phases.yaml'}:{where}: " in result.stderr, result.stderr
    assert message in result.stderr


def test_an_error_stops_verify_and_status_before_anything_runs(tmp_path: Path) -> None:
    _file(tmp_path, _check('file: {path: README.md, contains: "("}'))
    for args in (["verify", "--phase", "1"], ["status"]):
        result = cli("--file", str(tmp_path / "phases.yaml"), *args)
        assert result.exit_code == 2, result.output
        assert "phases[0].checks[0].file.contains: invalid regular expression '('" in result.stderr
    assert not (tmp_path / ".tta-timeline").exists() or not list((tmp_path / ".tta-timeline").iterdir())


def test_every_error_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    _file(
        tmp_path,
        "    checks:\n"
        '      - {id: a, file: {path: x, contains: "("}}\n'
        '      - {id: b, command: {run: ""}}\n'
        '      - {id: c, env: {name: X, matches: "["}}\n',
    )
    lines = [line for line in _validate(tmp_path).stderr.splitlines() if line.startswith("error:")]
    assert [line.split(" ")[2] for line in lines] == [
        "phases[0].checks[0].file.contains:",
        "phases[0].checks[1].command.run:",
        "phases[0].checks[2].env.matches:",
    ]


def _setup(line: str) -> str:
    return f"    setup:\n      - {line}\n    checks:\n      - {{id: t, tcp: {{port: 8080}}}}\n"


def test_setup_ready_targets_and_commands_that_do_not_parse_are_errors(tmp_path: Path) -> None:
    _file(tmp_path, _setup('{name: api, run: " ", ready: {tcp: "localhost:web"}}'))
    result = _validate(tmp_path)
    assert result.exit_code == 2
    assert "phases[0].setup[0].run: empty command" in result.stderr
    assert (
        "phases[0].setup[0].ready.tcp: 'localhost:web' is not a port or host:port (e.g. 8080 or localhost:8080)"
        in result.stderr
    )
    for bad in ("70000", "0", "::1:80", "host:"):
        _file(tmp_path, _setup(f'{{name: api, run: "{sys.executable} -V", ready: {{tcp: "{bad}"}}}}'))
        assert f"ready.tcp: '{bad}' is not a port" in _validate(tmp_path).stderr, bad
    for good in ("8080", "db:5432", "[::1]:6379"):
        _file(tmp_path, _setup(f'{{name: api, run: "{sys.executable} -V", ready: {{tcp: "{good}"}}}}'))
        assert _validate(tmp_path).exit_code == 0, good
    _file(tmp_path, _setup('{name: api, run: "x", ready: {http: "http://localhost:port/health"}}'))
    assert "phases[0].setup[0].ready.http: malformed URL" in _validate(tmp_path).stderr


@pytest.mark.parametrize(
    ("services", "message"),
    [
        ('  redis: {url: "redis://cache:sixthree/0"}\n', "services.redis.url: malformed URL: port 'sixthree'"),
        ('  redis: {url: "http://cache:6379/0"}\n', "services.redis.url: redis URL scheme must be one of redis://"),
        ('  neo4j: {uri: "bolt://:7687"}\n', "services.neo4j.uri: malformed URL: no host"),
    ],
)
def test_malformed_service_urls_are_errors(tmp_path: Path, services: str, message: str) -> None:
    write_phases(
        tmp_path,
        "version: 1\nproject: S\nservices:\n" + services + "phases:\n  - {id: 1, name: One, checks: []}\n",
    )
    result = _validate(tmp_path)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


#: (the check's kind line, the field, the message): may be fine where the checks run, so a warning
WARNINGS = {
    "interpreter path": (
        "pytest: {python: .venv/bin/python9}",
        "11:26 phases[0].checks[0].pytest.python",
        "interpreter .venv/bin/python9 is not found under",
    ),
    "interpreter from the environment": (
        'pytest: {python: "${TTA_PYTHON}"}',
        "11:26 phases[0].checks[0].pytest.python",
        "interpreter /nowhere/bin/python is not found under",
    ),
    "interpreter on PATH": (
        "pytest: {python: python-that-is-not-here}",
        "11:26 phases[0].checks[0].pytest.python",
        "interpreter python-that-is-not-here is not found on PATH (it may exist where the checks run)",
    ),
    "program on PATH": (
        'command: {run: "tool-that-is-not-here --flag"}',
        "11:24 phases[0].checks[0].command.run",
        "tool-that-is-not-here is not found on PATH",
    ),
    "program path": (
        "command: {run: [./scripts/go.sh]}",
        "11:25 phases[0].checks[0].command.run[0]",
        "./scripts/go.sh is not an executable file under",
    ),
    "cwd climbing out": (
        f'command: {{run: "{sys.executable} -V", cwd: ../..}}',
        "phases[0].checks[0].command.cwd",
        "../.. is a folder outside the project root",
    ),
    "absolute cwd": (
        f'pytest: {{python: "{sys.executable}", cwd: /}}',
        "phases[0].checks[0].pytest.cwd",
        "/ is an absolute folder outside the project root",
    ),
    "cwd not there": (
        f'command: {{run: "{sys.executable} -V", cwd: build/out}}',
        "phases[0].checks[0].command.cwd",
        "build/out is not a folder under",
    ),
    "program from an empty variable": (
        'command: {run: "${TOOL:-} --version"}',
        "11:24 phases[0].checks[0].command.run",
        "the program ${TOOL:-} expands to nothing here",
    ),
    "absolute path": (
        "file: {path: /etc/hostname}",
        "11:22 phases[0].checks[0].file.path",
        "/etc/hostname is outside the project root",
    ),
}


@pytest.mark.parametrize("case", WARNINGS)
def test_each_warning_is_printed_and_keeps_exit_0(tmp_path: Path, case: str) -> None:
    kind, where, message = WARNINGS[case]
    _file(tmp_path, _check(kind))
    result = _validate(tmp_path, env={"TTA_PYTHON": "/nowhere/bin/python"})
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: {tmp_path / 'phases.yaml'}:") and f"{where}: " in result.stderr
    assert message in result.stderr, result.stderr
    assert "valid — 1 phase, 1 check" in result.stdout and "1 warning" in result.stdout
    strict = _validate(tmp_path, "--strict", env={"TTA_PYTHON": "/nowhere/bin/python"})
    assert strict.exit_code == 1
    assert message in strict.stderr
    assert "error: validate --strict fails on 1 warning (listed above)" in strict.stderr


def test_unconfigured_services_and_idle_ready_probes_are_warnings(tmp_path: Path) -> None:
    write_phases(
        tmp_path,
        "version: 1\nproject: S\nphases:\n  - id: 1\n    name: One\n"
        f'    setup:\n      - {{name: api, run: "{sys.executable} -V", ready: {{timeout: 5s}}}}\n'
        "    checks:\n      - {id: r, redis: {op: ping}}\n      - {id: n, neo4j: {op: ping}}\n",
    )
    result = _validate(tmp_path)
    assert result.exit_code == 0
    assert "phases[0].setup[0].ready: ready has neither http nor tcp" in result.stderr
    assert "phases[0].checks[0].redis: no services.redis is configured: the check uses redis://localhost:6379/0" in (
        result.stderr
    )
    assert "phases[0].checks[1].neo4j: no services.neo4j is configured: the check uses bolt://localhost:7687" in (
        result.stderr
    )


def test_found_programs_and_a_skipped_check_give_no_warning(tmp_path: Path) -> None:
    script = tmp_path / "go.sh"
    script.write_text("#!/bin/sh\n")
    os.chmod(script, 0o755)
    _file(
        tmp_path,
        "    checks:\n"
        f'      - {{id: a, pytest: {{python: "{sys.executable}"}}}}\n'
        "      - {id: b, command: {run: ./go.sh}}\n"
        '      - {id: c, command: {run: "nosuch-tool", shell: true}}\n'
        "      - {id: d, command: {run: nosuch-tool}, skip: not on this machine}\n"
        "      - {id: e, file: {path: sub/../README.md}}\n",
    )
    result = _validate(tmp_path)
    assert result.exit_code == 0 and "warning" not in result.stderr, result.stderr
    assert _validate(tmp_path, "--strict").exit_code == 0


def test_a_skipped_check_still_has_its_errors(tmp_path: Path) -> None:
    _file(tmp_path, "    checks:\n      - {id: d, command: {run: x, stdout_contains: '('}, skip: later}\n")
    assert _validate(tmp_path).exit_code == 2


def test_json_holds_errors_and_warnings_with_their_places(tmp_path: Path) -> None:
    _file(tmp_path, _check('file: {path: /etc/hostname, contains: "("}'))
    result = _validate(tmp_path, "--json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["valid"] is False
    assert doc["errors"] == [
        {
            "file": str(tmp_path / "phases.yaml"),
            "line": 11,
            "column": 47,
            "field": "phases[0].checks[0].file.contains",
            "message": "invalid regular expression '(': missing ), unterminated subpattern at position 0",
        }
    ]
    assert [w["field"] for w in doc["warnings"]] == ["phases[0].checks[0].file.path"]
    _file(tmp_path, _check("file: {path: /etc/hostname}"))
    warned = _validate(tmp_path, "--json")
    doc = json.loads(warned.stdout)
    assert warned.exit_code == 0 and doc["valid"] is True and doc["errors"] == []
    assert [(w["line"], w["column"], w["field"]) for w in doc["warnings"]] == [
        (11, 22, "phases[0].checks[0].file.path")
    ]
    strict = _validate(tmp_path, "--json", "--strict")
    assert strict.exit_code == 1 and json.loads(strict.stdout)["valid"] is False


def test_lint_findings_come_with_type_errors_in_one_pass(tmp_path: Path) -> None:
    _file(
        tmp_path,
        "    estimate: soon\n"
        "    checks:\n"
        '      - {id: a, file: {path: x, contains: "("}}\n'
        "      - {id: b, command: {run: 5, cwd: ../..}}\n"
        "      - {id: c, pytest: {python: .venv/bin/python9}}\n",
    )
    result = _validate(tmp_path)
    assert result.exit_code == 2
    errors = [line.split(" ")[2] for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["phases[0].estimate:", "phases[0].checks[0].file.contains:", "phases[0].checks[1].command.run:"]
    assert "warning:" in result.stderr and "phases[0].checks[2].pytest.python: interpreter" in result.stderr
    assert "checks[1].command.cwd" not in result.stderr  # a check with problems of its own is not linted


def test_json_of_a_type_error_and_of_a_file_that_is_not_there(tmp_path: Path) -> None:
    _file(tmp_path, "    estimate: soon\n    checks: []\n")
    doc = json.loads(_validate(tmp_path, "--json").stdout)
    assert doc["valid"] is False and doc["errors"][0]["field"] == "phases[0].estimate"
    assert (doc["errors"][0]["line"], doc["errors"][0]["column"]) == (9, 15)
    missing = cli("validate", "--json", str(tmp_path / "absent.yaml"))
    assert missing.exit_code == 2
    (error,) = json.loads(missing.stdout)["errors"]
    assert error["line"] is None and "no such file" in error["message"]


def test_json_of_several_files_gathers_every_finding(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    broken = _file(tmp_path / "a", _check('command: {run: ""}'))
    warned = _file(tmp_path / "b", _check("file: {path: /etc/hostname}"))
    result = cli("validate", "--json", str(broken), str(warned))
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    assert [f["valid"] for f in doc["files"]] == [False, True]
    assert [e["file"] for e in doc["errors"]] == [str(broken)]
    assert [w["file"] for w in doc["warnings"]] == [str(warned)]


def test_a_secret_in_a_finding_is_masked(tmp_path: Path) -> None:
    _file(tmp_path, _check('http: {url: "http://admin:hunter2-secret@localhost:notaport/"}'))
    result = _validate(tmp_path, "--json")
    assert result.exit_code == 2
    assert "hunter2-secret" not in result.stdout + result.stderr
    assert "malformed URL http://admin:***@localhost:notaport/" in result.stderr
