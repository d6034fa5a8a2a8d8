"""Files follow the umask (and keep their mode when replaced), phases files are not overwritten without
--force, output without a terminal is never wrapped, and every JSON time is RFC 3339 UTC with Z."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import PASSING, cli, write_phases

MARKDOWN = "## Phase 1: Start\n\n**Objective:** begin\n\n- [x] **Done** it\n"
ANY_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
RFC3339_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_reports_follow_the_umask(tmp_path: Path, umask: Any, mask: int, mode: int) -> None:
    phases = write_phases(tmp_path, PASSING)
    umask(mask)
    assert cli("--file", str(phases), "verify", "1", "--format", "junit", "-o", str(tmp_path / "r.xml")).exit_code == 0
    assert cli("--file", str(phases), "report", "-o", str(tmp_path / "r.md")).exit_code == 0
    assert cli("import", str(_markdown(tmp_path)), "-o", str(tmp_path / "p.yaml")).exit_code == 0
    assert [_mode(tmp_path / n) for n in ("r.xml", "r.md", "p.yaml")] == [mode] * 3
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: Any) -> None:
    phases = write_phases(tmp_path, PASSING)
    report = tmp_path / "r.md"
    report.write_text("old")
    report.chmod(0o664)
    assert cli("--file", str(phases), "report", "-o", str(report)).exit_code == 0
    assert _mode(report) == 0o664 and report.read_text() != "old"


def _markdown(folder: Path) -> Path:
    source = folder / "TIMELINE.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    return source


def test_import_does_not_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "phases.yaml"
    target.write_text("# edited by hand\n")
    result = cli("import", str(_markdown(tmp_path)), "-o", str(target))
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_text() == "# edited by hand\n"
    assert cli("import", str(_markdown(tmp_path)), "-o", str(target), "--force").exit_code == 0
    assert "Start" in target.read_text()


def test_no_wrapping_without_a_terminal(tmp_path: Path) -> None:
    name = "a-file-name-far-longer-than-any-terminal-" * 5 + ".txt"
    (tmp_path / name).write_text("x")
    phases = write_phases(tmp_path, PASSING.replace("path: phases.yaml", f"path: {name}"))
    result = cli("--file", str(phases), "verify", "1")
    assert result.exit_code == 0
    assert f"PASS 1.readme  {name} exists" in result.stdout.splitlines()[0]
    shown = cli("--file", str(phases), "checklist", "-p", "1").stdout
    assert any(f"{name} exists" in line for line in shown.splitlines())


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_every_json_time_is_rfc3339_utc_z(tmp_path: Path) -> None:
    phases = write_phases(tmp_path, PASSING)
    run = lambda *a: cli("--file", str(phases), *a)  # noqa: E731
    assert run("advance", "--phase", "1").exit_code == 0
    run("waive", "2.runs", "--reason", "later", "--until", "2099-01-31")
    documents = [
        run(*args).stdout
        for args in (
            ["status", "--json"],
            ["history", "--json"],
            ["history", "--phase", "1", "--certificate", "--json"],
            ["checklist", "--json"],
            ["timeline", "--json"],
            ["verify", "2", "--json"],
            ["report", "--format", "json"],
            ["advance", "--phase", "2", "--dry-run", "--json"],
        )
    ]
    times = [s for doc in documents for s in _strings(json.loads(doc)) if ANY_TIME.search(s)]
    assert len(times) > 10
    assert [t for t in times if not RFC3339_Z.fullmatch(t)] == []
