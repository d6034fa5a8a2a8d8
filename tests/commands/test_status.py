"""`status`, `checklist` and the global options: the JSON contract, plain output off a terminal, colours."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.helpers import cli, write_phases
from tta_timeline import __version__
from tta_timeline.commands.session import Session
from tta_timeline.commands.status import status
from tta_timeline.core.runtime import Runtime


def test_status_json_contract(tmp_path: Path) -> None:
    path = write_phases(tmp_path)
    result = cli("--file", str(path), "status", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["project"] == "Test project" and doc["current_phase"] == 1
    first, second = doc["phases"]
    assert first["state"] == "planned" and first["checks"] == {
        "passed": 0,
        "total": 2,
        "required_passed": 0,
        "required_total": 2,
    }
    assert second["state"] == "blocked" and second["blocked_by"] == [1]
    assert first["estimate_seconds"] == {"low": 3600.0, "high": 3600.0}


def test_status_after_verify_counts_passes_and_says_what_next(tmp_path: Path) -> None:
    path = write_phases(tmp_path)
    (tmp_path / "README.md").write_text("hi")
    assert cli("--file", str(path), "verify", "--phase", "1").exit_code == 0  # the manual item is pending
    result = cli("--file", str(path), "status")
    assert "1/2" in result.stdout and "in progress" in result.stdout
    assert "Next: 1 required check of phase 1 not passing" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no ANSI codes


def test_checklist_json_lists_every_check(tmp_path: Path) -> None:
    result = cli("--file", str(write_phases(tmp_path)), "checklist", "--phase", "1", "--json")
    doc = json.loads(result.stdout)
    assert [c["id"] for c in doc["phases"][0]["checks"]] == ["readme", "tried"]
    assert doc["phases"][0]["checks"][1]["status"] == "pending"


def test_version() -> None:
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"tta-timeline {__version__}"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _status_on_a_terminal(path: Path, env: dict[str, str], no_color: bool = False) -> str:
    out = _Tty()
    session = Session(file=path, no_color=no_color, runtime=Runtime(env=env, cwd=path.parent), stdout=out)
    try:
        status(session)
    finally:
        session.close()
    return out.getvalue()


def test_colour_on_a_terminal_and_never_with_no_color(tmp_path: Path) -> None:
    path = write_phases(tmp_path)
    assert "\x1b[" in _status_on_a_terminal(path, {"TERM": "xterm-256color"})
    for plain in (
        _status_on_a_terminal(path, {"TERM": "xterm", "NO_COLOR": "1"}),
        _status_on_a_terminal(path, {"TERM": "xterm"}, no_color=True),
    ):
        assert "\x1b[3" not in plain and "blocked by 1" in plain


def test_a_stored_record_that_no_longer_parses_is_one_line_exit_2_without_its_value(tmp_path: Path) -> None:
    """Someone edited the store by hand: the read commands name the store and the field, and never echo
    the value (it may be a secret pasted into the wrong place); no traceback, nothing rewritten."""
    import sqlite3
    import subprocess
    import sys

    from tests.helpers import PASSING

    path = write_phases(tmp_path, PASSING)
    tool = [sys.executable, "-m", "tta_timeline", "--file", str(path)]
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "NO_COLOR": "1", "TTA_TIMELINE_BACKEND": "mock"}
    assert subprocess.run([*tool, "verify"], cwd=tmp_path, env=env, capture_output=True).returncode == 0
    db = tmp_path / ".tta-timeline" / "state.db"
    with sqlite3.connect(db) as conn:
        body = conn.execute("SELECT body FROM latest LIMIT 1").fetchone()[0]
        edited = json.dumps({**json.loads(body), "status": "hunter2-token"})
        conn.execute("UPDATE latest SET body = ? WHERE body = ?", (edited, body))
    for command in ("status", "checklist", "timeline"):
        done = subprocess.run([*tool, command], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
        assert (
            "store .tta-timeline/state.db: a stored result does not parse" in done.stderr
            and "`$.status`" in done.stderr
            and "hunter2" not in done.stderr
        )
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM latest WHERE body = ?", (edited,)).fetchone()[0] == 1
