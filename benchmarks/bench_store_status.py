"""`status` time with 10,000 recorded runs, as a ratio to an empty store, for every store (target ≤ 1.5).

Run: .venv/bin/python benchmarks/bench_store_status.py [--runs 10000]
Servers are started exactly as the test fixtures start them (tests/servers.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import write_phases  # noqa: E402
from tests.servers import RedisServer, redis_binary  # noqa: E402
from tests.store.conftest import PHASES, T0, run  # noqa: E402
from tta_timeline.config.loader import load  # noqa: E402
from tta_timeline.core.results import Status  # noqa: E402
from tta_timeline.domain.state import derive  # noqa: E402
from tta_timeline.output.status_json import status_document  # noqa: E402
from tta_timeline.store import open_store  # noqa: E402

CHECKS = [(1, "readme"), (1, "tried"), (2, "ok"), (2, "lint")]


def status_seconds(store, timeline, repeats: int = 25) -> float:
    """Median time of what `status --json` does once the store is open: read, derive, render."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        status_document(derive(timeline, store, T0 + timedelta(days=30)))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fill(store, count: int) -> None:
    for i in range(count):
        status = Status.PASS if i % 3 else Status.FAIL
        store.record_run(run(f"run-{i}", i / 10, *[(p, c, status) for p, c in CHECKS]))


def measure(name: str, url: str, timeline, count: int) -> tuple[float, float, float]:
    with open_store(url, env={}) as store:
        empty = status_seconds(store, timeline)
        start = time.perf_counter()
        fill(store, count)
        filled_in = time.perf_counter() - start
        full = status_seconds(store, timeline)
    print(
        f"{name:7} empty {empty * 1000:7.2f} ms   {count} runs {full * 1000:7.2f} ms   "
        f"ratio {full / empty:5.2f}   (recording took {filled_in:.0f} s)",
        flush=True,
    )
    return empty, full, full / empty


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tta-bench-"))
    timeline = load(write_phases(work, PHASES), {}).timeline
    servers = [RedisServer(redis_binary() or "redis-server", bolt=True).start()]
    try:
        ratios = [
            measure("sqlite", str(work / "state.db"), timeline, args.runs)[2],
            measure("redis", servers[0].url + "?prefix=bench", timeline, args.runs)[2],
            measure("neo4j", servers[0].bolt_uri + "?prefix=bench", timeline, args.runs)[2],
        ]
    finally:
        for server in servers:
            server.close()
    return 0 if max(ratios) <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
