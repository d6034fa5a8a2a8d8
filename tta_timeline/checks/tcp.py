"""`tcp`: a port accepts connections."""

from __future__ import annotations

import socket
import time

from pydantic import BaseModel, ConfigDict, Field

from tta_timeline.checks.base import CheckContext, Outcome, TransientError
from tta_timeline.core.results import Status


class TcpSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    host: str = Field("127.0.0.1", description="the host to connect to")
    port: int = Field(ge=1, le=65535, description="the TCP port (1-65535)")


def run(spec: TcpSpec, ctx: CheckContext) -> Outcome:
    address = f"{spec.host}:{spec.port}"
    started = time.monotonic()
    try:
        with socket.create_connection((spec.host, spec.port), timeout=ctx.timeout):
            latency_ms = round((time.monotonic() - started) * 1000)
    except TimeoutError as exc:
        raise TransientError(f"{address}: timed out after {ctx.timeout:.1f}s") from exc
    except OSError as exc:
        # Refused, unreachable, unresolvable: all may clear up once the service starts.
        raise TransientError(f"{address}: {exc.strerror or exc}") from exc
    evidence = {"host": spec.host, "port": spec.port, "latency_ms": latency_ms}
    return Outcome(Status.PASS, f"{address} accepts connections ({latency_ms}ms)", evidence)
