"""The store contract: SQLite, Redis and Neo4j (FalkorDB over Bolt) must behave identically."""

from __future__ import annotations

import json
import multiprocessing
import socket

import pytest

from tests.helpers import write_phases
from tests.store.conftest import CERTIFICATE, PHASES, T0, at, open_patiently, run, write
from tta_timeline.config.loader import load
from tta_timeline.core import records
from tta_timeline.core.errors import StoreError
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Status
from tta_timeline.domain.state import derive
from tta_timeline.output.status_json import status_document
from tta_timeline.store import open_store
from tta_timeline.store.sqlite import SqliteStore

pytestmark = pytest.mark.servers


def test_latest_result_wins_even_when_recorded_out_of_order(store) -> None:
    store.record_run(run("new", 10, (1, "readme", Status.PASS)))
    store.record_run(run("old", 2, (1, "readme", Status.FAIL), (1, "other", Status.ERROR)))
    latest = {(r.phase, r.check): r for r in store.latest_results()}
    assert latest[(1, "readme")].status is Status.PASS and latest[(1, "readme")].run_id == "new"
    assert latest[(1, "other")].status is Status.ERROR
    assert store.first_result_at() == {1: at(2)}


def test_same_instant_results_later_recorded_wins(store) -> None:
    store.record_run(run("a", 3, (2, "ok", Status.FAIL)))
    store.record_run(run("b", 3, (2, "ok", Status.PASS)))
    assert [(r.run_id, r.status) for r in store.latest_results()] == [("b", Status.PASS)]


def test_runs_round_trip_newest_first_with_filters(store) -> None:
    write(store)
    runs = store.runs()
    assert [r.id for r in runs] == ["r3", "r2", "r1"]
    assert runs[1] == run("r2", 5, (1, "readme", Status.PASS), (2, "ok", Status.FAIL))
    assert [r.id for r in store.runs(phase=1)] == ["r2", "r1"]
    assert [r.id for r in store.runs(since=at(5))] == ["r3", "r2"]
    assert [r.id for r in store.runs(limit=1)] == ["r3"]
    assert [r.id for r in store.runs(phase=2, limit=1)] == ["r3"]


def test_a_result_detail_round_trips_and_records_without_one_still_read(store) -> None:
    # quotes, backslashes and newlines are escapes in the JSON body (FalkorDB would read them as escapes)
    detail = 'tests/test_x.py::test_y: AssertionError: ünïcode\n$.status: expected "ok", got "C:\\tmp"\n' + "x" * 4000
    recorded = run("d", 4, (1, "unit", Status.FAIL))
    recorded.results[0].detail = detail
    store.record_run(recorded)
    assert [r.detail for r in store.latest_results()] == [detail]
    assert store.runs()[0].results[0].detail == detail
    old = records.form(recorded.results[0])
    del old["detail"]  # a record written before the field existed
    assert records.load(CheckResult, json.dumps(old)).detail is None


def test_events_newest_first_with_filters(store) -> None:
    write(store)
    assert [e.kind for e in store.events()] == ["waive", "advance", "tick"]
    assert [e.kind for e in store.events(phase=1)] == ["advance", "tick"]
    assert [e.kind for e in store.events(since=at(7))] == ["waive", "advance"]
    assert [e.kind for e in store.events(limit=2)] == ["waive", "advance"]
    waiver = store.events(phase=2)[0]
    assert (waiver.check, waiver.reason, waiver.until, waiver.actor) == ("lint", "flaky", at(60), "bob")


def test_notes_round_trip_in_order_with_their_lesson_flag(store) -> None:
    write(store)
    notes = [
        Event(
            kind="note",
            phase=1,
            at=at(20),
            actor="carol",
            note=f"lesson {n}: ünïcode ${{X}}",
            data={"lesson": n % 2 == 0},
        )
        for n in range(3)
    ]
    for event in notes:
        store.append_event(event)
    mine = [e for e in store.events(phase=1) if e.kind == "note"]
    assert mine == notes[::-1]  # newest first; same instant: the order they were appended
    assert [e.kind for e in store.events(since=at(20))] == ["note"] * 3
    assert [e.kind for e in store.events(phase=1)][3:] == ["advance", "tick"]  # no gate effect


