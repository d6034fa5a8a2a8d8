"""The Neo4j store's Cypher: only what both Neo4j 5 and FalkorDB run, every statement small.

A run or event is written in several statements: staged first (a node with `pending: true` and no
`seq`, invisible to readers, which only see nodes with a `seq`), then published by one statement
that gives it its `seq` and updates the (:Check) and (:Phase) nodes readers use. FalkorDB runs each
write query under its graph's write lock, so the publishing statement is atomic there as on Neo4j:
a run is either fully visible or not at all, and a writer that dies mid-way leaves only a pending
node, which the next attempt with the same id removes.
"""

from __future__ import annotations

SCHEMA = [
    # Neo4j 5 syntax first; FalkorDB rejects constraints and IF NOT EXISTS, so each is tried alone.
    "CREATE CONSTRAINT tta_run IF NOT EXISTS FOR (n:Run) REQUIRE (n.ns, n.id) IS UNIQUE",
    "CREATE CONSTRAINT tta_event IF NOT EXISTS FOR (n:Event) REQUIRE (n.ns, n.id) IS UNIQUE",
    *(f"CREATE INDEX FOR (n:{label}) ON (n.ns)" for label in ("Run", "Event", "Check", "Phase", "Seq")),
    *(f"CREATE INDEX FOR (n:{label}) ON (n.id)" for label in ("Run", "Event")),
    "CREATE INDEX FOR (n:Result) ON (n.run)",
]

# --- runs ---

DROP_PENDING_RESULTS = """
MATCH (r:Run {ns: $ns, id: $id})-[:HAS]->(res:Result) WHERE r.pending DETACH DELETE res
"""
DROP_PENDING_RUN = "MATCH (r:Run {ns: $ns, id: $id}) WHERE r.pending DETACH DELETE r"

STAGE_RUN = """
OPTIONAL MATCH (old:Run {ns: $ns, id: $id})
WITH old WHERE old IS NULL
CREATE (r:Run {ns: $ns, id: $id, started_ts: $ts, pending: true, body: $body, sha: $sha, parts: $parts})
RETURN count(r) AS n
"""
APPEND_RUN_BODY = "MATCH (r:Run {ns: $ns, id: $id}) SET r.body = r.body + $part"

STAGE_COVERS = """
MATCH (r:Run {ns: $ns, id: $id})
UNWIND $phases AS ph
MERGE (p:Phase {ns: $ns, id: ph})
CREATE (r)-[:COVERS]->(p)
"""

STAGE_RESULTS = """
MATCH (r:Run {ns: $ns, id: $id})
UNWIND $rows AS row
CREATE (r)-[:HAS]->(:Result {ns: $ns, run: $id, idx: row.idx, phase: row.phase, check: row.check,
                             at: row.at, at_ts: row.at_ts, body: row.body, sha: row.sha})
"""
APPEND_RESULT_BODY = "MATCH (res:Result {run: $id, ns: $ns, idx: $idx}) SET res.body = res.body + $part"

# --- the hash chain: the Seq node holds its head; a record takes the next link only if the head is still
# the one its link was computed from (compare-and-set in the publishing statement; the writer retries) ---

HEAD = "OPTIONAL MATCH (s:Seq {ns: $ns}) RETURN coalesce(s.chain, 0), coalesce(s.head, '')"
_TAKE_LINK = """MERGE (s:Seq {{ns: $ns}})
SET s.lock = coalesce(s.lock, 0) + 1
WITH {keep}, s WHERE coalesce(s.chain, 0) = $prev_seq
SET s.chain = $prev_seq + 1, s.head = $hash, {node}.chain_seq = $prev_seq + 1, {node}.prev = $prev,
    {node}.hash = $hash"""


def take_link(keep: str, node: str) -> str:
    """Cypher that gives `node` the chain's next link if the head is still at $prev_seq (else no rows)."""
    return _TAKE_LINK.format(keep=keep, node=node)


#: after a publishing statement: (did the record get its link, the chain's length now)
PUBLISHED = (
    "MATCH (n:{label} {{ns: $ns, id: $id}}) OPTIONAL MATCH (s:Seq {{ns: $ns}}) "
    "RETURN n.chain_seq IS NOT NULL, coalesce(s.chain, 0)"
)

# Later results win, ties too (the later-published run's); `seq` orders runs started at the same instant.
PUBLISH_RUN = f"""
MATCH (r:Run {{ns: $ns, id: $id}}) WHERE r.pending
{take_link("r", "r")}
SET s.runs = coalesce(s.runs, 0) + 1
WITH r, s
SET r.seq = s.runs, r.pending = false
WITH r
MATCH (r)-[:HAS]->(res:Result)
MERGE (c:Check {{ns: $ns, phase: res.phase, check: res.check}})
SET c.body = CASE WHEN c.at_ts IS NULL OR res.at_ts >= c.at_ts THEN res.body ELSE c.body END,
    c.at_ts = CASE WHEN c.at_ts IS NULL OR res.at_ts >= c.at_ts THEN res.at_ts ELSE c.at_ts END
MERGE (p:Phase {{ns: $ns, id: res.phase}})
SET p.first_at = CASE WHEN p.first_ts IS NULL OR res.at_ts < p.first_ts THEN res.at ELSE p.first_at END,
    p.first_ts = CASE WHEN p.first_ts IS NULL OR res.at_ts < p.first_ts THEN res.at_ts ELSE p.first_ts END
RETURN count(res) AS n
"""

