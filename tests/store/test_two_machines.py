"""Two "machines" (separate processes, separate working directories) share one Redis timeline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import write_phases
from tests.store.conftest import PHASES, write
from tta_timeline.store.sqlite import SqliteStore

pytestmark = pytest.mark.servers


def tta(cwd, *args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {**{k: v for k, v in os.environ.items() if k != "TTA_TIMELINE_STORE"}, **env}
    return subprocess.run(
        [sys.executable, "-m", "tta_timeline", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_two_machines_see_the_same_status(tmp_path, redis_server) -> None:
    laptop, ci = tmp_path / "laptop", tmp_path / "ci"
    laptop.mkdir(), ci.mkdir()
    write_phases(laptop, PHASES)
    shutil.copy(laptop / "phases.yaml", ci / "phases.yaml")  # each machine has its own checkout
    with SqliteStore(laptop / ".tta-timeline" / "state.db") as local:
        write(local)
    url = redis_server.url + "?prefix=two-machines"

    moved = tta(laptop, "store", "migrate", "--to", url)
    assert moved.returncode == 0, moved.stderr
    seen_by_laptop = tta(laptop, "--store", url, "status", "--json")
    seen_by_ci = tta(ci, "status", "--json", TTA_TIMELINE_STORE=url)
    assert seen_by_laptop.returncode == seen_by_ci.returncode == 0, seen_by_ci.stderr
    laptop_doc, ci_doc = json.loads(seen_by_laptop.stdout), json.loads(seen_by_ci.stdout)
    # actual_seconds of a running phase grows with the clock; everything else must be identical
    for doc in (laptop_doc, ci_doc):
        for phase in doc["phases"]:
            phase.pop("actual_seconds")
    assert laptop_doc == ci_doc
    assert [p["state"] for p in ci_doc["phases"]] == ["complete", "in_progress"]
    assert not (ci / ".tta-timeline").exists()  # the CI machine kept nothing locally
