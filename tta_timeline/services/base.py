"""What every service adapter shares: errors, call counters, per-thread traces and the retried call.

Import-light on purpose: check modules import this, and `tta-timeline status` must never load a driver.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from tta_timeline.core.retry import CallFailed, call_with_retry
from tta_timeline.core.secrets import Redactor, mask_url
from tta_timeline.core.words import counted

T = TypeVar("T")

# Error kinds: "connection"/"auth"/"config" mean the check could not evaluate; "query" means it ran and the server said no.
CONNECTION, AUTH, CONFIG, QUERY = "connection", "auth", "config", "query"


class AdapterError(Exception):
    """A failed service call; the message names the service and masked address, never a password."""

    def __init__(self, message: str, kind: str = CONNECTION, attempts: int = 1, waited: float = 0.0):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.attempts = attempts
        self.waited = waited

    @property
    def transient(self) -> bool:
        return self.kind == CONNECTION


class SimulatedOutage(ConnectionRefusedError):
    """Raised by a mock for a simulated connection failure (a builtin ConnectionError, so it is transient)."""


class Stats:
    """Counters a `services` command or a run summary can show; thread-safe since checks may run in parallel."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls = self.attempts = self.failures = 0
        self.latency = 0.0

    def record(self, seconds: float, attempts: int, ok: bool) -> None:
        with self._lock:
            self.calls += 1
            self.attempts += attempts
            self.failures += 0 if ok else 1
            self.latency += seconds

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            avg = self.latency / self.calls if self.calls else 0.0
            return {
                "calls": self.calls,
                "attempts": self.attempts,
                "failures": self.failures,
                "retries": self.attempts - self.calls,
                "latency_total": round(self.latency, 6),
                "latency_avg": round(avg, 6),
            }


@dataclass
class Trace:
    """Attempts and back-off of every adapter call made inside one `trace()` block (one check)."""

    calls: int = 0
    retries: int = 0
    waited: float = 0.0

    @property
    def attempts(self) -> int:
        return 1 + self.retries

    def evidence(self) -> dict[str, Any]:
        return {"attempts": self.attempts, "waited": round(self.waited, 6)}


_local = threading.local()


@contextmanager
def trace() -> Iterator[Trace]:
    """Collect attempts/waited of the adapter calls this thread makes; adapters are shared across checks."""
    stack: list[Trace] = _local.__dict__.setdefault("stack", [])
    current = Trace()
    stack.append(current)
    try:
        yield current
    finally:
        stack.pop()


def _note(attempts: int, waited: float) -> None:
    for t in getattr(_local, "stack", []):
        t.calls += 1
        t.retries += attempts - 1
        t.waited += waited


@dataclass(frozen=True)
class Connect:
    """What a run gives every adapter it opens (the phases file's settings are the `service` beside it)."""

    policy: Any = None  # the retry policy of the service's calls
    redactor: Redactor | None = None  # the run's secret registry: the service's password joins it
    sleep: Callable[[float], None] = time.sleep  # a seam: tests retry without waiting
    timeout: float = 5.0  # to connect, and to wait for a pooled connection
    max_connections: int = 8
    read_timeout: float = 30.0  # for any one reply (a Bolt driver has none of its own)


class ServiceAdapter:
    """Base of the four adapters: every public operation goes through `_call` (retry, counters, errors)."""

    service = "service"
    backend = "real"
    #: the setting of the service that holds its address
    url_field = "url"

    def __init__(self, service: Any, connect: Connect | None = None):
        self._connect = connect = connect or Connect()
        self.address: str = getattr(service, self.url_field)
        self._policy = connect.policy
        self._redactor = connect.redactor or Redactor()
        self._redactor.add(getattr(service, "password", None))
        self._sleep = connect.sleep
        self._stats = Stats()

    def with_policy(self, policy: Any | None) -> ServiceAdapter:
        """A view sharing the connection and counters, retrying with another policy (a check's own)."""
        if policy is None:
            return self
        view = copy.copy(self)
        view._policy = policy
        return view

    def stats(self) -> dict[str, Any]:
        return self._stats.snapshot()

    def close(self) -> None:  # overridden by adapters holding a driver or pool
        pass

    def where(self) -> str:
        return f"{self.service} at {mask_url(self.address)}"

    def _call(self, fn: Callable[[], T]) -> T:
        start = time.perf_counter()

        def attempt() -> T:
            self._before_attempt()
            return fn()

        try:
            value, attempts, waited = call_with_retry(attempt, self._policy, self._is_transient, self._sleep)
        except CallFailed as failed:
            self._stats.record(time.perf_counter() - start, failed.attempts, ok=False)
            _note(failed.attempts, failed.waited)
            raise self._error(failed) from failed.cause
        self._stats.record(time.perf_counter() - start, attempts, ok=True)
        _note(attempts, waited)
        return value

    def _error(self, failed: CallFailed) -> AdapterError:
        kind, reason = self._classify(failed.cause)
        if failed.transient:
            reason += f" after {counted(failed.attempts, 'attempt')}, waited {failed.waited:.2f}s"
        message = self._redactor.text(f"{self.where()}: {reason}")
        return AdapterError(message, kind, failed.attempts, failed.waited)

    # Hooks for subclasses.
    def _before_attempt(self) -> None:
        pass

    def _is_transient(self, exc: BaseException) -> bool:
        return isinstance(exc, (ConnectionError, TimeoutError))

    def _classify(self, exc: BaseException) -> tuple[str, str]:
        if isinstance(exc, AdapterError):
            return exc.kind, exc.message
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return CONNECTION, f"connection failed ({exc})"
        return QUERY, f"{type(exc).__name__}: {exc}"
