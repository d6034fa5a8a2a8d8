"""Every loader error: one clear message with file:line:column and path, exit code 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli, write_phases

HEAD = "version: 1\nproject: P\nphases:\n"


def validate(path: Path):  # type: ignore[no-untyped-def]
    return cli("--file", str(path), "validate")


def assert_error(result, line: int, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"phases.yaml:{line}:" in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


CASES = {
    "wrong type": (
        HEAD + "  - id: 1\n    name: A\n    checks:\n      - id: h\n        http: {url: 'http://x', status: abc}\n",
        8,
        ["phases[0].checks[0].http.status", "valid integer"],
    ),
    "duplicate phase id": (
        HEAD + "  - id: 1\n    name: A\n  - id: 1\n    name: B\n",
        6,
        ["phases[1].id", "duplicate phase id 1"],
    ),
    "duplicate check id": (
        HEAD
        + "  - id: 1\n    name: A\n    checks:\n      - id: x\n        manual: a\n      - id: x\n        manual: b\n",
        9,
        ["phases[0].checks[1].id", "duplicate check id 'x'"],
    ),
    "unknown depends_on": (
        HEAD + "  - id: 1\n    name: A\n    depends_on: [7]\n",
        6,
        ["phases[0].depends_on", "unknown phase 7"],
    ),
    "unknown needs": (
        HEAD + "  - id: 1\n    name: A\n    checks:\n      - id: x\n        manual: a\n        needs: [nope]\n",
        9,
        ["phases[0].checks[0].needs", "unknown check 'nope'"],
    ),
    "dependency cycle": (
        HEAD + "  - id: 1\n    name: A\n    depends_on: [2]\n  - id: 2\n    name: B\n",
        6,
        ["depends_on", "dependency cycle"],
    ),
    "no kind key": (
        HEAD + "  - id: 1\n    name: A\n    checks:\n      - id: x\n        name: nothing to run\n",
        7,
        ["phases[0].checks[0]", "exactly one kind key", "found: none"],
    ),
    "two kind keys": (
        HEAD + "  - id: 1\n    name: A\n    checks:\n      - id: x\n        manual: a\n        tcp: {port: 1}\n",
        7,
        ["phases[0].checks[0]", "found: tcp, manual"],
    ),
    "unset variable": (
        HEAD + "  - id: 1\n    name: ${TTA_TEST_SURELY_UNSET}\n",
        5,
        ["phases[0].name", "TTA_TEST_SURELY_UNSET is not set"],
    ),
    "unknown key": (
        HEAD + "  - id: 1\n    name: A\n    colour: blue\n",
        6,
        ["phases[0].colour", "unknown key"],
    ),
    "yaml syntax": (HEAD + "  - id: 1\n    name: [unclosed\n", 6, ["YAML syntax error"]),
    "duplicate yaml key": (HEAD + "  - id: 1\n    id: 2\n    name: A\n", 5, ["phases[0].id", "duplicate key"]),
    "missing field": (HEAD + "  - id: 1\n", 4, ["phases[0].name", "Field required"]),
    "boolean phase id": (HEAD + "  - id: true\n    name: A\n", 4, ["phases[0].id", "valid integer"]),
    "boolean dependency": (
        HEAD + "  - id: 1\n    name: A\n  - id: 2\n    name: B\n    depends_on: [true]\n",
        8,
        ["phases[1].depends_on[0]", "valid integer"],
    ),
    "bad duration": (
        HEAD + "  - id: 1\n    name: A\n    estimate: soon\n",
        6,
        ["phases[0].estimate", "expected a duration"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_loader_error_names_file_line_and_path(tmp_path: Path, case: str) -> None:
    text, line, fragments = CASES[case]
    path = write_phases(tmp_path, text)
    assert_error(validate(path), line, *fragments)


def test_every_field_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = HEAD + "  - id: one\n    name: A\n  - id: 2\n    name: B\n    requires_real: maybe\n"
    result = validate(write_phases(tmp_path, text))
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 2
    assert "phases.yaml:4:" in result.stderr and "phases.yaml:8:" in result.stderr


def test_a_boolean_id_is_one_problem_not_also_an_unknown_phase(tmp_path: Path) -> None:
    text = HEAD + "  - id: 1\n    name: A\n  - id: 2\n    name: B\n    depends_on: [false]\n"
    result = validate(write_phases(tmp_path, text))
    assert result.stderr.count("error:") == 1 and "unknown phase" not in result.stderr, result.stderr


def test_cross_references_are_reported_with_type_errors_in_file_order(tmp_path: Path) -> None:
    text = HEAD + (
        "  - id: 1\n    name: A\n    checks:\n      - id: x\n        manual: a\n"
        "      - id: x\n        tcp: {port: nope}\n"
    )
    result = validate(write_phases(tmp_path, text))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert "phases.yaml:9:" in lines[0] and "duplicate check id 'x'" in lines[0]
    assert "phases.yaml:10:" in lines[1] and "checks[1].tcp.port" in lines[1]


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "phases.yaml"
    path.write_bytes((HEAD + "  - id: 1\n    name: Caf\xe9\n").encode("latin-1"))
    result = validate(path)
    assert_error(result, 5, "not valid UTF-8", "0xe9")


def test_missing_file(tmp_path: Path) -> None:
    result = validate(tmp_path / "phases.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.stderr and "Traceback" not in result.output


def test_unreadable_file(tmp_path: Path) -> None:
    result = validate(tmp_path)  # a directory
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_empty_file(tmp_path: Path) -> None:
    result = validate(write_phases(tmp_path, "# nothing\n"))
    assert result.exit_code == 2
    assert "the file is empty" in result.stderr


def test_variables_expand_with_defaults_and_environment(tmp_path: Path) -> None:
    text = HEAD + "  - id: 1\n    name: ${TTA_T_NAME:-fallback} and ${TTA_T_SET} costs $$5\n"
    path = write_phases(tmp_path, text)
    result = cli("--file", str(path), "checklist", "--json", env={"TTA_T_SET": "given"})
    assert result.exit_code == 0, result.output
    assert '"fallback and given costs $5"' in result.stdout


def test_valid_file_summary(tmp_path: Path) -> None:
    result = validate(write_phases(tmp_path))
    assert result.exit_code == 0
    assert "valid — 2 phases, 3 checks" in result.stdout
