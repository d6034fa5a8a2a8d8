"""Session-wide fixtures. Real-server fixtures live in tests/servers.py; add new ones below."""
from __future__ import annotations

from tests.servers import bolt_server, neo4j_service, redis_factory, redis_instance, redis_server  # noqa: F401
