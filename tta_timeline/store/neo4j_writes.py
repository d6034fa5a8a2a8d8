"""The Bolt store's writes: a run or an event is staged (pending, in statements of bounded size), then
published by one statement that takes the next hash-chain link, so a writer that dies mid-way leaves
nothing visible and its retry starts by dropping what it staged."""

from __future__ import annotations

import json
from typing import Any

from tta_timeline.core import chain as hashchain
from tta_timeline.core import records
from tta_timeline.core.events import GATE_KINDS, Event
from tta_timeline.core.results import Run
from tta_timeline.store import neo4j_chain as nchain
from tta_timeline.store import neo4j_cypher as cy
from tta_timeline.store.bolt_batches import MESSAGE_BUDGET, PART, batches, parts, shield, size


def _put(statement: Any, query: str, text: str, **key: Any) -> None:
    """Append the rest of a long string, one part per statement."""
    for part in parts(text)[1:]:
        statement(query, part=part, **key)


def publish_run(statement: Any, run: Run) -> None:
    statement(cy.DROP_PENDING_RESULTS, id=run.id)  # left by an attempt that died mid-way
    statement(cy.DROP_PENDING_RUN, id=run.id)
    body = shield(records.dump(run, exclude=("results",)))
    link = hashchain.seal(run, 0, hashchain.GENESIS)
    staged = statement(
        cy.STAGE_RUN,
        id=run.id,
        ts=run.started_at.timestamp(),
        body=parts(body)[0],
        sha=link.sha256,
        parts=nchain.top_parts(link),
    )
    if not staged[0][0]:
        return  # already recorded: a retried call whose first attempt got through
    _put(statement, cy.APPEND_RUN_BODY, body, id=run.id)
    for group in batches(({"ph": p} for p in run.phases), MESSAGE_BUDGET - 500):
        statement(cy.STAGE_COVERS, id=run.id, phases=[row["ph"] for row in group])
    bodies = [shield(records.dump(r)) for r in run.results]
    rows = [
        {
            "idx": i,
            "phase": r.phase,
            "check": r.check,
            "at": r.at.isoformat(),
            "at_ts": r.at.timestamp(),
            "body": parts(bodies[i])[0],
            "sha": link.parts[f"results[{i}]"],
        }
        for i, r in enumerate(run.results)
    ]
    for group in batches(rows, MESSAGE_BUDGET - 500):
        statement(cy.STAGE_RESULTS, id=run.id, rows=group)
    for i, text in enumerate(bodies):
        if size(text) > PART:
            _put(statement, cy.APPEND_RESULT_BODY, text, id=run.id, idx=i)
    nchain.take_next(statement, link, "Run", cy.PUBLISH_RUN)


def publish_event(statement: Any, event: Event, guard: str) -> bool:
    statement(cy.DROP_PENDING_EVENT, id=event.id)
    body = shield(records.dump(event))
    cert = shield(records.dump(event, include=("data",))) if event.kind == "advance" and event.data else ""
    run_id = str(event.data.get("run_id") or "")[:200] if cert else ""
    staged = statement(
        cy.STAGE_EVENT,
        id=event.id,
        kind=event.kind,
        phase=event.phase,
        at_ts=event.at.timestamp(),
        run_id=run_id,
        body=parts(body)[0],
        cert=parts(cert)[0],
    )[0][0]
    if not staged:  # already there: published by an attempt whose reply was lost
        return bool(statement(cy.EVENT_STATE, id=event.id)[0][0])
    for field, text in (("body", body), ("cert", cert)):
        _put(statement, cy.APPEND_EVENT.format(field=field), text, id=event.id)
    link = hashchain.seal(event, 0, hashchain.GENESIS)
    statement(cy.EVENT_PARTS, id=event.id, sha=link.sha256, parts=json.dumps(link.parts))
    query = cy.PUBLISH_EVENT.format(guard=guard, take=cy.take_link("p, e", "e"))
    if nchain.take_next(statement, link, "Event", query, gates=list(GATE_KINDS)):
        return True
    statement(cy.DROP_PENDING_EVENT, id=event.id)  # refused: the phase was already complete
    return False
