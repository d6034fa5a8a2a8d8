"""The Neo4j store's hash chain: each Run and Event node holds its link; the Seq node holds the head.

A record takes the next link in its publishing statement, only if the head is still the one its
link was computed from (compare-and-set); a writer that lost the race computes the link again.
"""

from __future__ import annotations

import json
from typing import Any

from tta_timeline.core import chain
from tta_timeline.core.events import Event
from tta_timeline.core.results import Run
from tta_timeline.store import neo4j_cypher as cy


def links(runs: list[Any], events: list[Any], results: list[Any]) -> list[chain.Link]:
    """The links from (seq, id, sha, prev, hash, parts) rows of runs and events, with the results' digests."""
    rows = [("run", *row) for row in runs] + [("event", *row) for row in events]
    found = {
        seq: chain.Link(seq=seq, kind=kind, id=rid, sha256=sha, prev=prev, hash=digest, parts=json.loads(parts or "{}"))
        for kind, seq, rid, sha, prev, digest, parts in rows
    }
    for seq, idx, sha in results:
        found[seq].parts[f"results[{idx}]"] = sha
    return [found[seq] for seq in sorted(found)]


def top_parts(link: chain.Link) -> str:
    """The record's own fields' digests (a run's results keep theirs on their Result nodes)."""
    return json.dumps({k: v for k, v in link.parts.items() if not k.startswith("results[")})


def take_next(statement: Any, link: chain.Link, label: str, query: str, **params: Any) -> bool:
    """Run the publishing `query` with the chain's next link, again after another writer took it.

    False when the statement refused for its own reason (an advance of a phase already complete)."""
    while True:
        seq, head = statement(cy.HEAD)[0]
        new = chain.relink(link, seq + 1, head or chain.GENESIS)
        statement(query, id=link.id, prev_seq=seq, prev=new.prev, hash=new.hash, **params)
        state = statement(cy.PUBLISHED.format(label=label), id=link.id)
        linked, length = state[0] if state else (False, seq)
        if linked:
            return True
        if length == seq:
            return False  # the head did not move: the statement itself refused


def seal_one(statement: Any, record: Run | Event) -> None:
    """Give a record published before the chain existed its link (a no-op if another process did)."""
    link = chain.seal(record, 0, chain.GENESIS)
    label = "Run" if link.kind == "run" else "Event"
    query = cy.SEAL.format(label=label, take=cy.take_link("n", "n"))
    take_next(statement, link, label, query, sha=link.sha256, parts=top_parts(link))
