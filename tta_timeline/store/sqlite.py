"""The embedded default store: one SQLite file, WAL, busy timeout, every write one transaction."""

from __future__ import annotations

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
from tta_timeline.store import sqlite_records, sqlite_schema
from tta_timeline.store.base import Store


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
                sqlite_schema.create(path, namespace)
            elif path.is_file() and path.stat().st_size == 0:
                raise StoreError(
                    f"store {self.display}: the file is empty (0 bytes), not a tta-timeline store; "
                    "remove it to start a new store"
                )
            self._db = sqlite_schema.connect(path)
            self._identity = sqlite_schema.identity(path)
            self.sealed = sqlite_schema.adopt(self._db, self._tx, self.display, namespace)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"store {self.display}: cannot open: {exc}") from None

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
        if self._identity is not None and sqlite_schema.identity(self.path) != self._identity:
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
