"""`store migrate`: the whole history moves, and the copy is proven by counts and status --json."""

from __future__ import annotations

import json

import pytest

from tests.helpers import cli, write_phases
from tests.store.conftest import CERTIFICATE, PHASES, at, open_patiently, run, write
from tta_timeline.config.loader import load
from tta_timeline.core.results import Status
from tta_timeline.domain.state import derive
from tta_timeline.output.status_json import status_document
from tta_timeline.store.sqlite import SqliteStore

pytestmark = pytest.mark.servers


@pytest.fixture
def source(tmp_path):
    """A project whose default SQLite store holds the fixed history."""
    phases = write_phases(tmp_path, PHASES)
    with SqliteStore(tmp_path / ".tta-timeline" / "state.db") as store:
        write(store)
    return phases


def test_migrate_copies_everything_and_verifies(source, store_url) -> None:
    done = cli("--file", str(source), "store", "migrate", "--to", store_url, "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert report["ok"] is True and report["copied"] == {"runs": 3, "events": 3}
    assert (
        report["source"] == report["target"] == {"runs": 3, "results": 5, "events": 3, "certificates": 1, "latest": 3}
    )
    timeline = load(source, {}).timeline
    with SqliteStore(source.parent / ".tta-timeline" / "state.db") as old, open_patiently(store_url) as new:
        assert new.runs() == old.runs()
        assert new.events() == old.events()
        assert next(e for e in new.events() if e.kind == "advance").data == CERTIFICATE
        assert status_document(derive(timeline, new, at(30))) == status_document(derive(timeline, old, at(30)))
    status = cli("--file", str(source), "--store", store_url, "status", "--json")
    assert [p["state"] for p in json.loads(status.output)["phases"]] == ["complete", "in_progress"]


def test_migrate_refuses_a_non_empty_target_unless_forced(source, store_url) -> None:
    assert cli("--file", str(source), "store", "migrate", "--to", store_url).exit_code == 0
    again = cli("--file", str(source), "store", "migrate", "--to", store_url)
    assert again.exit_code == 1 and "not empty" in again.output
    forced = cli("--file", str(source), "store", "migrate", "--to", store_url, "--force", "--json")
    assert forced.exit_code == 0, forced.output
    assert json.loads(forced.output)["copied"] == {"runs": 0, "events": 0}  # nothing duplicated


def test_a_copy_that_differs_fails_verification(source, store_url) -> None:
    with open_patiently(store_url) as target:
        target.record_run(run("stray", 50, (2, "ok", Status.FAIL)))
    done = cli("--file", str(source), "store", "migrate", "--to", store_url, "--force", "--json")
    assert done.exit_code == 1
    problems = json.loads(done.output)["problems"]
    assert "runs: source has 3, target has 4" in problems
    assert "status --json differs between source and target" in problems


def test_migrate_never_prints_the_target_password(source, redis_factory) -> None:
    server = redis_factory(password="migrate-secret")
    url = f"redis://:migrate-secret@127.0.0.1:{server.port}/0"
    done = cli("--file", str(source), "store", "migrate", "--to", url)
    assert done.exit_code == 0, done.output
    assert "migrate-secret" not in done.output and ":***@127.0.0.1" in done.output
    with open_patiently(url, project=load(source, {}).timeline.project) as target:
        assert len(target.runs()) == 3


def test_migrate_keeps_the_hash_chain_and_the_copy_audits_clean(source, store_url) -> None:
    from tta_timeline.run.audit import run_audit

    done = cli("--file", str(source), "store", "migrate", "--to", store_url)
    assert done.exit_code == 0, done.output
    assert "its hash chain audits clean" in done.output
    with SqliteStore(source.parent / ".tta-timeline" / "state.db") as old, open_patiently(store_url) as new:
        assert new.chain() == old.chain() and new.chain_head() == old.chain_head()
        assert run_audit(new, {}).ok
