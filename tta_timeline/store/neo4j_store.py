"""A shared store in Neo4j (or FalkorDB over Bolt): the timeline as a graph.

(:Run)-[:COVERS]->(:Phase), (:Run)-[:HAS]->(:Result), (:Event)-[:IN]->(:Phase),
(:Event)-[:CERTIFIED_BY]->(:Certificate); each (:Check) node holds its latest result and each
(:Phase) its first-result time and latest gate kind, so status never walks history.

Every write is ONE Cypher statement: FalkorDB does not roll back multi-statement transactions,
and runs each write query under its graph's write lock, which makes one statement atomic there.
On Neo4j the `SET p.lock` takes the phase's write lock before the gate is read (the lock pattern).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from tta_timeline.core.errors import StoreError
from tta_timeline.core.results import CheckResult, Run
from tta_timeline.core.secrets import mask_url
from tta_timeline.store.base import GATE_KINDS, Event, Store
from tta_timeline.store.redis_store import guarded, split_options

_SCHEMA = [
    # Neo4j 5 syntax first; FalkorDB rejects constraints and IF NOT EXISTS, so each is tried alone.
    "CREATE CONSTRAINT tta_run IF NOT EXISTS FOR (n:Run) REQUIRE (n.ns, n.id) IS UNIQUE",
    "CREATE CONSTRAINT tta_event IF NOT EXISTS FOR (n:Event) REQUIRE (n.ns, n.id) IS UNIQUE",
    *(f"CREATE INDEX FOR (n:{label}) ON (n.ns)" for label in ("Run", "Event", "Check", "Phase", "Seq")),
]

_RECORD_RUN = """
OPTIONAL MATCH (old:Run {ns: $ns, id: $id})
WITH old WHERE old IS NULL
MERGE (s:Seq {ns: $ns})
SET s.runs = coalesce(s.runs, 0) + 1
CREATE (r:Run {ns: $ns, id: $id, started_ts: $ts, seq: s.runs, body: $body})
FOREACH (ph IN $phases | MERGE (p:Phase {ns: $ns, id: ph}) CREATE (r)-[:COVERS]->(p))
FOREACH (res IN $results |
  CREATE (r)-[:HAS]->(:Result {ns: $ns, phase: res.phase, check: res.check, at_ts: res.at_ts, body: res.body})
  MERGE (c:Check {ns: $ns, phase: res.phase, check: res.check})
  SET c.body = CASE WHEN c.at_ts IS NULL OR res.at_ts >= c.at_ts THEN res.body ELSE c.body END,
      c.at_ts = CASE WHEN c.at_ts IS NULL OR res.at_ts >= c.at_ts THEN res.at_ts ELSE c.at_ts END
  MERGE (p:Phase {ns: $ns, id: res.phase})
  SET p.first_at = CASE WHEN p.first_ts IS NULL OR res.at_ts < p.first_ts THEN res.at ELSE p.first_at END,
      p.first_ts = CASE WHEN p.first_ts IS NULL OR res.at_ts < p.first_ts THEN res.at_ts ELSE p.first_ts END)
RETURN count(r) AS n
"""

# {guard} is empty for plain events and a WHERE for advance: the compare and the append are one statement.
_EVENT = """
MERGE (p:Phase {{ns: $ns, id: $phase}})
SET p.lock = coalesce(p.lock, 0) + 1
WITH p {guard}
MERGE (s:Seq {{ns: $ns}})
SET s.events = coalesce(s.events, 0) + 1,
    p.gate = CASE WHEN $kind IN $gates THEN $kind ELSE p.gate END
