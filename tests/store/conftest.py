"""One `store` fixture over every backend: the contract suite runs unchanged against each."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.helpers import MINIMAL
from tta_timeline.core.errors import StoreError
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run, Status
from tta_timeline.store import open_store

BACKENDS = ["sqlite", "redis", "neo4j"]


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    """A fresh, empty store location; remote ones get a unique prefix so tests never share keys."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        return str(tmp_path / "state.db")
    if request.param == "redis":
        return f"{request.getfixturevalue('redis_server').url}?prefix={prefix}"
    return f"{request.getfixturevalue('bolt_server').bolt_uri}?prefix={prefix}"


def open_patiently(url: str, patience: float = 120.0, **options):  # type: ignore[no-untyped-def]
    """Open a store, retrying only the connection: FalkorDB's Bolt endpoint stalls new handshakes
    for up to a minute after another client disconnects (a server quirk, not what these tests are about)."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return open_store(url, env={}, **options)
        except StoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def store(store_url):
    with open_patiently(store_url) as opened:
        yield opened


PHASES = MINIMAL + '      - id: lint\n        command: {run: "python -c pass"}\n'


# --- a small, fixed history written the same way into any store ---


T0 = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def run(run_id: str, minute: float, *results: tuple[int, str, Status]) -> Run:
    when = at(minute)
    checks = [
        CheckResult(phase=p, check=c, status=s, at=when, run_id=run_id, message=f"{c} {s.value}") for p, c, s in results
    ]
    return Run(
        id=run_id,
        started_at=when,
        finished_at=when + timedelta(seconds=3),
        phases=sorted({p for p, _, _ in results}),
        backend="mock",
        actor="alice",
        commit="abc123",
        dirty=False,
        results=checks,
    )


CERTIFICATE = {
    "version": 1,
    "phase": 1,
    "run_id": "r2",
    "forced": False,
    "overridden": [],
    "checks": [{"id": "readme", "status": "pass", "evidence_sha256": "ab" * 32, "backend": None}],
}


def write(store) -> None:  # type: ignore[no-untyped-def]
    store.record_run(run("r1", 1, (1, "readme", Status.FAIL)))
    store.record_run(run("r2", 5, (1, "readme", Status.PASS), (2, "ok", Status.FAIL)))
    store.append_event(Event(kind="tick", phase=1, check="tried", at=at(6), actor="alice", note="done by hand"))
    assert store.advance(Event(kind="advance", phase=1, at=at(7), actor="alice", data=CERTIFICATE))
    store.record_run(run("r3", 8, (2, "ok", Status.PASS), (2, "lint", Status.FAIL)))
    store.append_event(Event(kind="waive", phase=2, check="lint", at=at(9), actor="bob", reason="flaky", until=at(60)))
