"""Mock Redis: the real adapter's operations against fakeredis, with simulated latency and failures."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tta_timeline.core.secrets import Redactor
from tta_timeline.services.base import CONFIG, AdapterError
from tta_timeline.services.redis_real import RedisAdapter
from tta_timeline.services.simulate import Simulated, Simulator


class MockRedisAdapter(Simulated, RedisAdapter):
    backend = "mock"

    def __init__(
        self,
        service: Any,
        policy: Any = None,
        redactor: Redactor | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 5.0,
        max_connections: int = 8,
    ):
        self.sim = Simulator(getattr(service, "mock", None), sleep)
        super().__init__(service, policy, redactor, sleep, timeout, max_connections)

    def _make_client(self, service: Any, timeout: float, max_connections: int) -> Any:
        try:
            import fakeredis  # only when a mock run needs Redis
        except ImportError:
            raise AdapterError(
                f"{self.where()}: the mock backend needs fakeredis (pip install fakeredis)", CONFIG
            ) from None
        # One private FakeServer per run: mock state never leaks between runs or tests.
        self._server = fakeredis.FakeServer()
        return fakeredis.FakeRedis(server=self._server)

    def close(self) -> None:
        self._client.close()

    def _server_info(self) -> dict[str, Any]:
        # fakeredis has no INFO; report the version it emulates
        version = getattr(self._server, "version", (7,))
        return {"redis_version": ".".join(str(v) for v in version), "redis_mode": "standalone"}

    def ping(self) -> dict[str, Any]:
        info = super().ping()
        info["mock"] = self.sim.describe()
        return info
