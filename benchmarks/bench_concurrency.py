"""Wall time of `verify` on 200 checks of ~100 ms each: default concurrency vs --concurrency 1.

Runs the real CLI (a fresh process per run, so start-up and store writes are included).
Target: the concurrent run within 2 s and at least 10x faster than the sequential one.

    .venv/bin/python benchmarks/bench_concurrency.py [--checks 200] [--runs 5] [--sequential-runs 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = Path(sys.executable).parent / "tta-timeline"


def write_phases(folder: Path, checks: int) -> None:
    lines = ["version: 1", "project: bench", "phases:", "  - id: 1", "    name: many", "    checks:"]
    lines += [f'      - {{id: c{i}, command: {{run: "sleep 0.1"}}}}' for i in range(checks)]
    (folder / "phases.yaml").write_text("\n".join(lines) + "\n")


def one_run(folder: Path, *extra: str) -> float:
    env = {**os.environ, "TTA_TIMELINE_BACKEND": "mock"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    start = time.perf_counter()
    done = subprocess.run(
        [str(EXE), "verify", "--json", *extra], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"verify failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def median_of(runs: int, folder: Path, *extra: str) -> tuple[float, list[float]]:
    times = [one_run(folder, *extra) for _ in range(runs)]
    return statistics.median(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sequential-runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_phases(folder, args.checks)
        one_run(folder)  # warm-up: imports compiled, store created
        fast, fast_all = median_of(args.runs, folder)
        slow, slow_all = median_of(args.sequential_runs, folder, "--concurrency", "1")
    ratio = slow / fast
    print(f"{args.checks} checks of ~100ms")
    print(f"default concurrency (16): median {fast:.2f}s of {len(fast_all)} runs {[round(t, 2) for t in fast_all]}")
    print(f"--concurrency 1:          median {slow:.2f}s of {len(slow_all)} runs {[round(t, 2) for t in slow_all]}")
    print(f"speed-up: {ratio:.1f}x  (target: concurrent <= 2s and >= 10x)")
    met = fast <= 2.0 and ratio >= 10
    print("target met" if met else "target NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
