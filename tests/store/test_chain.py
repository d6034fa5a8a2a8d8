"""The hash chain in every store: written with each record, one chain under concurrent writers, tamper found."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3

import pytest

from tests.store.conftest import T0, at, open_patiently, run, write
from tta_timeline.core import records
from tta_timeline.core.chain import GENESIS
from tta_timeline.core.events import Event
from tta_timeline.core.results import Status
from tta_timeline.run.audit import run_audit

pytestmark = pytest.mark.servers


def backend(store) -> str:
    return {"SqliteStore": "sqlite", "RedisStore": "redis", "Neo4jStore": "neo4j"}[type(store).__name__]


def problems(store) -> list[str]:
    return [p.line() for p in run_audit(store, {}).problems]


def test_every_record_is_linked_in_the_order_it_was_written(store) -> None:
    assert store.chain() == [] and store.chain_head() == (0, GENESIS)
    write(store)
    links = store.chain()
    assert [link.kind for link in links] == ["run", "run", "event", "event", "run", "event"]
    assert [link.seq for link in links] == [1, 2, 3, 4, 5, 6]
    assert links[0].prev == GENESIS and all(b.prev == a.hash for a, b in zip(links, links[1:]))
    assert store.chain_head() == (6, links[-1].hash)
    assert problems(store) == []


def test_a_refused_advance_takes_no_link(store) -> None:
    assert store.advance(Event(kind="advance", phase=3, at=at(1), actor="a"))
    assert not store.advance(Event(kind="advance", phase=3, at=at(2), actor="b"))
    assert [link.kind for link in store.chain()] == ["event"] and problems(store) == []


def test_records_with_quotes_backslashes_and_newlines_audit_clean(store) -> None:
    recorded = run("d", 4, (1, "unit", Status.FAIL))
    recorded.results[0].detail = 'AssertionError: ünïcode\n$.status: expected "ok", got "C:\\tmp"'
    store.record_run(recorded)
    store.append_event(Event(kind="note", phase=1, at=at(5), actor="a", note='say "hi"\\n\n'))
    assert problems(store) == []


def _write_concurrently(url: str, worker: int) -> bool:
    with open_patiently(url) as store:
        store.append_event(Event(kind="note", phase=9, at=T0, actor=f"worker-{worker}", note=f"note {worker}"))
        return store.advance(Event(kind="advance", phase=9, at=T0, actor=f"worker-{worker}"))


def test_twenty_concurrent_writers_make_one_unbroken_chain(store, store_url) -> None:
    with multiprocessing.get_context("spawn").Pool(20) as pool:
        outcomes = pool.starmap(_write_concurrently, [(store_url, i) for i in range(20)])
    assert outcomes.count(True) == 1
    links = store.chain()
    assert [link.seq for link in links] == list(range(1, 22))
    assert problems(store) == []


# --- tampering with the store directly, as someone with write access to it would ---


def _sqlite(store, sql: str, *args: object) -> None:
    with sqlite3.connect(store.path) as db:
        db.execute(sql, args)


def _cypher(store, query: str, **params: object) -> None:
    with store._session() as session:
        session.run(query, ns=store.ns, **params).consume()


def edit_a_result(store) -> None:
    kind = backend(store)
    if kind == "sqlite":
        _sqlite(store, "UPDATE results SET body = replace(body, '\"fail\"', '\"pass\"') WHERE run_id = 'r2'")
    elif kind == "redis":
        body = json.loads(store._r.hget(store._k("run"), "r2"))
        body["results"][1]["status"] = "pass"
        store._r.hset(store._k("run"), "r2", json.dumps(body))
    else:
        _cypher(
            store,
            "MATCH (res:Result {ns: $ns, run: 'r2', idx: 1}) SET res.body = replace(res.body, '\"fail\"', '\"pass\"')",
        )


def delete_the_reopen(store) -> None:
    kind = backend(store)
    if kind == "sqlite":
        _sqlite(store, "DELETE FROM events WHERE kind = 'reopen'")
    elif kind == "redis":
        body = next(b for b in store._r.lrange(store._k("events"), 0, -1) if '"reopen"' in b)
        store._r.lrem(store._k("events"), 1, body)
    else:
        _cypher(store, "MATCH (e:Event {ns: $ns, kind: 'reopen'}) DETACH DELETE e")


def insert_an_advance(store) -> None:
    event = Event(id="f" * 32, kind="advance", phase=2, at=at(20), actor="mallory")
    kind = backend(store)
    if kind == "sqlite":
        _sqlite(
            store,
            "INSERT INTO events (id, kind, phase, at, body) VALUES (?, 'advance', 2, ?, ?)",
            event.id,
            event.at.isoformat(),
            records.dump(event),
        )
    elif kind == "redis":
        store._r.rpush(store._k("events"), records.dump(event))
    else:
        _cypher(
            store,
            "CREATE (e:Event {ns: $ns, id: $id, kind: 'advance', phase: 2, at_ts: 0.0, seq: 99, body: $body})",
            id=event.id,
            body=records.dump(event),
        )


def _history_with_a_reopen(store) -> None:
    write(store)
    store.append_event(Event(kind="reopen", phase=1, at=at(10), actor="alice", reason="regressed"))
    store.append_event(Event(kind="note", phase=1, at=at(11), actor="alice", note="after the reopen"))
    assert problems(store) == []


def test_an_edited_result_is_named_with_its_field(store) -> None:
    _history_with_a_reopen(store)
    edit_a_result(store)
    [problem] = run_audit(store, {}).problems
    assert problem.record.startswith("run r2") and problem.field == "results[1] (2.ok)"
    assert problem.expected == store.chain()[1].sha256 and problem.found != problem.expected


def test_a_deleted_reopen_is_named(store) -> None:
    _history_with_a_reopen(store)
    reopen_link = store.chain()[6]
    delete_the_reopen(store)
    found = problems(store)
    if backend(store) == "neo4j":  # the link is a property of the deleted node: the gap in the chain says it
        after = store.chain()[6]
        assert found == [f"link 8 (event {after.id[:8]}): seq: link 7 missing (deleted): expected 7, found 8"]
    else:
        assert found == [f"event {reopen_link.id[:8]}: record: deleted (seq 7): expected present, found missing"]


def test_an_inserted_advance_is_named(store) -> None:
    _history_with_a_reopen(store)
    insert_an_advance(store)
    found = problems(store)
    assert found == [
        "event ffffffff (advance, phase 2): link: not in the chain (inserted): expected a link in the chain, found none"
    ]


# --- history written before the chain existed is sealed into one when the store is opened ---


def _forget_the_chain(store) -> None:
    kind = backend(store)
    if kind == "sqlite":
        _sqlite(store, "DELETE FROM chain")
        _sqlite(store, "UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    elif kind == "redis":
        store._r.delete(store._k("chain"))
    else:
        _cypher(store, "MATCH (n {ns: $ns}) WHERE n:Run OR n:Event REMOVE n.chain_seq, n.sha, n.prev, n.hash, n.parts")
        _cypher(store, "MATCH (s:Seq {ns: $ns}) REMOVE s.chain, s.head")


def test_history_from_before_the_chain_is_sealed_at_open(store, store_url) -> None:
    write(store)
    _forget_the_chain(store)
    with open_patiently(store_url) as reopened:
        assert reopened.sealed == (3, 3)
        assert len(reopened.chain()) == 6 and problems(reopened) == []
        reopened.append_event(Event(kind="note", phase=1, at=at(30), actor="a", note="after sealing"))
        assert problems(reopened) == []
    with open_patiently(store_url) as again:
        assert again.sealed is None and len(again.chain()) == 7
