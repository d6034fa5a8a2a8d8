"""The SQLite store's rows: runs read back with their results, and the hash chain's links.

A link is appended inside the transaction that writes its record (BEGIN IMMEDIATE), so concurrent
writers queue into one chain.
"""

from __future__ import annotations

import sqlite3

from tta_timeline.core import chain, records
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run


def with_results(db: sqlite3.Connection, run_id: str, body: str) -> Run:
    run = records.load(Run, body)
    rows = db.execute("SELECT body FROM results WHERE run_id = ? ORDER BY rowid", (run_id,))
    run.results = [records.load(CheckResult, r[0]) for r in rows]
    return run


def read_runs(db: sqlite3.Connection, sql: str, args: list[object]) -> list[Run]:
    return [with_results(db, run_id, body) for run_id, body in db.execute(sql, args).fetchall()]


def head(db: sqlite3.Connection) -> tuple[int, str]:
    row = db.execute("SELECT seq, body FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], records.load(chain.Link, row[1]).hash) if row else (0, chain.GENESIS)


def link(db: sqlite3.Connection, record: Run | Event) -> None:
    """Append the record's link; inside the record's own transaction, so writers queue into one chain."""
    seq, prev = head(db)
    new = chain.seal(record, seq + 1, prev)
    db.execute("INSERT INTO chain VALUES (?, ?, ?, ?)", (new.seq, new.kind, new.id, records.dump(new)))


def seal(db: sqlite3.Connection) -> tuple[int, int] | None:
    """Link every run and event that has no link yet (a store made before the chain), oldest first."""
    runs = read_runs(
        db, "SELECT id, body FROM runs WHERE id NOT IN (SELECT id FROM chain WHERE kind = 'run') ORDER BY rowid", []
    )
    rows = db.execute(
        "SELECT body FROM events WHERE id NOT IN (SELECT id FROM chain WHERE kind = 'event') ORDER BY seq"
    ).fetchall()
    events = [records.load(Event, r[0]) for r in rows]
    for record in chain.recording_order(runs, events):
        link(db, record)
    return (len(runs), len(events)) if runs or events else None
