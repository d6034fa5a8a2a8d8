"""Without --file, phases.yaml is found here or in a parent folder, up to the repository root."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, cli, write_phases
from tta_timeline.config.discovery import discover


@pytest.fixture
def nested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TTA_TIMELINE_FILE", raising=False)
    monkeypatch.delenv("TTA_TIMELINE_STORE", raising=False)
    repo = tmp_path / "repo"
    deep = repo / "src" / "pkg"
    deep.mkdir(parents=True)
    (repo / ".git").mkdir()
    write_phases(repo)
    monkeypatch.chdir(deep)
    return repo


def test_found_in_a_parent_folder_and_its_store_beside_it(nested: Path) -> None:
    result = cli("status", "--json", "--debug")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["project"] == "Test project"
    assert f"debug: phases file {nested / 'phases.yaml'}" in result.stderr
    assert (nested / ".tta-timeline" / "state.db").exists()
    assert not (nested / "src" / "pkg" / ".tta-timeline").exists()


def test_the_nearest_file_wins(nested: Path) -> None:
    write_phases(nested / "src", MINIMAL.replace("Test project", "Inner"))
    assert json.loads(cli("status", "--json").stdout)["project"] == "Inner"


def test_the_search_stops_at_the_repository_root(tmp_path: Path, nested: Path) -> None:
    (nested / "phases.yaml").rename(tmp_path / "phases.yaml")  # above .git: another project's
    result = cli("status")
    assert result.exit_code == 2
    assert "error: phases.yaml: no such file" in result.stderr  # named as from the current folder, src/pkg


def test_a_worktree_git_file_is_a_root_too(tmp_path: Path) -> None:
    repo = tmp_path / "wt"
    (repo / "sub").mkdir(parents=True)
    (repo / ".git").write_text("gitdir: /elsewhere\n")
    write_phases(tmp_path)
    assert discover(repo / "sub") is None
    assert discover(tmp_path / "missing") == tmp_path / "phases.yaml"  # a start that does not exist is no crash


def test_a_named_file_is_not_searched_for(nested: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("--file", "phases.yaml", "status").exit_code == 2  # relative to here, where there is none
    monkeypatch.setenv("TTA_TIMELINE_FILE", str(nested / "phases.yaml"))
    assert cli("status").exit_code == 0
