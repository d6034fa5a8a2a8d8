"""Shell completion (Typer's): commands, options, phase ids and check ids from the phases file; never a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_phases

TTA = str(Path(sys.executable).parent / "tta-timeline")


def complete(words: str, cwd: Path, **env: str) -> tuple[list[str], str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    environ = {k: v for k, v in os.environ.items() if k != "TTA_TIMELINE_FILE"}
    environ.update(_TTA_TIMELINE_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword), **env)
    done = subprocess.run([TTA], cwd=cwd, env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split(), done.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_phases(tmp_path)  # phase 1: readme, tried; phase 2: ok
    return tmp_path


def test_commands_and_options(folder: Path) -> None:
    assert complete("tta-timeline ver", folder)[0] == ["verify"]
    assert complete("tta-timeline status --st", folder)[0] == ["--store"]  # a global option after the command
    assert "--install-completion" in complete("tta-timeline --", folder)[0]


def test_phase_and_check_ids(folder: Path) -> None:
    assert complete("tta-timeline verify ", folder)[0] == ["1", "2"]
    assert complete("tta-timeline verify 1.", folder)[0] == ["1.readme", "1.tried"]
    assert complete("tta-timeline verify --phase ", folder)[0] == ["1", "2"]
    assert complete("tta-timeline tick 1.t", folder)[0] == ["1.tried"]
    assert complete("tta-timeline history --check ", folder)[0] == ["ok", "readme", "tried"]


def test_formats_from_the_output_registry(folder: Path) -> None:
    assert complete("tta-timeline verify --format j", folder)[0] == ["json", "junit"]
    assert complete("tta-timeline report --format ", folder)[0] == ["markdown", "html", "json"]


def test_the_file_named_or_found_above(folder: Path) -> None:
    other = folder / "other"
    other.mkdir()
    write_phases(other, "version: 1\nproject: O\nphases:\n  - {id: 7, name: S, checks: [{id: x, manual: y}]}\n")
    assert complete("tta-timeline --file other/phases.yaml verify ", folder)[0] == ["7"]
    assert complete("tta-timeline verify --file other/phases.yaml 7.", folder)[0] == ["7.x"]
    sub = folder / "deep" / "er"
    sub.mkdir(parents=True)
    assert complete("tta-timeline verify ", sub)[0] == ["1", "2"]


@pytest.mark.parametrize(
    "text", ["phases: [unclosed\n", "phases: 3\n", "- a list\n", "phases:\n  - {id: 1, checks: 5}\n", ""]
)
def test_a_broken_file_completes_nothing_quietly(folder: Path, text: str) -> None:
    (folder / "phases.yaml").write_text(text)
    words, stderr = complete("tta-timeline verify 1.", folder)
    assert words == [] and stderr == ""


def test_no_file_at_all(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert complete("tta-timeline tick ", tmp_path) == ([], "")


def test_show_completion_prints_the_script(folder: Path) -> None:
    shown = subprocess.run([TTA, "--show-completion", "bash"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0 and "_TTA_TIMELINE_COMPLETE" in shown.stdout
