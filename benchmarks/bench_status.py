"""Start-up of the read commands against the floor of their own imports (target <= 1.5), cold and warm.

Every command is a whole process on the top-level phases.yaml with an empty SQLite store in a temp
folder. "warm" has the load cache of that store folder (config/load_cache.py); "cold" deletes it
before each run, so the file is validated and the cache written again. The floor is
`python -c "import typer, rich, pydantic, yaml"`; `python -c pass` is shown for the distance to the
interpreter itself. Runs are interleaved (drift and other load hit every command alike) and each
figure is a median; wall time is the target, CPU time (user+sys of the process) is shown too, as it
moves less on a loaded machine. Exit status 1 when a warm target is missed.

Usage: python benchmarks/bench_status.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readme_table import record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5
PASS = [sys.executable, "-c", "pass"]
FLOOR = [sys.executable, "-c", "import typer, rich, pydantic, yaml"]


#: as installed: the warm-up writes the tool's .pyc files (an environment that forbids them would compile every run)
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=cwd, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def measure(commands: dict[str, list[str]], runs: int, cwd: Path, cache: Path) -> dict[str, tuple[float, float]]:
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for round_ in range(runs + 2):  # two warm-up rounds: page cache, .pyc files, the store
        for name, command in commands.items():
            if name.endswith("(cold)"):
                cache.unlink(missing_ok=True)
            sample = timed(command, cwd)
            if round_ >= 2:
                samples[name].append(sample)
    return {
        name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in samples.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tta-bench-status-"))
    try:
        shutil.copy(ROOT / "phases.yaml", work / "phases.yaml")
        tool = [sys.executable, "-m", "tta_timeline", "--file", str(work / "phases.yaml")]
        commands = {
            "python -c pass": PASS,
            "floor": FLOOR,
            "status (cold)": [*tool, "status"],
            "status": [*tool, "status"],
            "checklist": [*tool, "checklist"],
            "timeline": [*tool, "timeline"],
            "--help": [*tool, "--help"],
        }
        load_before = os.getloadavg()[0]
        results = measure(commands, args.runs, work, work / ".tta-timeline" / "state.load-cache.json")
        load_after = os.getloadavg()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor_wall, floor_cpu = results["floor"]
    pass_wall, pass_cpu = results["python -c pass"]
    print(f"runs: {args.runs} (medians, interleaved); load average {load_before:.1f} .. {load_after:.1f}")
    print(f"{'command':16} {'wall ms':>8} {'cpu ms':>7}  {'/floor':>6} {'cpu/floor':>9}  {'/pass':>6}  target")
    missed = []
    for name, (wall, cpu) in results.items():
        target = f"<= {TARGET}" if name not in ("floor", "python -c pass") else ""
        if target and not name.endswith("(cold)") and wall / floor_wall > TARGET:
            missed.append(name)
            target += "  MISSED"
        print(
            f"{name:16} {wall * 1000:8.0f} {cpu * 1000:7.0f}  {wall / floor_wall:6.2f} {cpu / floor_cpu:9.2f}"
            f"  {wall / pass_wall:6.2f}  {target}"
        )
    ratio = {name: wall / floor_wall for name, (wall, _) in results.items()}
    record(
        "bench_status.py",
        f"warm: status {ratio['status']:.2f}, checklist {ratio['checklist']:.2f}, timeline {ratio['timeline']:.2f}, "
        f"--help {ratio['--help']:.2f}; cold status {ratio['status (cold)']:.2f}; "
        f"floor {floor_wall * 1000:.0f} ms = {floor_wall / pass_wall:.1f}x `python -c pass`",
    )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
