"""`audit` of a store holding 10,000 recorded runs, as a ratio to `status` on the same store.

`status` reads one row per check (O(phases)); `audit` reads and hashes every run, result and event
(O(history)), so the ratio says what walking the whole chain costs in units of the everyday command.
Both are timed as the commands a person runs (a fresh `tta-timeline` process each) and in-process
(what the command does once the store is open); medians over several repeats, on the default SQLite store.

Run: .venv/bin/python benchmarks/bench_audit.py [--runs 10000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import write_phases  # noqa: E402
from tests.store.conftest import PHASES, T0, run  # noqa: E402
from tta_timeline.commands.audit import run_audit  # noqa: E402
from tta_timeline.config.loader import load  # noqa: E402
from tta_timeline.core.events import Event  # noqa: E402
from tta_timeline.core.results import Status  # noqa: E402
from tta_timeline.domain.state import derive  # noqa: E402
from tta_timeline.output.status_json import status_document  # noqa: E402
from tta_timeline.store.sqlite import SqliteStore  # noqa: E402

CHECKS = [(1, "readme"), (1, "tried"), (2, "ok"), (2, "lint")]


def median_seconds(work, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli(work: Path, command: str) -> None:
    exe = Path(sys.executable).with_name("tta-timeline")
    args = [str(exe), "--file", str(work / "phases.yaml"), "--store", str(work / "state.db"), command, "--json"]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=work)


def fill(store: SqliteStore, count: int) -> None:
    for i in range(count):
        status = Status.PASS if i % 3 else Status.FAIL
        store.record_run(run(f"run-{i}", i / 10, *[(p, c, status) for p, c in CHECKS]))
        if i % 100 == 0:
            store.append_event(Event(kind="note", phase=1, at=T0 + timedelta(minutes=i / 10), actor="a", note=f"n{i}"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tta-bench-audit-"))
    try:
        timeline = load(write_phases(work, PHASES), {}).timeline
        with SqliteStore(work / "state.db") as store:
            start = time.perf_counter()
            fill(store, args.runs)
            recorded = time.perf_counter() - start
            now = T0 + timedelta(days=30)
            status = median_seconds(lambda: status_document(derive(timeline, store, now)), args.repeats * 5)
            audit = median_seconds(lambda: run_audit(store, {}), args.repeats)
            result = run_audit(store, {})
        status_cli = median_seconds(lambda: cli(work, "status"), args.repeats)
        audit_cli = median_seconds(lambda: cli(work, "audit"), args.repeats)
        print(
            f"sqlite  {args.runs} runs ({result.links} links; recording took {recorded:.0f} s), audit ok: {result.ok}\n"
            f"  commands:   status {status_cli * 1000:.0f} ms, audit {audit_cli * 1000:.0f} ms, "
            f"ratio {audit_cli / status_cli:.1f}x\n"
            f"  in-process: status {status * 1000:.2f} ms, audit {audit * 1000:.0f} ms "
            f"({audit / result.links * 1e6:.0f} us per record), ratio {audit / status:.0f}x",
            flush=True,
        )
        return 0 if result.ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
