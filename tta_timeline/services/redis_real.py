"""Redis adapter over redis-py: one blocking ConnectionPool per run, shared by every redis check.

The probe operations (roundtrip, conditional-set, expiry) live here, each retried as one unit, so the
mock (fakeredis, a subclass) runs exactly the same commands.
"""

from __future__ import annotations

import secrets as _secrets
import time
from typing import Any

from tta_timeline.core.secrets import mask_url
from tta_timeline.services.base import AUTH, CONFIG, CONNECTION, QUERY, AdapterError, Connect, ServiceAdapter

PROBE_PREFIX = "tta-timeline:probe:"
CLIENT_NAME = "tta-timeline"


class RedisAdapter(ServiceAdapter):
    service = "redis"
    backend = "real"

    def __init__(self, service: Any, connect: Connect | None = None):
        super().__init__(service, connect)
        self._client = self._make_client(service)

    def _make_client(self, service: Any) -> Any:
        # driver: imported where used (status and --help must not load it)
        import redis  # drivers load only when a run actually needs Redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        options: dict[str, Any] = {
            "max_connections": self._connect.max_connections,
            "timeout": self._connect.timeout,  # how long a check waits for a free pooled connection
            "socket_timeout": self._connect.timeout,
            "socket_connect_timeout": self._connect.timeout,
            "health_check_interval": 15,
            "client_name": CLIENT_NAME,
            # our own policy retries; redis-py's built-in retries would multiply attempts and hide them
            "retry": Retry(NoBackoff(), 0),
        }
        if service.password:
            options["password"] = service.password
        try:
            self._pool = redis.BlockingConnectionPool.from_url(service.url, **options)
        except ValueError as exc:
            raise self._config_error(exc) from None
        return redis.Redis(connection_pool=self._pool)

    def _config_error(self, exc: Exception) -> AdapterError:
        return AdapterError(self._redactor.text(f"{self.where()}: invalid URL ({exc})"), CONFIG)

    def close(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.disconnect()

    # --- operations -------------------------------------------------------------------------
    def ping(self) -> dict[str, Any]:
        def op() -> dict[str, Any]:
            pong = self._client.ping()
            info = self._server_info()
            return {
                "pong": bool(pong),
                "version": str(info.get("redis_version", "?")),
                "mode": info.get("redis_mode"),
                "address": mask_url(self.address),
            }

        return self._call(op)

    def _server_info(self) -> dict[str, Any]:
        return self._client.info("server")

    def execute(self, *args: Any) -> Any:
        return self._call(lambda: self._client.execute_command(*args))

    def set(
        self, key: str, value: Any, *, ex: int | None = None, px: int | None = None, nx: bool = False, xx: bool = False
    ) -> bool:
        return bool(self._call(lambda: self._client.set(key, value, ex=ex, px=px, nx=nx, xx=xx)))

    def get(self, key: str) -> bytes | None:
        return self._call(lambda: self._client.get(key))

    def delete(self, *keys: str) -> int:
        return int(self._call(lambda: self._client.delete(*keys)))

    def pttl(self, key: str) -> int:
        return int(self._call(lambda: self._client.pttl(key)))

    def roundtrip(self) -> dict[str, Any]:
        """SET with EX, GET, DEL of a fresh probe key; the EX cleans up if we die half-way."""

        def op() -> dict[str, Any]:
            token = _secrets.token_hex(8)
            key = PROBE_PREFIX + token
            self._client.set(key, token, ex=60)
            read = self._client.get(key)
            deleted = self._client.delete(key)
            return {"key": key, "written": token, "read": _text(read), "deleted": int(deleted)}

        return self._call(op)

    def conditional_set(self) -> dict[str, Any]:
        """NX on a new key sets, NX again does not, XX on it sets, XX on a missing key does not."""

        def op() -> dict[str, Any]:
            key = PROBE_PREFIX + _secrets.token_hex(8)
            missing = key + ":missing"
            try:
                return {
                    "key": key,
                    "nx_new": bool(self._client.set(key, "1", ex=60, nx=True)),
                    "nx_again": bool(self._client.set(key, "2", ex=60, nx=True)),
                    "xx_existing": bool(self._client.set(key, "3", ex=60, xx=True)),
                    "xx_missing": bool(self._client.set(missing, "4", ex=60, xx=True)),
                }
            finally:
                self._client.delete(key, missing)

        return self._call(op)

    def expiry(self, ttl_ms: int = 100) -> dict[str, Any]:
        """SET with PX, see it present, wait past the TTL, see it gone (real time, not the retry sleep)."""

        def op() -> dict[str, Any]:
            key = PROBE_PREFIX + _secrets.token_hex(8)
            self._client.set(key, "1", px=ttl_ms)
            present = self._client.exists(key) == 1
            ttl = self._client.pttl(key)
            time.sleep(ttl_ms / 1000 * 1.5)
            gone = self._client.exists(key) == 0
            return {"key": key, "ttl_ms": ttl_ms, "pttl_after_set": ttl, "present": present, "gone": gone}

        return self._call(op)

    # --- error handling ---------------------------------------------------------------------
    def _is_transient(self, exc: BaseException) -> bool:
        # driver: imported where used (status and --help must not load it)
        from redis import exceptions as rex

        if isinstance(exc, rex.AuthenticationError):  # a subclass of ConnectionError in redis-py
            return False
        return isinstance(exc, (rex.ConnectionError, rex.TimeoutError, ConnectionError, TimeoutError))

    def _classify(self, exc: BaseException) -> tuple[str, str]:
        # driver: imported where used (status and --help must not load it)
        from redis import exceptions as rex

        if isinstance(exc, (rex.AuthenticationError, rex.AuthenticationWrongNumberOfArgsError)):
            return AUTH, "authentication failed"
        if isinstance(exc, rex.ResponseError) and str(exc).startswith(("NOAUTH", "WRONGPASS")):
            return AUTH, "authentication failed"
        if isinstance(exc, rex.TimeoutError):
            return CONNECTION, f"timed out ({exc})"
        if isinstance(exc, (rex.ConnectionError, ConnectionError)):
            return CONNECTION, f"connection failed ({exc})"
        if isinstance(exc, rex.ResponseError):
            return QUERY, f"command failed: {exc}"
        return super()._classify(exc)


def _text(value: Any) -> Any:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
