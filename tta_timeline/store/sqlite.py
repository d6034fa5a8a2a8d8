"""The embedded default store: one SQLite file, WAL, busy timeout, every write one transaction."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from tta_timeline.core import records
from tta_timeline.core.chain import Link
from tta_timeline.core.errors import StoreError
from tta_timeline.core.events import GATE_KINDS, Event
from tta_timeline.core.results import CheckResult, Run
from tta_timeline.store import sqlite_records
from tta_timeline.store.base import Store

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


class SqliteStore(Store):
    """Opening reads only, so `status` never queues behind a writer; it writes only to create,
    migrate or claim the store for its timeline."""

    def __init__(self, path: Path, namespace: str | None = None, display: str | None = None):
        """`namespace` None (library use, tests): open whichever timeline's store this is; `display` names it in
        messages (relative under the current folder)."""
        self.path, self.display, self.namespace = path, display or str(path), namespace
        self._identity: tuple[int, int] | None = None
        try:
            if path.is_dir():
                raise StoreError(f"store {self.display}: is a folder, not a store file")
            if not path.exists():
                _create(path, namespace)
            elif path.is_file() and path.stat().st_size == 0:
                raise StoreError(
                    f"store {self.display}: the file is empty (0 bytes), not a tta-timeline store; "
                    "remove it to start a new store"
                )
            self._db = _connect(path)
            self._identity = _identity(path)
            self._adopt()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"store {self.display}: cannot open: {exc}") from None

    def _adopt(self) -> None:
        """Refuse what is not our store or is another timeline's; migrate or claim an older one."""
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            raise StoreError(f"store {self.display}: an SQLite file that is not a tta-timeline store (no meta table)")
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if int(meta.get("schema_version", 0)) != SCHEMA_VERSION or not _TABLES <= tables:
            with self._tx() as db:
                _create_schema(db)
                self.sealed = sqlite_records.seal(
                    db
                )  # history written before the chain: sealed into it, in one transaction
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        owner = meta.get("namespace")
        if self.namespace is None:
            return
        if owner is None:  # a store made before namespaces: the first timeline to open it owns it
            with self._tx() as db:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('namespace', ?)", (self.namespace,))
                owner = db.execute("SELECT value FROM meta WHERE key = 'namespace'").fetchone()[0]
        if owner != self.namespace:
            raise StoreError(
                f"store {self.display} belongs to timeline {owner!r}, not this project's {self.namespace!r}; "
                f"use another --store, or --namespace {owner} to open it anyway"
            )

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: take the write lock up front so concurrent writers queue, not deadlock."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        if self._identity is not None and _identity(self.path) != self._identity:
            # the file was deleted or replaced while open: the commit went to a file nobody will read
            raise StoreError(
                f"store {self.path}: the store file was removed or replaced while in use; the last record was not kept"
            )

    def _guard(self, what: str) -> Any:
        return _Guard(self.path, what)

    def record_run(self, run: Run) -> None:
        with self._guard("record a run"), self._tx() as db:
            started = run.started_at.isoformat()
            db.execute("INSERT INTO runs VALUES (?, ?, ?)", (run.id, started, records.dump(run, exclude=("results",))))
            db.executemany("INSERT INTO run_phases VALUES (?, ?, ?)", [(run.id, p, started) for p in run.phases])
            for result in run.results:
                body = records.dump(result)
                db.execute("INSERT INTO results VALUES (?, ?, ?, ?)", (run.id, result.phase, result.check, body))
                db.execute(
                    "INSERT INTO latest VALUES (?, ?, ?, ?) ON CONFLICT (phase, check_id) DO UPDATE "
                    "SET at = excluded.at, body = excluded.body WHERE excluded.at >= latest.at",
                    (result.phase, result.check, result.at.isoformat(), body),
                )
                db.execute(
                    "INSERT INTO phase_first VALUES (?, ?) ON CONFLICT (phase) DO UPDATE "
                    "SET first_at = MIN(first_at, excluded.first_at)",
                    (result.phase, result.at.isoformat()),
                )
            sqlite_records.link(db, run)

    def append_event(self, event: Event) -> None:
        with self._guard("record an event"), self._tx() as db:
            self._insert_event(db, event)

    def advance(self, event: Event) -> bool:
        with self._guard("record an advancement"), self._tx() as db:
            row = db.execute(
                "SELECT kind FROM events WHERE phase = ? AND kind IN (?, ?) ORDER BY seq DESC LIMIT 1",
                (event.phase, *GATE_KINDS),
            ).fetchone()
            if row and row[0] == "advance":
                return False
            self._insert_event(db, event)
            return True

    @staticmethod
    def _insert_event(db: sqlite3.Connection, event: Event) -> None:
        db.execute(
            "INSERT INTO events (id, kind, phase, at, body) VALUES (?, ?, ?, ?, ?)",
            (event.id, event.kind, event.phase, event.at.isoformat(), records.dump(event)),
        )
        sqlite_records.link(db, event)

    def latest_results(self) -> list[CheckResult]:
        with self._guard("read results"):
            rows = self._db.execute("SELECT body FROM latest ORDER BY phase, check_id").fetchall()
        return [records.load(CheckResult, r[0]) for r in rows]

    def first_result_at(self) -> dict[int, datetime]:
        with self._guard("read results"):
            rows = self._db.execute("SELECT phase, first_at FROM phase_first").fetchall()
        return {phase: datetime.fromisoformat(at) for phase, at in rows}

    def events(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Event]:
        sql, args = "SELECT body FROM events WHERE 1 = 1", list[object]()
        if phase is not None:
            sql, args = sql + " AND phase = ?", [*args, phase]
        if since is not None:
            sql, args = sql + " AND at >= ?", [*args, since.isoformat()]
        sql += " ORDER BY seq DESC" + (f" LIMIT {int(limit)}" if limit else "")
        with self._guard("read events"):
            rows = self._db.execute(sql, args).fetchall()
        return [records.load(Event, r[0]) for r in rows]

    def runs(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Run]:
        sql, args = "SELECT r.id, r.body FROM runs r", list[object]()
        if phase is not None:
            sql += " JOIN run_phases p ON p.run_id = r.id WHERE p.phase = ?"
            args.append(phase)
        else:
            sql += " WHERE 1 = 1"
        if since is not None:
            sql, args = sql + " AND r.started_at >= ?", [*args, since.isoformat()]
        sql += " ORDER BY r.started_at DESC, r.rowid DESC" + (f" LIMIT {int(limit)}" if limit else "")
        with self._guard("read runs"):
            return sqlite_records.read_runs(self._db, sql, args)

    def check_writable(self) -> None:
        """Write a row and roll it back: SQLite opens a file it cannot write read-only, silently,
        and only the first changed page says so."""
        with self._guard("write"):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('write-probe', '')")
            finally:
                self._db.execute("ROLLBACK")

    def first_run(self, phase: int) -> Run | None:
        with self._guard("read runs"):
            row = self._db.execute(
                "SELECT r.id, r.body FROM runs r JOIN run_phases p ON p.run_id = r.id WHERE p.phase = ? "
                "ORDER BY r.started_at, r.rowid LIMIT 1",
                (phase,),
            ).fetchone()
            if row is None:
                return None
            return sqlite_records.with_results(self._db, row[0], row[1])

    def chain(self) -> list[Link]:
        with self._guard("read the hash chain"):
            rows = self._db.execute("SELECT body FROM chain ORDER BY seq").fetchall()
        return [records.load(Link, r[0]) for r in rows]

    def chain_head(self) -> tuple[int, str]:
        with self._guard("read the hash chain"):
            return sqlite_records.head(self._db)

    def version(self) -> str:
        # rowids only grow: the store is append-only
        with self._guard("read the store version"):
            row = self._db.execute("SELECT (SELECT max(rowid) FROM runs), (SELECT max(seq) FROM events)").fetchone()
        return f"{row[0] or 0}/{row[1] or 0}"

    def close(self) -> None:
        self._db.close()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _create_schema(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def _create(path: Path, namespace: str | None) -> None:
    """Build a new store beside its path and link it into place, so no process ever sees it
    half-made (a 0-byte or table-less file is refused as not ours)."""
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise StoreError(f"store {path}: cannot create it: {blocking} is a file, not a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        db = _connect(draft)
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


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


class _Guard:
    """Turns sqlite errors into one clear StoreError naming the file and the operation."""

    def __init__(self, path: Path, what: str):
        self.path, self.what = path, what

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> Literal[False]:
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"store {self.path}: cannot {self.what}: {exc}") from None
        return False
