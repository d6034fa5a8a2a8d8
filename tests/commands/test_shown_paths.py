"""Messages name files under the current folder by relative path, as compilers and linters do; others absolutely."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli, write_phases

BAD = """\
version: 1
project: Shown
phases:
  - id: 1
    name: One
    checks:
      - id: api
        http: {url: "http://127.0.0.1:1/", status: two-hundred}
"""


@pytest.fixture
def inside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_config_error_names_the_file_relative_to_the_current_folder(inside: Path) -> None:
    write_phases(inside, BAD)
    write_phases(inside / "sub", BAD, "alpha.yaml")
    expected = "8:52 phases[0].checks[0].http.status: Input should be a valid integer"
    assert f"error: phases.yaml:{expected}" in cli("validate").stderr
    assert f"error: sub/alpha.yaml:{expected}" in cli("--file", str(inside / "sub" / "alpha.yaml"), "status").stderr


def test_a_file_outside_the_current_folder_is_named_absolutely(inside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_phases(inside, BAD)
    monkeypatch.chdir(inside / "sub")
    stderr = cli("--file", "../phases.yaml", "validate").stderr
    assert f"error: {inside / 'phases.yaml'}:8:52 " in stderr and ".." not in stderr


def test_usage_errors_and_the_default_store_are_named_relatively(inside: Path) -> None:
    write_phases(inside)
    result = cli("verify", "--phase", "7")
    assert result.exit_code == 2 and "no such phase in phases.yaml (phases: 1, 2)" in result.stderr
    (inside / "sub" / "empty.db").write_bytes(b"")
    result = cli("--store", str(inside / "sub" / "empty.db"), "status")
    assert result.exit_code == 2 and result.stderr.startswith("error: store sub/empty.db: the file is empty")
