"""`serve`: requests per second for /api/status on a store of 10,000 runs (as a ratio to an empty store),
and the dashboard's time to first render in headless Chromium.

Run: .venv/bin/python benchmarks/bench_serve.py [--runs 10000]
Target: /api/status on 10,000 runs at ≥ 2/3 the rate on an empty store (it reads latest results only).
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_store_status import fill  # noqa: E402
from tests.helpers import write_phases  # noqa: E402
from tests.store.conftest import PHASES  # noqa: E402
from tests.web.browser import chromium, missing  # noqa: E402
from tests.web.serving import serving  # noqa: E402
from tta_timeline.store.sqlite import SqliteStore  # noqa: E402

REQUESTS = 300
ROUNDS = 5
LOADS = 7


def requests_per_second(url: str, path: str) -> float:
    """Median over ROUNDS of sequential requests on one keep-alive connection."""
    parts = urlsplit(url)
    rates = []
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(REQUESTS):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.status == 200, response.status
        rates.append(REQUESTS / (time.perf_counter() - start))
    connection.close()
    return statistics.median(rates)


def first_render_ms(url: str) -> tuple[float, float] | None:
    """Median (first contentful paint, page load complete) in ms over LOADS fresh loads."""
    if missing():
        print(f"page render: skipped: {missing()}")
        return None
    paints, loads = [], []
    with chromium() as browser:
        for _ in range(LOADS):
            browser.get("about:blank")
            browser.get(url)
            timing = browser.execute_script(
                "const p = performance.getEntriesByName('first-contentful-paint')[0];"
                "const n = performance.getEntriesByType('navigation')[0];"
                "return [p ? p.startTime : null, n.loadEventEnd || n.domComplete];"
            )
            paints.append(timing[0])
            loads.append(timing[1])
    return statistics.median(p for p in paints if p is not None), statistics.median(loads)


def folder_with(runs: int, work: Path) -> Path:
    folder = work / f"runs-{runs}"
    folder.mkdir()
    write_phases(folder, PHASES)
    with SqliteStore(folder / ".tta-timeline" / "state.db") as store:
        fill(store, runs)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tta-bench-serve-"))
    try:
        rates = {}
        for runs in (0, args.runs):
            with serving(folder_with(runs, work)) as web:
                rates[runs] = requests_per_second(web.url, "/api/status")
                page = requests_per_second(web.url, "/") if runs else None
                render = first_render_ms(web.url) if runs else None
            print(f"/api/status with {runs:6} runs: {rates[runs]:7.1f} requests/s", flush=True)
        ratio = rates[args.runs] / rates[0]
        print(f"ratio {args.runs} runs / empty: {ratio:.2f} (target ≥ 0.67)")
        print(f"/ (the whole page, server side) with {args.runs} runs: {page:.1f} requests/s")
        if render:
            print(
                f"page with {args.runs} runs in headless Chromium: first contentful paint {render[0]:.0f} ms, "
                f"load complete {render[1]:.0f} ms (median of {LOADS})"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ratio >= 0.67 else 1


if __name__ == "__main__":
    raise SystemExit(main())