CREATE (e:Event {{ns: $ns, id: $id, seq: s.events, kind: $kind, phase: $phase, at_ts: $at_ts, body: $body}})-[:IN]->(p)
FOREACH (c IN $certificate | CREATE (e)-[:CERTIFIED_BY]->(:Certificate {{ns: $ns, event_id: $id, run_id: c.run_id, body: c.body}}))
RETURN count(e) AS n
"""


def _transient(exc: BaseException) -> bool:
    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    return isinstance(exc, (ServiceUnavailable, SessionExpired, TransientError, OSError))


def _driver_args(target: str, options: dict[str, Any]) -> tuple[str, Any, str | None, str, str | None]:
    """(URI without credentials or query, auth, database, namespace, password)."""
    url, ns, env_password = split_options(target, options)
    parts = urlsplit(url)
    database = dict(parse_qsl(parts.query)).get("database") or parts.path.strip("/") or None
    password = parts.password or env_password
    user = parts.username or ("neo4j" if password else None)
    auth = (user, password or "") if user else None
    bare = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1], path="", query=""))
    return bare, auth, database, ns, password


class Neo4jStore(Store):
    def __init__(self, target: str, **options: Any):
        import neo4j

        uri, auth, self.database, self.ns, password = _driver_args(target, options)
        self.display = mask_url(target)
        self._call = guarded(self.display, password, _transient)
        try:
            # FalkorDB sometimes leaves a new connection's handshake unanswered until a 60 s deadline;
            # a short acquisition timeout plus our retry gets a fresh connection that answers at once.
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, connection_timeout=5, connection_acquisition_timeout=2, max_transaction_retry_time=5
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreError(f"store {self.display}: invalid URL: {exc}") from None
        # Connect now: an unreachable store must fail before any check runs.
        self._call("connect", self._driver.verify_connectivity)
        self._ensure_schema()

    def _session(self) -> Any:
        return self._driver.session(database=self.database) if self.database else self._driver.session()

    def _ensure_schema(self) -> None:
        from neo4j.exceptions import ClientError, DatabaseError

        for statement in _SCHEMA:
            try:
                with self._session() as session:
                    session.run(statement).consume()
            except (ClientError, DatabaseError):
                pass  # unsupported here, or already there: the store still works without it

    def _write(self, what: str, query: str, **params: Any) -> int:
        def work(tx: Any) -> int:
            return int(tx.run(query, ns=self.ns, **params).single()["n"])

        def call() -> int:
            with self._session() as session:
                return session.execute_write(work)

        return self._call(what, call)

    def _read(self, what: str, query: str, **params: Any) -> list[Any]:
        def call() -> list[Any]:
            with self._session() as session:
                return session.execute_read(lambda tx: [r.values() for r in tx.run(query, ns=self.ns, **params)])

        return self._call(what, call)

    def record_run(self, run: Run) -> None:
        results = [
            {"phase": r.phase, "check": r.check, "at": r.at.isoformat(), "at_ts": r.at.timestamp(), "body": r.model_dump_json()}
            for r in run.results
        ]
        self._write("record a run", _RECORD_RUN, id=run.id, ts=run.started_at.timestamp(), body=run.model_dump_json(),
                    phases=list(run.phases), results=results)

    def _event(self, what: str, event: Event, guard: str) -> bool:
        is_certificate = event.kind == "advance" and bool(event.data)
        certificate = [{"run_id": str(event.data.get("run_id") or ""), "body": event.model_dump_json(include={"data"})}] if is_certificate else []
        return self._write(what, _EVENT.format(guard=guard), id=event.id, kind=event.kind, phase=event.phase,
                           at_ts=event.at.timestamp(), body=event.model_dump_json(), gates=list(GATE_KINDS),
                           certificate=certificate) > 0

    def append_event(self, event: Event) -> None:
        self._event("record an event", event, "")

    def advance(self, event: Event) -> bool:
        return self._event("record an advancement", event, "WHERE coalesce(p.gate, '') <> 'advance'")

    def latest_results(self) -> list[CheckResult]:
        rows = self._read("read results", "MATCH (c:Check {ns: $ns}) RETURN c.body")
        return sorted((CheckResult.model_validate_json(r[0]) for r in rows), key=lambda r: (r.phase, r.check))

    def first_result_at(self) -> dict[int, datetime]:
        rows = self._read("read results", "MATCH (p:Phase {ns: $ns}) WHERE p.first_at IS NOT NULL RETURN p.id, p.first_at")
        return {int(phase): datetime.fromisoformat(at) for phase, at in rows}

    def events(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Event]:
        query = "MATCH (e:Event {ns: $ns})" + _where(phase, since, "e", "at_ts") + " RETURN e.body ORDER BY e.seq DESC" + _limit(limit)
        rows = self._read("read events", query, phase=phase, since=since and since.timestamp())
        return [Event.model_validate_json(r[0]) for r in rows]

    def runs(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Run]:
        match = "MATCH (r:Run {ns: $ns})" + ("-[:COVERS]->(:Phase {ns: $ns, id: $phase})" if phase is not None else "")
        query = match + _where(None, since, "r", "started_ts") + " RETURN r.body ORDER BY r.started_ts DESC, r.seq DESC" + _limit(limit)
        rows = self._read("read runs", query, phase=phase, since=since and since.timestamp())
        return [Run.model_validate_json(r[0]) for r in rows]

    def close(self) -> None:
        self._driver.close()


def _where(phase: int | None, since: datetime | None, var: str, ts: str) -> str:
    # Built from fixed fragments (values stay parameters): FalkorDB's planner dislikes `$x IS NULL OR …`.
    tests = ([f"{var}.phase = $phase"] if phase is not None else []) + ([f"{var}.{ts} >= $since"] if since is not None else [])
    return (" WHERE " + " AND ".join(tests)) if tests else ""


def _limit(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit else ""
