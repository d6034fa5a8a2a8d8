"""Time `tta-timeline status` on the top-level phases.yaml against the floor of its own imports.

Ratio of medians (hyperfine when installed, else a timer loop of whole processes); target <= 1.5.
Usage: python benchmarks/bench_status.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = [sys.executable, "-c", "import typer, rich, pydantic, yaml"]
STATUS = [sys.executable, "-m", "tta_timeline", "--file", str(ROOT / "phases.yaml"), "status"]


def hyperfine(commands: list[list[str]], runs: int) -> list[float]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        args = ["hyperfine", "--warmup", "3", "--runs", str(runs), "--export-json", out.name, "-N"]
        subprocess.run(args + [" ".join(c) for c in commands], check=True, capture_output=True)
        return [r["median"] for r in json.loads(Path(out.name).read_text())["results"]]


def timer_loop(commands: list[list[str]], runs: int) -> list[float]:
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(3):  # warm-up: page cache and .pyc files
        for command in commands:
            subprocess.run(command, check=True, capture_output=True)
    for _ in range(runs):  # interleaved, so drift hits both sides alike
        for index, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            samples[index].append(time.perf_counter() - start)
    return [statistics.median(s) for s in samples]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        status = STATUS + []
        status[status.index("status") : status.index("status")] = ["--store", str(Path(tmp) / "state.db")]
        tool = "hyperfine" if shutil.which("hyperfine") else "timer loop"
        measure = hyperfine if tool == "hyperfine" else timer_loop
        floor, ours = measure([FLOOR, status], args.runs)
    print(f"tool: {tool}, runs: {args.runs}")
    print(f"imports floor (typer, rich, pydantic, yaml): median {floor * 1000:.0f} ms")
    print(f"tta-timeline status:                        median {ours * 1000:.0f} ms")
    print(f"ratio status / floor: {ours / floor:.2f}  (target <= 1.5)")


if __name__ == "__main__":
    main()
