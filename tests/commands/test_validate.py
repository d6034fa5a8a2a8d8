"""`validate FILE...`: several phases files at once (how pre-commit calls it), every problem reported."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import MINIMAL, PASSING, cli, write_phases


def test_files_replace_the_default_and_each_is_summarised(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = write_phases(tmp_path / "a", MINIMAL), write_phases(tmp_path / "b", PASSING)
    result = cli("--file", str(tmp_path / "absent.yaml"), "validate", str(first), str(second))
    assert result.exit_code == 0, result.output
    assert f"{first}: valid — 2 phases, 3 checks" in result.stdout
    assert f"{second}: valid — 2 phases, 3 checks" in result.stdout
    doc = json.loads(cli("validate", "--json", str(first), str(second)).stdout)
    assert doc["valid"] is True and [f["file"] for f in doc["files"]] == [str(first), str(second)]
    assert json.loads(cli("validate", "--json", str(first)).stdout)["file"] == str(first)


def test_every_broken_file_is_reported_before_exit_2(tmp_path: Path) -> None:
    good = write_phases(tmp_path, PASSING, "good.yaml")
    broken = write_phases(tmp_path, MINIMAL.replace("estimate: 1h", "estimate: soon"), "broken.yaml")
    missing = tmp_path / "missing.yaml"
    result = cli("validate", str(broken), str(good), str(missing))
    assert result.exit_code == 2
    assert f"{broken}:6:15 phases[0].estimate" in result.stderr
    assert f"{missing}: no such file" in result.stderr
    assert "valid —" not in result.stdout
