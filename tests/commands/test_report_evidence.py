"""The report's evidence sections: files changed in git per phase, test results, lessons learned."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import write_phases
from tta_timeline.commands.advance import advance
from tta_timeline.commands.note import note
from tta_timeline.commands.report import render
from tta_timeline.commands.verify import verify
from tta_timeline.core.results import CheckResult, Run, Status
from tta_timeline.run.changes import CAP

PHASES = """\
version: 1
project: Git demo
phases:
  - id: 1
    name: Build
    checks:
      - id: readme
        file: {path: README.md}
  - id: 2
    name: Test
    checks:
      - id: unit
        pytest: {args: [tests/test_unit.py], min_passed: 3}
      - id: suite
        pytest: {min_passed: 1}
"""


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def commit(folder: Path, message: str) -> str:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)
    return git(folder, "rev-parse", "HEAD")


@pytest.fixture
def repo(project):
    folder = project.folder
    git(folder, "init", "-q")
    write_phases(folder, PHASES)
    (folder / ".gitignore").write_text(".tta-timeline/\n", encoding="utf-8")
    (folder / "README.md").write_text("# demo\n", encoding="utf-8")
    (folder / "old.txt").write_text("to be deleted\n", encoding="utf-8")
    project.first = commit(folder, "start")
    return project


def test_files_changed_from_the_first_run_to_the_advancement_two_commits_later(repo) -> None:
    folder = repo.folder
    assert repo.run(verify, [1]) == 0  # the phase's first run, at the first commit
    (folder / "src").mkdir()
    (folder / "src" / "app ünï.py").write_text("print(1)\n", encoding="utf-8")
    (folder / "README.md").write_text("# demo\n\nmore\n", encoding="utf-8")
    commit(folder, "work")
    (folder / "old.txt").unlink()
    last = commit(folder, "more work")
    repo.clock.advance(hours=1)
    assert repo.run(advance, 1) == 0
    text = render(repo.session(), "markdown")
    section = text[text.index("### Files Created/Modified") : text.index("## ", text.index("### Files") + 5)]
    assert section.startswith(f"### Files Created/Modified (git {repo.first[:10]}..{last[:10]})")
    assert "- modified `README.md`\n- deleted `old.txt`\n- added `src/app ünï.py`\n" in section
    assert render(repo.session(), "markdown") == text  # deterministic for the same store and repository
    doc = json.loads(render(repo.session(), "json"))
    assert doc["phases"][0]["files_changed"]["files"][0] == {"status": "M", "path": "README.md"}
    assert doc["phases"][1]["files_changed"] is None  # not advanced
    html = render(repo.session(), "html")
    assert "<li>added <code>src/app ünï.py</code></li>" in html


def test_long_lists_are_capped_and_unknown_commits_leave_the_section_out(repo) -> None:
    folder = repo.folder
    repo.run(verify, [1])
    for n in range(CAP + 7):
        (folder / f"f{n:03}.txt").write_text(str(n), encoding="utf-8")
    commit(folder, "many")
    repo.run(advance, 1)
    text = render(repo.session(), "markdown")
    assert text.count("\n- added `f0") == CAP and "- and 7 more\n" in text
    doc = json.loads(render(repo.session(), "json"))
    assert doc["phases"][0]["files_changed"]["more"] == 7
    git(folder, "init", "-q", str(folder / "elsewhere"))
    session = repo.session()
    session.root = folder / "elsewhere"  # an unrelated repository: the commits are unknown there
    assert json.loads(render(session, "json"))["phases"][0]["files_changed"] is None


def test_outside_git_there_is_no_files_section(project) -> None:
    write_phases(project.folder, PHASES)
    (project.folder / "README.md").write_text("x", encoding="utf-8")
    project.run(verify, [1])
    project.run(advance, 1)
    assert "Files Created/Modified" not in render(project.session(), "markdown")


def test_test_results_and_lessons_per_phase(project) -> None:
    write_phases(project.folder, PHASES)
    store = project.store()
    counts = {"passed": 97, "failed": 17, "errors": 0, "skipped": 3, "total": 117}
    result = CheckResult(
        phase=2,
        check="unit",
        kind="pytest",
        status=Status.FAIL,
        at=project.clock(),
        message="…",
        evidence={"counts": counts},
    )
    store.record_run(
        Run(
            id="r",
            started_at=project.clock(),
            finished_at=project.clock(),
            phases=[2],
            backend="mock",
            actor="alice",
            results=[result],
        )
    )
    store.close()
    project.run(note, 2, "count tests per file, not per suite", lesson=True)
    project.run(note, 2, "just a remark")
    text = render(project.session(), "markdown")
    assert ("| `unit` | tests/test_unit.py | 97 | 17 | 0 | 3 | 117 | 85.1% | fail on 2030-01-01 |") in text
    assert "| `suite` | (whole suite) | - | - | - | - | - | - | not run |" in text
    assert "### Lessons Learned\n\n1. count tests per file, not per suite\n" in text and "just a remark" not in text
    phase = json.loads(render(project.session(), "json"))["phases"][1]
    assert phase["test_results"][0]["pass_rate"] == 0.8509
    assert phase["lessons"] == [{"text": "count tests per file, not per suite", "actor": "alice", "date": "2030-01-01"}]
    assert "<h3>Lessons Learned</h3>" in render(project.session(), "html")
