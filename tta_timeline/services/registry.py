"""The run's adapters: created lazily, at most one per service per run, closed together."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tta_timeline.core.secrets import Redactor
from tta_timeline.services.base import CONFIG, AdapterError, Connect, ServiceAdapter


@dataclass(frozen=True)
class Service:
    #: backend -> "module:class" of its adapter, imported on first use, so that only a run touching a
    #: service loads that adapter (and, inside it, the driver)
    adapters: dict[str, str]
    #: the URL schemes its driver accepts (the adapter refuses others; validate reports them)
    schemes: tuple[str, ...]


#: the services a check kind may use (CheckKind.service)
SERVICES: dict[str, Service] = {
    "neo4j": Service(
        {"mock": "neo4j_mock:MockNeo4jAdapter", "real": "neo4j_real:Neo4jAdapter"},
        ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"),
    ),
    "redis": Service(
        {"mock": "redis_mock:MockRedisAdapter", "real": "redis_real:RedisAdapter"}, ("redis", "rediss", "unix")
    ),
}


def _factory(name: str, backend: str) -> type[ServiceAdapter]:
    module, _, cls = SERVICES[name].adapters[backend].partition(":")
    adapter: type[ServiceAdapter] = getattr(importlib.import_module(f"tta_timeline.services.{module}"), cls)
    return adapter


class Adapters:
    """`get(name)` gives the run's adapter; `for_check(retry)` is what a CheckContext.services should be."""

    def __init__(
        self,
        services: Any,
        backend: str,
        redactor: Redactor | None = None,
        *,
        default_retry: Any = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 5.0,
        max_connections: int = 8,
    ):
        if backend not in ("mock", "real"):
            raise ValueError(f"backend must be 'mock' or 'real', not {backend!r}")
        self.services = services
        self.backend = backend
        self.redactor = redactor or Redactor()
        self.default_retry = default_retry
        self._sleep = sleep
        self._limits = (timeout, max_connections)
        self._made: dict[str, ServiceAdapter] = {}
        self._lock = threading.Lock()

    def config(self, name: str) -> Any:
        """The service's settings; an unconfigured service gets the documented defaults."""
        if name not in SERVICES:
            raise AdapterError(f"unknown service {name!r} (known: {', '.join(SERVICES)})", CONFIG)
        return self.services.settings(name)

    def get(self, name: str) -> ServiceAdapter:
        with self._lock:  # checks in parallel threads must still share one driver / pool
            if name not in self._made:
                self._made[name] = self._create(name)
            return self._made[name]

    def _create(self, name: str) -> ServiceAdapter:
        service = self.config(name)
        policy = service.retry or self.default_retry
        connect = Connect(policy, self.redactor, self._sleep, *self._limits)
        return _factory(name, self.backend)(service, connect)

    def for_check(self, retry: Any = None) -> Callable[[str], ServiceAdapter]:
        """A `services` callable for one check: its own retry policy wins over the service's."""
        return lambda name: self.get(name).with_policy(retry)

    def opened(self) -> list[str]:
        return sorted(self._made)

    def stats(self) -> dict[str, dict[str, Any]]:
        return {name: adapter.stats() for name, adapter in sorted(self._made.items())}

    def close(self) -> None:
        with self._lock:
            made, self._made = self._made, {}
        for adapter in made.values():
            adapter.close()

    def __enter__(self) -> Adapters:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def open_adapters(services: Any, backend: str, redactor: Redactor | None = None, **options: Any) -> Adapters:
    """Adapters for one run; nothing connects until a check asks for a service."""
    return Adapters(services, backend, redactor, **options)
