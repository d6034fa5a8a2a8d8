"""Mock Redis: the real adapter's operations against fakeredis, with simulated latency and failures."""

from __future__ import annotations

from typing import Any

from tta_timeline.services.base import CONFIG, AdapterError, Connect
from tta_timeline.services.redis_real import RedisAdapter
from tta_timeline.services.simulate import Simulated, Simulator


class MockRedisAdapter(Simulated, RedisAdapter):
    backend = "mock"

    def __init__(self, service: Any, connect: Connect | None = None):
        self.sim = Simulator(getattr(service, "mock", None), (connect or Connect()).sleep)
        super().__init__(service, connect)

    def _make_client(self, service: Any) -> Any:
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
