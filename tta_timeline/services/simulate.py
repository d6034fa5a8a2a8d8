"""Mock service behaviour from a MockSim config: latency, jitter, failures and state, seeded.

Every attempt draws from one `random.Random(seed)`, so the same config and the same sequence of
calls give the same failures and retries on every run.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Any

from tta_timeline.services.base import SimulatedOutage

#: failure rate at least this high when state is `failing`
FAILING_RATE = 0.8
#: extra latency when `degraded`: this much, or three times the configured latency if larger
DEGRADED_EXTRA = 0.2


class Simulator:
    def __init__(self, sim: Any | None = None, sleep: Callable[[float], None] = time.sleep):
        self.latency = float(getattr(sim, "latency", 0.0) or 0.0)
        self.jitter = float(getattr(sim, "jitter", 0.0) or 0.0)
        self.state = getattr(sim, "state", "healthy") or "healthy"
        rate = float(getattr(sim, "failure_rate", 0.0) or 0.0)
        self.failure_rate = max(rate, FAILING_RATE) if self.state == "failing" else rate
        seed = getattr(sim, "seed", None)
        # No seed still means reproducible: an unseeded mock must not flake between runs.
        self._rng = random.Random(0 if seed is None else seed)
        self._lock = threading.Lock()
        self._sleep = sleep
        self.simulated_latency = 0.0

    def delay(self) -> float:
        """The latency of the next attempt (draws one number when jitter is set)."""
        base = self.latency
        if self.state == "degraded":
            base += max(DEGRADED_EXTRA, 3 * self.latency)
        if self.jitter:
            base += self._rng.uniform(0, self.jitter)
        return base

    def fails(self) -> bool:
        if self.state == "offline":
            return True
        return self.failure_rate > 0 and self._rng.random() < self.failure_rate

    def before_call(self) -> None:
        """Called once per attempt: waits the simulated latency, then maybe raises SimulatedOutage."""
        with self._lock:  # draws in a fixed order even when checks share the mock from threads
            seconds, failed = self.delay(), self.fails()
            self.simulated_latency += seconds
        if seconds:
            self._sleep(seconds)
        if failed:
            reason = "offline" if self.state == "offline" else f"failure_rate {self.failure_rate:g}"
            raise SimulatedOutage(f"connection refused (simulated: {reason})")

    def describe(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "failure_rate": self.failure_rate,
            "latency": self.latency,
            "jitter": self.jitter,
            "simulated_latency": round(self.simulated_latency, 6),
        }


class Simulated:
    """Mixin for the mock adapters: the seeded simulation runs before every attempt, and is counted."""

    sim: Simulator

    def stats(self) -> dict[str, Any]:
        out = super().stats()  # type: ignore[misc]
        out["simulated_latency"] = round(self.sim.simulated_latency, 6)
        return out

    def _before_attempt(self) -> None:
        self.sim.before_call()