def test_certificate_round_trips_in_the_advance_event(store) -> None:
    write(store)
    advance = next(e for e in store.events() if e.kind == "advance")
    assert advance.data == CERTIFICATE


def test_advance_is_compare_and_append(store) -> None:
    assert store.advance(Event(kind="advance", phase=3, at=at(1), actor="a")) is True
    assert store.advance(Event(kind="advance", phase=3, at=at(2), actor="b")) is False
    store.append_event(Event(kind="reopen", phase=3, at=at(3), actor="a", reason="regressed"))
    assert store.advance(Event(kind="advance", phase=3, at=at(4), actor="c")) is True
    assert [(e.kind, e.actor) for e in store.events(phase=3)] == [("advance", "c"), ("reopen", "a"), ("advance", "a")]


def test_derived_state_and_waivers_match_the_sqlite_reference(store, tmp_path) -> None:
    timeline = load(write_phases(tmp_path, PHASES), {}).timeline
    write(store)
    with SqliteStore(tmp_path / "reference.db") as reference:
        write(reference)
        expected = status_document(derive(timeline, reference, at(30)))
    state = derive(timeline, store, at(30))
    assert status_document(state) == expected
    assert [p.state for p in state.phases] == ["complete", "in_progress"]
    assert state.get(2).checks[1].waived  # lint failed but is waived until at(60)
    expired = derive(timeline, store, at(61))
    assert [c.check.id for c in expired.get(2).waiver_debt] == ["lint"]


def _advance_once(url: str, worker: int) -> bool:
    with open_patiently(url) as store:
        # never retried: a second try after an unknown outcome would be a different question
        return store.advance(Event(kind="advance", phase=9, at=T0, actor=f"worker-{worker}"))


def test_twenty_concurrent_advances_from_separate_processes_make_one(store, store_url) -> None:
    with multiprocessing.get_context("spawn").Pool(20) as pool:
        outcomes = pool.starmap(_advance_once, [(store_url, i) for i in range(20)])
    assert outcomes.count(True) == 1
    assert [e.kind for e in store.events(phase=9)] == ["advance"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("scheme", ["redis", "bolt"])
def test_unreachable_store_fails_at_open_without_the_password(scheme: str) -> None:
    url = f"{scheme}://admin:hunter2-secret@127.0.0.1:{_closed_port()}"
    with pytest.raises(StoreError) as caught:
        open_store(url, env={})
    assert "hunter2-secret" not in str(caught.value)
    assert "admin:***@127.0.0.1" in str(caught.value)


def test_redis_password_comes_from_the_environment(redis_factory) -> None:
    server = redis_factory(password="env-only-pw")
    with pytest.raises(StoreError) as caught:
        open_store(server.url, env={})
    assert "env-only-pw" not in str(caught.value)
    with open_store(server.url, env={"TTA_TIMELINE_STORE_PASSWORD": "env-only-pw"}) as store:
        store.record_run(run("r1", 1, (1, "readme", Status.PASS)))
        assert [r.id for r in store.runs()] == ["r1"]
        assert "env-only-pw" not in store.display


def test_prefixes_keep_timelines_apart(redis_server) -> None:
    with open_store(redis_server.url, env={}, project="Alpha Project") as alpha:
        alpha.record_run(run("alpha-run", 1, (1, "readme", Status.PASS)))
        with open_store(redis_server.url, env={}, project="Beta") as beta:
            assert beta.runs() == [] and beta.latest_results() == []
        assert alpha.prefix == "tta-timeline:alpha-project"
    with open_store(redis_server.url + "?prefix=tta-timeline:alpha-project", env={}) as same:
        assert [r.id for r in same.runs()] == ["alpha-run"]


def test_version_changes_with_every_run_and_event_and_only_then(store) -> None:
    seen = [store.version()]
    store.record_run(run("v1", 1, (1, "readme", Status.PASS)))
    seen.append(store.version())
    assert store.version() == seen[-1]  # reading does not change it
    store.append_event(Event(kind="tick", phase=1, check="tried", at=at(2), actor="a"))
    seen.append(store.version())
    store.record_run(run("v0", 0, (1, "readme", Status.FAIL)))  # recorded later, started earlier
    seen.append(store.version())
    store.advance(Event(kind="advance", phase=1, at=at(3), actor="a"))
    seen.append(store.version())
    assert len(set(seen)) == len(seen), seen
