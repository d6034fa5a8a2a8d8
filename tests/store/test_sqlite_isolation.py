"""The SQLite store belongs to one timeline, refuses what is not a store, and is found broken early."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.core.errors import StoreError
from tta_timeline.core.events import Event
from tta_timeline.store import sqlite_schema
from tta_timeline.store.redis_store import split_options
from tta_timeline.store.sqlite import SqliteStore

TIMELINE = """\
version: 1
project: {project}
phases:
  - id: 1
    name: One
    checks:
      - id: runs
        command: {{run: "python -c pass"}}
      - id: marker
        command: {{run: "python -c \\"open('ran-{project}', 'w')\\""}}
        required: false
"""


def _phases(folder: Path, project: str, name: str) -> Path:
    return write_phases(folder, TIMELINE.format(project=project), name=name)


def _status(path: Path, *options: str) -> dict:
    result = cli("--file", str(path), *options, "status", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_two_phases_files_in_one_folder_are_independent(tmp_path: Path) -> None:
    alpha, beta = _phases(tmp_path, "Alpha", "alpha.yaml"), _phases(tmp_path, "Beta", "beta.yaml")
    assert cli("--file", str(alpha), "advance").exit_code == 0
    assert _status(alpha)["phases"][0]["state"] == "complete"
    assert _status(beta)["phases"][0]["state"] == "planned"
    history = cli("--file", str(beta), "history", "--json")
    assert json.loads(history.stdout)["events"] == []
    names = sorted(p.name for p in (tmp_path / ".tta-timeline").iterdir())
    assert [n for n in names if n.endswith(".db")] == ["alpha.db", "beta.db"]
    assert set(names) <= {"alpha.db", "beta.db", "alpha.load-cache.json", "beta.load-cache.json"}  # a cache each


def test_phases_yaml_keeps_the_state_db_name(tmp_path: Path) -> None:
    path = _phases(tmp_path, "Main", "phases.yaml")
    assert cli("--file", str(path), "verify").exit_code == 0
    assert (tmp_path / ".tta-timeline" / "state.db").is_file()


def test_another_projects_store_needs_namespace(tmp_path: Path) -> None:
    alpha, beta = _phases(tmp_path, "Alpha", "alpha.yaml"), _phases(tmp_path, "Beta", "beta.yaml")
    assert cli("--file", str(alpha), "advance").exit_code == 0
    shared = str(tmp_path / ".tta-timeline" / "alpha.db")
    refused = cli("--file", str(beta), "--store", shared, "verify")
    assert refused.exit_code == 2
    assert refused.output.count("\n") == 1
    assert "belongs to timeline 'tta-timeline:alpha', not this project's 'tta-timeline:beta'" in refused.output
    assert "--namespace tta-timeline:alpha" in refused.output
    assert not (tmp_path / "ran-Beta").exists()  # refused before any check ran
    opened = _status(beta, "--store", shared, "--namespace", "tta-timeline:alpha")
    assert opened["phases"][0]["state"] == "complete"


def test_an_older_store_is_claimed_by_the_first_timeline(tmp_path: Path) -> None:
    store_path = tmp_path / "old.db"
    with SqliteStore(store_path) as store:  # no namespace: as stores were made before namespaces
        store.append_event(Event(kind="tick", phase=1, check="runs", at=datetime.now(timezone.utc), actor="a"))
    alpha, beta = _phases(tmp_path, "Alpha", "alpha.yaml"), _phases(tmp_path, "Beta", "beta.yaml")
    assert cli("--file", str(alpha), "--store", str(store_path), "history", "--json").exit_code == 0
    assert cli("--file", str(alpha), "--store", str(store_path), "status").exit_code == 0
    refused = cli("--file", str(beta), "--store", str(store_path), "status")
    assert refused.exit_code == 2 and "belongs to timeline 'tta-timeline:alpha'" in refused.output


def test_the_namespace_option_is_the_redis_and_neo4j_prefix() -> None:
    assert split_options("redis://h:6379/0", {"project": "My Proj"})[1] == "tta-timeline:my-proj"
    assert split_options("redis://h:6379/0", {"project": "My Proj", "namespace": "team"})[1] == "team"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b""), "the file is empty (0 bytes), not a tta-timeline store"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE x (a)").connection.close(),
            "an SQLite file that is not a tta-timeline store",
        ),
        (lambda p: p.write_text("not a database, but long enough to have a header: " * 20), "file is not a database"),
        (lambda p: p.mkdir(), "is a folder, not a store file"),
    ],
)
def test_what_is_not_a_store_is_refused_before_any_check(tmp_path: Path, make, message: str) -> None:
    path = _phases(tmp_path, "Alpha", "alpha.yaml")
    store = tmp_path / "store.db"
    make(store)
    result = cli("--file", str(path), "--store", str(store), "verify")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and message in result.output
    assert not (tmp_path / "ran-Alpha").exists()


def test_a_store_under_a_file_fails_before_any_check(tmp_path: Path) -> None:
    path = _phases(tmp_path, "Alpha", "alpha.yaml")
    result = cli("--file", str(path), "--store", str(path / "sub" / "state.db"), "advance")
    assert result.exit_code == 2
    assert f"{path} is a file, not a folder" in result.output and result.output.count("\n") == 1
    assert not (tmp_path / "ran-Alpha").exists()


def test_a_read_only_store_fails_the_write_probe(tmp_path: Path) -> None:
    SqliteStore(tmp_path / "s.db").close()
    store = SqliteStore(tmp_path / "s.db")
    store._db.close()
    # what SQLite falls back to for a file it cannot write (tests run as root, so chmod cannot show it)
    store._db = sqlite3.connect(f"file:{tmp_path / 's.db'}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(StoreError, match="cannot write: attempt to write a readonly database"):
        store.check_writable()
    store.close()


def test_status_does_not_wait_behind_a_writer(tmp_path: Path, monkeypatch) -> None:
    path = _phases(tmp_path, "Alpha", "alpha.yaml")
    assert cli("--file", str(path), "verify").exit_code == 0
    # a store that needed the write lock would now fail "database is locked" instead of waiting a minute
    monkeypatch.setattr(sqlite_schema, "BUSY_TIMEOUT", 0.05)
    writer = sqlite3.connect(tmp_path / ".tta-timeline" / "alpha.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO meta VALUES ('writer', 'busy')")
        assert _status(path)["phases"][0]["checks"]["passed"] == 2
        blocked = cli("--file", str(path), "verify")  # a writer does wait, and says so in one line
        assert blocked.exit_code == 2 and "database is locked" in blocked.output
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_store_file_removed_during_advance_fails(tmp_path: Path, how: str) -> None:
    path = tmp_path / "s.db"
    store = SqliteStore(path, namespace="tta-timeline:alpha")
    path.unlink()
    if how == "replaced":
        SqliteStore(path, namespace="tta-timeline:alpha").close()
    event = Event(kind="advance", phase=1, at=datetime.now(timezone.utc), actor="a")
    with pytest.raises(StoreError, match="removed or replaced while in use; the last record was not kept"):
        store.advance(event)
    store.close()
    if how == "replaced":
        with SqliteStore(path) as fresh:
            assert fresh.events() == []
