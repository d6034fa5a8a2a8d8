"""The SQLite store's file: its schema, creating it whole, and adopting (migrating, claiming) an older one."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from tta_timeline.core.errors import StoreError
from tta_timeline.store import sqlite_records

SCHEMA_VERSION = 2  # 2: the hash chain
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY, started_at TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS run_phases (
    run_id TEXT NOT NULL, phase INTEGER NOT NULL, started_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS run_phases_phase ON run_phases (phase, started_at);
CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at);
CREATE TABLE IF NOT EXISTS results (
    run_id TEXT NOT NULL, phase INTEGER NOT NULL, check_id TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS results_run ON results (run_id);
CREATE TABLE IF NOT EXISTS latest (
    phase INTEGER NOT NULL, check_id TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (phase, check_id));
CREATE TABLE IF NOT EXISTS phase_first (phase INTEGER PRIMARY KEY, first_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, kind TEXT NOT NULL,
    phase INTEGER NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_phase ON events (phase, kind);
CREATE TABLE IF NOT EXISTS chain (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL);
"""
#: seconds a write waits for another writer (readers never wait: WAL)
BUSY_TIMEOUT = 60.0
_TABLES = {"meta", "runs", "run_phases", "results", "latest", "phase_first", "events", "chain"}

Transaction = Callable[[], AbstractContextManager[sqlite3.Connection]]


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _create_schema(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def create(path: Path, namespace: str | None) -> None:
    """Build a new store beside its path and link it into place, so no process ever sees it
    half-made (a 0-byte or table-less file is refused as not ours)."""
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise StoreError(f"store {path}: cannot create it: {blocking} is a file, not a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        db = connect(draft)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
        _create_schema(db)
        meta = {"schema_version": str(SCHEMA_VERSION), "namespace": namespace}
        db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, v) for k, v in meta.items() if v is not None])
        db.execute("COMMIT")
        db.close()
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process created it first: open theirs
    finally:
        draft.unlink(missing_ok=True)


def adopt(db: sqlite3.Connection, tx: Transaction, display: str, namespace: str | None) -> tuple[int, int] | None:
    """Refuse what is not our store or is another timeline's; migrate or claim an older one.
    Returns the (runs, events) a migration sealed into the hash chain, if any."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        raise StoreError(f"store {display}: an SQLite file that is not a tta-timeline store (no meta table)")
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    sealed = None
    if int(meta.get("schema_version", 0)) != SCHEMA_VERSION or not _TABLES <= tables:
        with tx() as writing:
            _create_schema(writing)
            sealed = sqlite_records.seal(writing)  # history written before the chain: sealed in the same transaction
            writing.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    if namespace is not None:
        _claim(tx, display, namespace, meta.get("namespace"))
    return sealed


def _claim(tx: Transaction, display: str, namespace: str, owner: str | None) -> None:
    if owner is None:  # a store made before namespaces: the first timeline to open it owns it
        with tx() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('namespace', ?)", (namespace,))
            owner = db.execute("SELECT value FROM meta WHERE key = 'namespace'").fetchone()[0]
    if owner != namespace:
        raise StoreError(
            f"store {display} belongs to timeline {owner!r}, not this project's {namespace!r}; "
            f"use another --store, or --namespace {owner} to open it anyway"
        )
