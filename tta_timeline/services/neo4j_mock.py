"""Mock Neo4j: an in-memory stand-in good for ping, the probe round trip and canned query rows.

It runs no Cypher: a `query` check in mock mode either returns the rows it was given (`mock_result`)
or is skipped, so a mock never passes a query it did not evaluate.
"""

from __future__ import annotations

import copy
import secrets as _secrets
import threading
from typing import Any

from tta_timeline.core.secrets import mask_url
from tta_timeline.services.base import CONFIG, AdapterError, Connect, ServiceAdapter
from tta_timeline.services.neo4j_real import PROBE_LABEL
from tta_timeline.services.simulate import Simulated, Simulator

MOCK_AGENT = "Neo4j/5.0.0-mock"


class MockNeo4jAdapter(Simulated, ServiceAdapter):
    service = "neo4j"
    backend = "mock"
    url_field = "uri"

    def __init__(self, service: Any, connect: Connect | None = None):
        super().__init__(service, connect)
        self.user = service.user
        self.database = service.database
        self.sim = Simulator(getattr(service, "mock", None), self._sleep)
        self._nodes: dict[str, dict[str, dict[str, Any]]] = {}  # label -> token -> properties
        self._lock = threading.Lock()

    def ping(self) -> dict[str, Any]:
        def op() -> dict[str, Any]:
            return {
                "agent": MOCK_AGENT,
                "version": MOCK_AGENT.split("/", 1)[1],
                "protocol": "5.0",
                "address": mask_url(self.address),
                "database": self.database,
                "mock": self.sim.describe(),
            }

        return self._call(op)

    def run(
        self, query: str, params: dict[str, Any] | None = None, database: str | None = None, write: bool = False
    ) -> list[dict[str, Any]]:
        raise AdapterError(f"{self.where()}: the mock cannot run Cypher (give mock_result)", CONFIG)

    def canned(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows given in the check (mock_result), served through the simulation like a real query."""
        return self._call(lambda: copy.deepcopy(rows))

    def roundtrip(self) -> dict[str, Any]:
        def op() -> dict[str, Any]:
            token = _secrets.token_hex(8)
            with self._lock:
                nodes = self._nodes.setdefault(PROBE_LABEL, {})
                nodes[token] = {"token": token}
                read = [nodes[token]["token"]] if token in nodes else []
                deleted = 1 if nodes.pop(token, None) is not None else 0
            return {"label": PROBE_LABEL, "token": token, "read": read, "deleted": deleted}

        return self._call(op)

    def node_count(self, label: str = PROBE_LABEL) -> int:
        with self._lock:
            return len(self._nodes.get(label, {}))
