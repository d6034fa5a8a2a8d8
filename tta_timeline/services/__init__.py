"""Service adapters for the `neo4j` and `redis` checks, real and mock.

API (what the engine and a `services` command call):

    adapters = open_adapters(timeline.services, backend, redactor, default_retry=timeline.defaults.retry)
    ctx.services = adapters.for_check(check.retry)   # per check; the check's retry policy wins
    adapters.get("redis").ping()                     # -> {"version", "address", ...}
    adapters.stats()                                 # {"redis": {"calls", "attempts", "failures", ...}}
    adapters.close()                                 # end of the run (also a context manager)

Where retries happen: INSIDE the adapters. Every operation runs through `retry.call_with_retry`
with the policy check.retry > services.<name>.retry > defaults.retry (default 5 attempts,
0.5s..8s exponential). Only transient errors (connection refused/reset, timeouts, neo4j
ServiceUnavailable/SessionExpired/TransientError, redis ConnectionError/TimeoutError) are retried;
auth, Cypher, and wrong-type errors fail at once. The neo4j/redis check kinds then signal a
connection error as every kind does, by raising TransientError; its evidence holds `attempts` and
`waited`, which the engine copies into CheckResult.attempts / .waited (and does not retry again).

Drivers (neo4j, redis, fakeredis) are imported inside adapter constructors only, so importing
this package or any check module stays cheap.
"""

from tta_timeline.core.retry import CallFailed, call_with_retry
from tta_timeline.services.base import AdapterError, ServiceAdapter, Trace, trace

__all__ = ["AdapterError", "CallFailed", "ServiceAdapter", "Trace", "call_with_retry", "open_adapters", "trace"]


def open_adapters(*args, **kwargs):  # type: ignore[no-untyped-def]
    """See registry.open_adapters."""
    # lazy: the registry reads config.model (every kind's validators); status and --help must not
    from tta_timeline.services.registry import open_adapters as _open

    return _open(*args, **kwargs)
