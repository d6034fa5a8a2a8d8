"""Real processes against one SQLite store: one advancement wins, and SIGKILL never half-writes."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import PASSING, write_phases
from tta_timeline.core import records
from tta_timeline.core.events import Event

EXE = str(Path(sys.executable).with_name("tta-timeline"))
pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTA_TIMELINE") and k != "CI"}
    env["TTA_TIMELINE_ACTOR"] = "racer"
    return env


def _start(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [EXE, *args], cwd=folder, env=_env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _events(db: Path) -> list[Event]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT body FROM events ORDER BY seq").fetchall()
    return [records.load(Event, body) for (body,) in rows]  # every event parses whole


def _at_most_one_advance_per_phase_without_reopen(events: list[Event]) -> None:
    complete: set[int] = set()
    for event in events:
        if event.kind == "advance":
            assert event.phase not in complete, f"phase {event.phase} advanced twice without a reopen"
            assert event.data["certificate"]["phase"] == event.phase  # the certificate is there whole
            complete.add(event.phase)
        elif event.kind == "reopen":
            complete.discard(event.phase)


def test_twenty_concurrent_advances_record_exactly_one(tmp_path: Path):
    write_phases(tmp_path, PASSING)
    procs = [_start(tmp_path, "advance", "--phase", "1", "--json") for _ in range(20)]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode in (0, 1), err
        assert "database" not in err.lower() and "locked" not in err.lower(), err
        assert "internal error" not in err, err
        outcomes.append(json.loads(out)["result"])
    assert outcomes.count("advanced") == 1
    assert set(outcomes) <= {"advanced", "already_complete"}
    events = _events(tmp_path / ".tta-timeline" / "state.db")
    assert [(e.kind, e.phase) for e in events] == [("advance", 1)]


def test_sigkill_during_advance_leaves_the_store_consistent(tmp_path: Path):
    write_phases(tmp_path, PASSING)
    db = tmp_path / ".tta-timeline" / "state.db"
    rng = random.Random(20300101)  # fixed seed: the same kill moments on every run
    for _ in range(15):
        proc = _start(tmp_path, "advance", "--phase", "1")
        time.sleep(rng.uniform(0.0, 1.2))  # a random moment of the run, not a timing assertion
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        if db.exists():
            events = _events(db)
            _at_most_one_advance_per_phase_without_reopen(events)
            gates = [e.kind for e in events if e.kind in ("advance", "reopen")]
            if gates and gates[-1] == "advance":  # reopen so the next iteration can advance again
                reopen = _start(tmp_path, "reopen", "--phase", "1", "--reason", "kill test")
                _, err = reopen.communicate(timeout=60)
                assert reopen.returncode == 0, err
    # the store still works after all that
    done = _start(tmp_path, "status", "--json")
    out, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    assert json.loads(out)["version"] == 1
    _at_most_one_advance_per_phase_without_reopen(_events(db))
