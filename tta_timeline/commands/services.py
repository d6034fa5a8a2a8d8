"""`tta-timeline services`: is each configured service reachable, which version, how fast, how many tries."""

from __future__ import annotations

import time
from typing import Any

from tta_timeline.commands.session import Session
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.printable import printable_deep
from tta_timeline.core.secrets import mask_url

SERVICE_NAMES = ("neo4j", "redis")


def services(session: Session, backend: str | None = None, as_json: bool = False) -> int:
    from tta_timeline.services import AdapterError, open_adapters, trace

    timeline = session.timeline
    backend = session.backend(backend)
    configured = [n for n in SERVICE_NAMES if getattr(timeline.services, n) is not None] or list(SERVICE_NAMES)
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
    if as_json:
        session.write_json({"version": VERSIONS["services"], "backend": backend, "services": rows})
    else:
        _table(session, rows)
    return code


def _address(config: Any) -> str:
    return mask_url(str(getattr(config, "uri", None) or getattr(config, "url", None) or ""))


def _table(session: Session, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False)
    for header in ("service", "backend", "address", "reachable", "version", "latency", "attempts", "calls/failures"):
        table.add_column(header)
    for r in rows:
        stats = r["stats"]
        table.add_row(
            r["service"],
            r["backend"],
            r["address"],
            Text("yes", style="pass") if r["reachable"] else Text("NO", style="fail"),
            str(r["version"] or "-"),
            f"{r['latency_ms']:.1f}ms",
            str(r["attempts"]),
            f"{stats.get('calls', 0)}/{stats.get('failures', 0)}",
        )
    console = session.console()
    console.print(table)
    for r in rows:
        if r["error"]:
            console.print(Text(f"{r['service']}: {r['error']}", style="fail"))
