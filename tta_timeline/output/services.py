"""The `services` view: one row per service (reachable, version, latency, attempts), then what went wrong."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

HEADERS = ("service", "backend", "address", "reachable", "version", "latency", "attempts", "calls/failures")


def services_view(document: dict[str, Any]) -> list[Any]:
    rows = document["services"]
    table = Table(show_edge=False, pad_edge=False)
    for header in HEADERS:
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
    return [table, *(Text(f"{r['service']}: {r['error']}", style="fail") for r in rows if r["error"])]
