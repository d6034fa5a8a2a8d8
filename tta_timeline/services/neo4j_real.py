"""Neo4j adapter over the official driver: one driver per run, managed transactions, our own retries."""

from __future__ import annotations

import secrets as _secrets
from typing import Any

from tta_timeline.core.bolt import bound_reads
from tta_timeline.core.secrets import mask_url
from tta_timeline.services.base import AUTH, CONFIG, CONNECTION, QUERY, AdapterError, Connect, ServiceAdapter
from tta_timeline.services.registry import SERVICES

PROBE_LABEL = "TtaTimelineProbe"
SCHEMES = tuple(f"{scheme}://" for scheme in SERVICES["neo4j"].schemes)


class Neo4jAdapter(ServiceAdapter):
    service = "neo4j"
    backend = "real"
    url_field = "uri"

    def __init__(self, service: Any, connect: Connect | None = None):
        super().__init__(service, connect)
        self.user = service.user
        self.database = service.database
        timeout = self._connect.timeout
        if not service.uri.startswith(SCHEMES):
            raise AdapterError(f"{self.where()}: unsupported URI scheme (use {', '.join(SCHEMES)})", CONFIG)
        import neo4j  # the driver loads only when a run actually needs Neo4j

        auth = (service.user, service.password or "") if service.user else None
        self._driver = neo4j.GraphDatabase.driver(
            service.uri,
            auth=auth,
            connection_timeout=timeout,
            max_connection_pool_size=self._connect.max_connections,
            # bounds a stalled Bolt handshake too (seen with FalkorDB), turning it into a retryable error
            connection_acquisition_timeout=timeout,
            # 0 turns off the driver's own transaction retries: our policy decides and counts them
            max_transaction_retry_time=0,
        )
        # a server that stops answering mid-query becomes a connection error (retried), not a hung check
        bound_reads(self._driver, self._connect.read_timeout)

    def close(self) -> None:
        self._driver.close()

    def _session(self, database: str | None) -> Any:
        db = database or self.database
        return self._driver.session(database=db) if db else self._driver.session()

    # --- operations -------------------------------------------------------------------------
    def ping(self) -> dict[str, Any]:
        def op() -> dict[str, Any]:
            # get_server_info connects (or raises ServiceUnavailable); keyword arguments to it or to
            # verify_connectivity are a driver "preview feature" that prints a warning, so none are given.
            info = self._driver.get_server_info()
            agent = str(info.agent)
            return {
                "agent": agent,
                "version": agent.split("/", 1)[-1],
                "protocol": ".".join(str(p) for p in info.protocol_version),
                "address": mask_url(self.address),
                "database": self.database,
            }

        return self._call(op)

    def run(
        self, query: str, params: dict[str, Any] | None = None, database: str | None = None, write: bool = False
    ) -> list[dict[str, Any]]:
        """Rows as dicts, in a managed read (or write) transaction."""

        def work(tx: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params or {})]

        def op() -> list[dict[str, Any]]:
            with self._session(database) as session:
                return session.execute_write(work) if write else session.execute_read(work)

        return self._call(op)

    def roundtrip(self) -> dict[str, Any]:
        """Create a probe node with a random token, read it back, delete it; user data is never matched."""
        create = f"CREATE (p:{PROBE_LABEL} {{token: $token}}) RETURN p.token AS token"
        read = f"MATCH (p:{PROBE_LABEL} {{token: $token}}) RETURN p.token AS token"
        delete = f"MATCH (p:{PROBE_LABEL} {{token: $token}}) DELETE p RETURN count(*) AS deleted"

        def op() -> dict[str, Any]:
            token = _secrets.token_hex(8)
            with self._session(None) as session:
                try:
                    session.execute_write(lambda tx: tx.run(create, token=token).consume())
                    rows = session.execute_read(lambda tx: [r.data() for r in tx.run(read, token=token)])
                finally:
                    deleted = session.execute_write(lambda tx: tx.run(delete, token=token).single())
            return {
                "label": PROBE_LABEL,
                "token": token,
                "read": [r.get("token") for r in rows],
                "deleted": int(deleted["deleted"]) if deleted else 0,
            }

        return self._call(op)

    # --- error handling ---------------------------------------------------------------------
    def _is_transient(self, exc: BaseException) -> bool:
        # driver: imported where used (status and --help must not load it)
        from neo4j import exceptions as nex

        transient = (nex.ServiceUnavailable, nex.SessionExpired, nex.TransientError, ConnectionError, TimeoutError)
        return isinstance(exc, transient)

    def _classify(self, exc: BaseException) -> tuple[str, str]:
        # driver: imported where used (status and --help must not load it)
        from neo4j import exceptions as nex

        if isinstance(exc, nex.AuthError):
            return AUTH, f"authentication failed for user {self.user!r}"
        if isinstance(exc, (nex.ServiceUnavailable, nex.SessionExpired, ConnectionError)):
            return CONNECTION, f"unreachable ({_first_line(exc)})"
        if isinstance(exc, nex.Neo4jError):
            code = getattr(exc, "code", None) or type(exc).__name__
            return QUERY, f"query failed: {code}: {getattr(exc, 'message', None) or _first_line(exc)}"
        if isinstance(exc, nex.DriverError):
            return CONFIG, f"driver error: {_first_line(exc)}"
        return super()._classify(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
