"""`tta-timeline services`: is each configured service reachable, which version, how fast, how many tries."""

from __future__ import annotations

import time
from typing import Any

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.printable import printable_deep
from tta_timeline.core.secrets import mask_url
from tta_timeline.services import AdapterError, open_adapters, trace
from tta_timeline.services.registry import SERVICES


def services(session: Session, backend: str | None = None, as_json: bool = False, fmt: str = "table") -> int:
    fmt = output_format("services", fmt, as_json)
    timeline = session.timeline
    backend = session.backend(backend)
    configured = [n for n in SERVICES if getattr(timeline.services, n) is not None] or list(SERVICES)
    rows: list[dict[str, Any]] = []
    with open_adapters(timeline.services, backend, session.redactor, default_retry=timeline.defaults.retry) as adapters:
        for name in configured:
            row: dict[str, Any] = {"service": name, "backend": backend, "address": _address(adapters.config(name))}
            started = time.perf_counter()
            with trace() as tried:
                try:
                    info = adapters.get(name).ping()
                    row.update(reachable=True, version=info.get("version") or info.get("agent"), error=None)
                except AdapterError as exc:
                    row.update(reachable=False, version=None, error=str(exc))
            row.update(latency_ms=round((time.perf_counter() - started) * 1000, 2), **tried.evidence())
            rows.append(row)
        for row in rows:
            row["stats"] = adapters.stats().get(row["service"], {})
    rows = printable_deep(session.redactor.deep(rows))
    code = ExitCode.OK if all(r["reachable"] for r in rows) else ExitCode.FAILED
    emit(session, "services", fmt, {"version": VERSIONS["services"], "backend": backend, "services": rows})
    return code


def _address(config: Any) -> str:
    return mask_url(str(getattr(config, "uri", None) or getattr(config, "url", None) or ""))
