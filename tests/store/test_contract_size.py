"""The store contract at real sizes: big runs, many runs, many phases, big evidence, on every store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.store.conftest import T0, at
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run, Status

pytestmark = pytest.mark.servers

PHASES = 100
#: multi-byte characters too, so a cut never lands inside one
EVIDENCE = {"stdout": ("ok é ✓ " * 1500)[:10_000], "lines": list(range(50))}


def big_run(run_id: str, minute: float, results: int, evidence_every: int = 10) -> Run:
    when = at(minute)
    checks = [
        CheckResult(
            phase=i % PHASES,
            check=f"check-{i:04d}",
            status=Status.PASS if i % 7 else Status.FAIL,
            at=when,
            run_id=run_id,
            message=f"result {i}",
            evidence=EVIDENCE if i % evidence_every == 0 else {"i": i},
        )
        for i in range(results)
    ]
    return Run(
        id=run_id,
        started_at=when,
        finished_at=when + timedelta(seconds=30),
        phases=list(range(PHASES)),
        backend="real",
        actor="ci",
        commit="f" * 40,
        dirty=False,
        results=checks,
    )


def still_alive(request: pytest.FixtureRequest) -> None:
    """The server behind a Bolt store survived (FalkorDB used to abort on big requests)."""
    if "bolt_server" in request.fixturenames:
        server = request.getfixturevalue("bolt_server")
        assert server.proc is not None and server.proc.poll() is None, "FalkorDB died"


def test_a_run_of_500_results_over_100_phases_with_10kb_evidence(store, request) -> None:
    run = big_run("big", 1, 500)
    store.record_run(run)
    assert store.runs() == [run]
    assert store.runs(phase=99) == [run]
    latest = store.latest_results()
    assert len(latest) == 500 and latest == sorted(run.results, key=lambda r: (r.phase, r.check))
    assert sum(1 for r in latest if r.evidence == EVIDENCE) == 50
    assert store.first_result_at() == {p: at(1) for p in range(PHASES)}
    later = big_run("later", 2, 500, evidence_every=1000)
    store.record_run(later)
    assert [r.id for r in store.runs(limit=1)] == ["later"]
    assert {r.run_id for r in store.latest_results()} == {"later"}
    still_alive(request)


def test_a_thousand_runs_read_back_newest_first(store, request) -> None:
    runs = [big_run(f"run-{i:04d}", i, 1) for i in range(1000)]
    for run in runs:
        store.record_run(run)
    got = store.runs()
    assert [r.id for r in got] == [r.id for r in reversed(runs)]
    assert got[-1] == runs[0]
    assert [r.id for r in store.runs(limit=3)] == ["run-0999", "run-0998", "run-0997"]
    assert len(store.runs(since=at(900))) == 100
    assert [(r.run_id, r.phase) for r in store.latest_results()] == [("run-0999", 0)]
    still_alive(request)


def test_a_certificate_of_500_checks_round_trips(store, request) -> None:
    checks = [
        {"id": f"check-{i:04d}", "status": "pass", "evidence_sha256": f"{i:064x}", "backend": "real"}
        for i in range(500)
    ]
    certificate = {"version": 1, "phase": 1, "run_id": "big", "forced": False, "overridden": [], "checks": checks}
    assert store.advance(Event(kind="advance", phase=1, at=T0, actor="ci", data=certificate))
    assert not store.advance(Event(kind="advance", phase=1, at=at(1), actor="ci", data=certificate))
    events = store.events()
    assert len(events) == 1 and events[0].data == certificate
    still_alive(request)


def test_a_bolt_run_that_dies_before_publishing_is_invisible_then_recorded_whole(bolt_server, monkeypatch) -> None:
    from tests.store.conftest import open_patiently
    from tta_timeline.core.errors import StoreError
    from tta_timeline.store import neo4j_cypher, neo4j_writes

    def dying(statement, run):  # type: ignore[no-untyped-def]
        def until_publish(query: str, **params):  # type: ignore[no-untyped-def]
            if query is neo4j_cypher.PUBLISH_RUN:
                raise RuntimeError("the writer died before publishing")
            return statement(query, **params)

        real(until_publish, run)

    real = neo4j_writes.publish_run
    run = big_run("interrupted", 1, 60)
    with open_patiently(bolt_server.bolt_uri) as store:
        with monkeypatch.context() as patch:
            patch.setattr(neo4j_writes, "publish_run", dying)
            with pytest.raises(StoreError, match="died before publishing"):
                store.record_run(run)
        assert store.runs() == [] and store.latest_results() == [] and store.first_result_at() == {}
        store.record_run(run)  # the retry removes the staged leftovers first
        assert store.runs() == [run] and len(store.latest_results()) == 60
