"""The same checks through `tta-timeline verify` and through pytest-testinfra, as ratios in one run.

Two workloads, each written once for both tools in a temp folder:

- quick: --files file checks (the file exists and contains its marker line) and --commands command
  checks (`echo ok-N` exits 0 and prints its marker): about 130 checks that each take milliseconds;
- slow: --slow commands of --sleep seconds each (`sleep`), where running checks at once matters.

`verify` runs them at its default concurrency (one process, a fresh SQLite store per round);
testinfra runs them as a pytest module on its `local` backend (`host.file(...).contains` and
`host.run`), and the slow workload with pytest-xdist on 2 workers when xdist is installed. pytest
loads only testinfra's and xdist's plugins, as in a peer's own install (this venv's test extra also has
hypothesis and anyio, whose plugins would slow every pytest and xdist worker start-up). Every
round runs both tools one after the other (interleaved), and figures are medians over --runs rounds.
Target: verify / testinfra < 1 on both (the issue measured 0.61 and 0.22); exit status 1 on a miss.

    .venv/bin/python benchmarks/bench_peers.py [--runs 9] [--files 100] [--commands 30] [--slow 40]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readme_table import record  # noqa: E402

TARGET = 1.0
EXE = Path(sys.executable).parent / "tta-timeline"


def quick_workload(folder: Path, files: int, commands: int) -> None:
    data = folder / "data"
    data.mkdir()
    for i in range(files):
        (data / f"f{i}.txt").write_text(f"line one\nmarker-{i}\n")
    checks = [f'      - {{id: f{i}, file: {{path: data/f{i}.txt, contains: "marker-{i}"}}}}' for i in range(files)]
    checks += [
        f'      - {{id: c{i}, command: {{run: "echo ok-{i}", stdout_contains: "ok-{i}"}}}}' for i in range(commands)
    ]
    _phases(folder / "quick.yaml", checks)
    (folder / "test_quick.py").write_text(
        f"""import pytest

DATA = {str(data)!r}


@pytest.mark.parametrize("i", range({files}))
def test_file(host, i):
    f = host.file(f"{{DATA}}/f{{i}}.txt")
    assert f.exists and f.contains(f"marker-{{i}}")


@pytest.mark.parametrize("i", range({commands}))
def test_command(host, i):
    out = host.run(f"echo ok-{{i}}")
    assert out.rc == 0 and f"ok-{{i}}" in out.stdout
"""
    )


def slow_workload(folder: Path, count: int, sleep: float) -> None:
    _phases(folder / "slow.yaml", [f'      - {{id: s{i}, command: {{run: "sleep {sleep}"}}}}' for i in range(count)])
    (folder / "test_slow.py").write_text(
        f"""import pytest


@pytest.mark.parametrize("i", range({count}))
def test_slow(host, i):
    assert host.run("sleep {sleep}").rc == 0
"""
    )


def _phases(path: Path, checks: list[str]) -> None:
    head = ["version: 1", "project: peers", "phases:", "  - id: 1", "    name: checks", "    checks:"]
    path.write_text("\n".join(head + checks) + "\n")


def timed(command: list[str], cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "PYTEST_ADDOPTS")}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # the peer's plugins are named in testinfra(); verify runs no pytest
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def verify(folder: Path, name: str) -> list[str]:
    store = folder / f".{name}-{time.monotonic_ns()}.db"
    return [str(EXE), "--file", str(folder / f"{name}.yaml"), "--store", str(store), "verify", "--all", "--json"]


def testinfra(name: str, workers: int) -> list[str]:
    xdist = ["-p", "xdist.plugin", "-n", str(workers)] if workers > 1 else []
    plugins = ["-p", "no:cacheprovider", "-p", "testinfra.plugin", *xdist]
    return [sys.executable, "-m", "pytest", "-q", *plugins, f"test_{name}.py"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--commands", type=int, default=30)
    parser.add_argument("--slow", type=int, default=40)
    parser.add_argument("--sleep", type=float, default=0.5)
    args = parser.parse_args()
    if importlib.util.find_spec("testinfra") is None:
        raise SystemExit("pytest-testinfra is not installed: pip install -e '.[test]'")
    workers = 2 if importlib.util.find_spec("xdist") is not None else 1
    folder = Path(tempfile.mkdtemp(prefix="tta-bench-peers-"))
    try:
        quick_workload(folder, args.files, args.commands)
        slow_workload(folder, args.slow, args.sleep)
        pairs = {"quick": (lambda: verify(folder, "quick"), testinfra("quick", 1))}
        pairs["slow"] = (lambda: verify(folder, "slow"), testinfra("slow", workers))
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in pairs}
        load = os.getloadavg()[0]
        for round_ in range(args.runs + 1):  # the first round warms caches and .pyc files
            for name, (ours, theirs) in pairs.items():
                sample = (timed(ours(), folder), timed(theirs, folder))
                if round_:
                    times[name][0].append(sample[0])
                    times[name][1].append(sample[1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"runs: {args.runs} (medians, interleaved); load average {load:.1f} .. {os.getloadavg()[0]:.1f}")
    ratios = {}
    for name, (ours, theirs) in times.items():
        label = (
            f"{args.files} file + {args.commands} command checks"
            if name == "quick"
            else f"{args.slow} x sleep {args.sleep}s (testinfra on {workers} xdist worker(s))"
        )
        ratios[name] = statistics.median(ours) / statistics.median(theirs)
        print(
            f"{name:5}  {label}: verify {statistics.median(ours):.2f}s, testinfra {statistics.median(theirs):.2f}s, "
            f"ratio {ratios[name]:.2f}  (target < {TARGET}){'' if ratios[name] < TARGET else '  MISSED'}"
        )
    record(
        "bench_peers.py",
        f"{ratios['quick']:.2f} quick, {ratios['slow']:.2f} slow (testinfra on {workers} worker(s))",
    )
    return 0 if all(r < TARGET for r in ratios.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