# --- events ---

DROP_PENDING_EVENT = "MATCH (e:Event {ns: $ns, id: $id}) WHERE e.pending DETACH DELETE e"

EVENT_PARTS = "MATCH (e:Event {ns: $ns, id: $id}) SET e.sha = $sha, e.parts = $parts"
STAGE_EVENT = """
OPTIONAL MATCH (old:Event {ns: $ns, id: $id})
WITH old WHERE old IS NULL
CREATE (e:Event {ns: $ns, id: $id, pending: true, kind: $kind, phase: $phase, at_ts: $at_ts,
                 run_id: $run_id, body: $body, cert: $cert})
RETURN count(e) AS n
"""
APPEND_EVENT = "MATCH (e:Event {{ns: $ns, id: $id}}) SET e.{field} = e.{field} + $part"

# {guard} is empty for plain events and a WHERE for advance: the compare and the append are one
# statement. On Neo4j the `SET p.lock` takes the phase's write lock before the gate is read.
PUBLISH_EVENT = """
MATCH (e:Event {{ns: $ns, id: $id}}) WHERE e.pending
MERGE (p:Phase {{ns: $ns, id: e.phase}})
SET p.lock = coalesce(p.lock, 0) + 1
WITH p, e {guard}
{take}
SET s.events = coalesce(s.events, 0) + 1,
    p.gate = CASE WHEN e.kind IN $gates THEN e.kind ELSE p.gate END
WITH p, e, s
SET e.seq = s.events, e.pending = false
CREATE (e)-[:IN]->(p)
FOREACH (c IN CASE WHEN e.cert = '' THEN [] ELSE [e.cert] END |
  CREATE (e)-[:CERTIFIED_BY]->(:Certificate {{ns: $ns, event_id: $id, run_id: e.run_id, body: c}}))
RETURN count(e) AS n
"""
SEAL = """
MATCH (n:{label} {{ns: $ns, id: $id}}) WHERE n.chain_seq IS NULL AND n.seq IS NOT NULL
{take}, n.sha = $sha, n.parts = $parts
RETURN count(n)
"""
CHAIN = (
    "MATCH (n:{label} {{ns: $ns}}) WHERE n.chain_seq IS NOT NULL "
    "RETURN n.chain_seq, n.id, n.sha, n.prev, n.hash, n.parts"
)
CHAIN_RESULTS = (
    "MATCH (r:Run {ns: $ns})-[:HAS]->(res:Result) WHERE r.chain_seq IS NOT NULL AND res.sha IS NOT NULL "
    "RETURN r.chain_seq, res.idx, res.sha"
)
COUNTS = "OPTIONAL MATCH (s:Seq {ns: $ns}) RETURN coalesce(s.chain, 0), coalesce(s.runs, 0), coalesce(s.events, 0)"
EVENT_STATE = "MATCH (e:Event {ns: $ns, id: $id}) RETURN e.seq IS NOT NULL AS n"

# --- reads: only published nodes (with a seq) ---
# FalkorDB never finishes sending a record over 64 KB, so long strings come back in slices of
# SLICE characters (at most 4 bytes each), one row per slice: `off` orders them.
SLICE = 12000
_SLICES = "UNWIND range(0, size({v}) - 1, $slice) AS off"

LATEST = f"MATCH (c:Check {{ns: $ns}}) {_SLICES.format(v='c.body')} RETURN id(c), off, substring(c.body, off, $slice)"
FIRST = "MATCH (p:Phase {ns: $ns}) WHERE p.first_at IS NOT NULL RETURN p.id, p.first_at"


def events_query(phase: bool, since: bool, limit: int | None) -> str:
    tests = ["e.seq IS NOT NULL"] + (["e.phase = $phase"] if phase else []) + (["e.at_ts >= $since"] if since else [])
    return (
        f"MATCH (e:Event {{ns: $ns}}) WHERE {' AND '.join(tests)} WITH e ORDER BY e.seq DESC{_limit(limit)} "
        f"{_SLICES.format(v='e.body')} RETURN e.seq, off, substring(e.body, off, $slice)"
    )


def runs_query(phase: bool, since: bool, limit: int | None) -> str:
    """Runs' bodies (idx -1) and their results' bodies, sliced; one query, so one consistent view.

    Runs written before results moved out of the run's body have no Result with an idx.
    """
    covers = "-[:COVERS]->(:Phase {ns: $ns, id: $phase})" if phase else ""
    tests = ["r.seq IS NOT NULL"] + (["r.started_ts >= $since"] if since else [])
    runs = (
        f"MATCH (r:Run {{ns: $ns}}){covers} WHERE {' AND '.join(tests)} "
        f"WITH r ORDER BY r.started_ts DESC, r.seq DESC{_limit(limit)} "
    )
    back = "RETURN r.started_ts AS ts, r.seq AS seq, {idx} AS idx, off AS off, substring({v}, off, $slice) AS text"
    return (
        runs
        + _SLICES.format(v="r.body")
        + " "
        + back.format(idx="-1", v="r.body")
        + " UNION ALL "
        + runs
        + "MATCH (r)-[:HAS]->(res:Result) WHERE res.idx IS NOT NULL "
        + _SLICES.format(v="res.body")
        + " "
        + back.format(idx="res.idx", v="res.body")
    )


def _limit(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit else ""
