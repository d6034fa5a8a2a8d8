"""`status` time with 10,000 recorded runs, as a ratio to an empty store, for every store (target ≤ 1.5).

Run: .venv/bin/python benchmarks/bench_store_status.py [--runs 10000] [--repeats 101]
Servers are started exactly as the test fixtures start them (tests/servers.py).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from readme_table import record  # noqa: E402

from tests.helpers import write_phases  # noqa: E402
from tests.servers import RedisServer, redis_binary  # noqa: E402
from tests.store.conftest import PHASES, T0, run  # noqa: E402
from tta_timeline.config.loader import load  # noqa: E402
from tta_timeline.core.results import Status  # noqa: E402
from tta_timeline.domain.state import derive  # noqa: E402
from tta_timeline.output.status_json import status_document  # noqa: E402
from tta_timeline.store import open_store  # noqa: E402

TARGET = 1.5
CHECKS = [(1, "readme"), (1, "tried"), (2, "ok"), (2, "lint")]


def status_once(store, timeline) -> float:
    """What `status --json` does once the store is open: read, derive, render."""
    start = time.perf_counter()
    status_document(derive(timeline, store, T0 + timedelta(days=30)))
    return time.perf_counter() - start


def fill(store, count: int) -> None:
    for i in range(count):
        status = Status.PASS if i % 3 else Status.FAIL
        store.record_run(run(f"run-{i}", i / 10, *[(p, c, status) for p, c in CHECKS]))


def measure(name: str, empty_url: str, full_url: str, timeline, count: int, repeats: int) -> tuple[float, float]:
    """Paired: the empty and the filled store, both open, timed one after the other in each round,
    so the machine's drift (other processes on 2 shared cores) hits both alike."""
    with open_store(empty_url, env={}) as empty, open_store(full_url, env={}) as full:
        start = time.perf_counter()
        fill(full, count)
        filled_in = time.perf_counter() - start
        pairs = [(status_once(empty, timeline), status_once(full, timeline)) for _ in range(repeats)]
    empty_s = statistics.median(e for e, _ in pairs)
    full_s = statistics.median(f for _, f in pairs)
    print(
        f"{name:7} empty {empty_s * 1000:7.2f} ms   {count} runs {full_s * 1000:7.2f} ms   "
        f"ratio {full_s / empty_s:5.2f}   (median of {repeats} pairs; recording took {filled_in:.0f} s)",
        flush=True,
    )
    return empty_s, full_s


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=101, help="paired status calls; medians are compared")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tta-bench-"))
    timeline = load(write_phases(work, PHASES), {}).timeline
    servers = [RedisServer(redis_binary() or "redis-server", bolt=True).start()]
    try:
        n, repeats = args.runs, args.repeats
        redis_url, bolt_uri = servers[0].url, servers[0].bolt_uri
        times = {
            "SQLite": measure("sqlite", str(work / "empty.db"), str(work / "state.db"), timeline, n, repeats),
            "Redis": measure("redis", f"{redis_url}?prefix=empty", f"{redis_url}?prefix=bench", timeline, n, repeats),
            "Neo4j (FalkorDB)": measure(
                "neo4j", f"{bolt_uri}?prefix=empty", f"{bolt_uri}?prefix=bench", timeline, n, repeats
            ),
        }
    finally:
        for server in servers:
            server.close()
        shutil.rmtree(work, ignore_errors=True)
    record(
        "bench_store_status.py",
        ", ".join(f"{name} {f / e:.2f} ({e * 1000:.2f} vs {f * 1000:.2f} ms)" for name, (e, f) in times.items()),
    )
    return 0 if max(f / e for e, f in times.values()) <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
