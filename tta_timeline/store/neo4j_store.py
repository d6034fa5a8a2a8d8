"""A shared store in Neo4j (or FalkorDB over Bolt): the timeline as a graph.

(:Run)-[:COVERS]->(:Phase), (:Run)-[:HAS]->(:Result), (:Event)-[:IN]->(:Phase),
(:Event)-[:CERTIFIED_BY]->(:Certificate); each (:Check) node holds its latest result and each
(:Phase) its first-result time and latest gate kind, so status never walks history.

Writes (neo4j_writes) are staged, then published by one statement (neo4j_cypher), in statements of
bounded size (bolt_batches): a run of any size never sends FalkorDB a request it cannot take.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from tta_timeline.core import chain as hashchain
from tta_timeline.core import records
from tta_timeline.core.bolt import bound_reads
from tta_timeline.core.errors import StoreError
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run
from tta_timeline.core.secrets import mask_url
from tta_timeline.store import neo4j_chain as nchain
from tta_timeline.store import neo4j_cypher as cy
from tta_timeline.store import neo4j_writes as writes
from tta_timeline.store.base import Store
from tta_timeline.store.bolt_batches import joined
from tta_timeline.store.redis_store import SOCKET_TIMEOUT, guarded, split_options

# The driver logs connection failures as records; with no handler configured Python's last-resort
# handler prints them on stderr. The store reports one line of its own instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def _transient(exc: BaseException) -> bool:
    # driver: imported where used (status and --help must not load it)
    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    return isinstance(exc, (ServiceUnavailable, SessionExpired, TransientError, OSError))


def _driver_args(target: str, options: dict[str, Any]) -> tuple[str, Any, str | None, str, str | None, float]:
    """(URI without credentials or query, auth, database, namespace, password, read timeout)."""
    url, ns, env_password = split_options(target, options)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    database = query.get("database") or parts.path.strip("/") or None
    timeout = float(query.get("socket_timeout") or SOCKET_TIMEOUT)  # ValueError: an invalid URL
    if not 0 < timeout < float("inf"):
        raise ValueError(f"socket_timeout must be a positive number of seconds, not {timeout:g}")
    password = parts.password or env_password
    user = parts.username or ("neo4j" if password else None)
    auth = (user, password or "") if user else None
    bare = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1], path="", query=""))
    return bare, auth, database, ns, password, timeout


class Neo4jStore(Store):
    def __init__(self, target: str, **options: Any):
        # driver: imported where used (status and --help must not load it)
        import neo4j

        self.display = mask_url(target)
        try:
            uri, auth, self.database, self.ns, password, timeout = _driver_args(target, options)
            # FalkorDB sometimes leaves a new connection's handshake unanswered until a 60 s deadline;
            # a short acquisition timeout plus our retry gets a fresh connection that answers at once.
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, connection_timeout=5, connection_acquisition_timeout=2, max_transaction_retry_time=5
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreError(f"store {self.display}: invalid URL: {exc}") from None
        bound_reads(self._driver, timeout)  # a server that stops answering mid-query fails the call, not hangs it
        self._call = guarded(self.display, password, _transient)
        # Connect now: an unreachable store must fail before any check runs.
        self._call("connect", self._driver.verify_connectivity)
        self._ensure_schema()
        self.sealed = self._write("seal history into the hash chain", self._seal)

    def _session(self) -> Any:
        return self._driver.session(database=self.database) if self.database else self._driver.session()

    def _ensure_schema(self) -> None:
        # driver: imported where used (status and --help must not load it)
        from neo4j.exceptions import ClientError, DatabaseError

        def create(statement: str) -> None:
            try:
                with self._session() as session:
                    session.run(statement).consume()
            except (ClientError, DatabaseError):
                pass  # unsupported here, or already there: the store still works without it

        for statement in cy.SCHEMA:
            # retried like every other call: with many writers opening at once a loaded server can miss the read bound
            self._call("create the store's indexes", lambda statement=statement: create(statement))

    def _write(self, what: str, work: Any) -> Any:
        """Run `work(statement)` in one session; a transient error restarts all of it (staging is redone)."""

        def call() -> Any:
            with self._session() as session:
                return work(lambda query, **params: session.run(query, ns=self.ns, **params).values())

        return self._call(what, call)

    def _read(self, what: str, query: str, **params: Any) -> list[Any]:
        def call() -> list[Any]:
            with self._session() as session:
                # one statement is one consistent view: auto-commit saves the COMMIT round trip of a transaction
                return session.run(query, ns=self.ns, **params).values()

        return self._call(what, call)

    def record_run(self, run: Run) -> None:
        self._write("record a run", lambda statement: writes.publish_run(statement, run))

    def _event(self, what: str, event: Event, guard: str) -> bool:
        return bool(self._write(what, lambda statement: writes.publish_event(statement, event, guard)))

    def append_event(self, event: Event) -> None:
        self._event("record an event", event, "")

    def advance(self, event: Event) -> bool:
        return self._event("record an advancement", event, "WHERE coalesce(p.gate, '') <> 'advance'")

    def latest_results(self) -> list[CheckResult]:
        bodies = joined(self._read("read results", cy.LATEST, slice=cy.SLICE))
        return sorted((records.load(CheckResult, b) for b in bodies.values()), key=lambda r: (r.phase, r.check))

    def first_result_at(self) -> dict[int, datetime]:
        rows = self._read("read results", cy.FIRST)
        return {int(phase): datetime.fromisoformat(at) for phase, at in rows}

    def events(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Event]:
        query = cy.events_query(phase is not None, since is not None, limit)
        rows = self._read("read events", query, phase=phase, since=since and since.timestamp(), slice=cy.SLICE)
        bodies = joined(rows)
        return [records.load(Event, bodies[key]) for key in sorted(bodies, reverse=True)]

    def runs(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Run]:
        query = cy.runs_query(phase is not None, since is not None, limit)
        rows = self._read("read runs", query, phase=phase, since=since and since.timestamp(), slice=cy.SLICE)
        bodies = joined([((ts, seq, idx), off, text) for ts, seq, idx, off, text in rows])
        out: dict[tuple[float, int], Run] = {}
        for ts, seq, idx in sorted(bodies, key=lambda k: k[2]):  # each run's body (idx -1) before its results
            if idx < 0:
                # runs written before results moved out of the run's body keep them there
                out[(ts, seq)] = records.load(Run, bodies[(ts, seq, idx)])
            else:
                out[(ts, seq)].results.append(records.load(CheckResult, bodies[(ts, seq, idx)]))
        return [out[key] for key in sorted(out, reverse=True)]

    def chain(self) -> list[hashchain.Link]:
        runs, events = (self._read("read the hash chain", cy.CHAIN.format(label=label)) for label in ("Run", "Event"))
        return nchain.links(runs, events, self._read("read the hash chain", cy.CHAIN_RESULTS))

    def chain_head(self) -> tuple[int, str]:
        seq, head = self._read("read the hash chain", cy.HEAD)[0]
        return seq, head or hashchain.GENESIS

    def _seal(self, statement: Any) -> tuple[int, int] | None:
        """Link the runs and events published before the chain existed (one O(1) read when there are none)."""
        links, runs, events = statement(cy.COUNTS)[0]
        if links >= runs + events:
            return None
        linked = {(link.kind, link.id) for link in self.chain()}
        old_runs = [r for r in reversed(self.runs()) if ("run", r.id) not in linked]
        old_events = [e for e in reversed(self.events()) if ("event", e.id) not in linked]
        for record in hashchain.recording_order(old_runs, old_events):
            nchain.seal_one(statement, record)
        return (len(old_runs), len(old_events)) if old_runs or old_events else None

    def version(self) -> str:
        # the Seq node's counters grow with every recorded run and event
        rows = self._read("read the store version", "MATCH (s:Seq {ns: $ns}) RETURN s.runs, s.events")
        runs, events = rows[0] if rows else (None, None)
        return f"{runs or 0}/{events or 0}"

    def close(self) -> None:
        self._driver.close()
