"""The `history` views: the audit trail as a table, and one advancement certificate."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from rich.console import Group
from rich.table import Table
from rich.text import Text

KIND_STYLE = {
    "verify": "in_progress",
    "advance": "complete",
    "reopen": "regressed",
    "tick": "pass",
    "untick": "pending",
    "waive": "blocked",
    "note": "muted",
}

STATUS_STYLES = ("pass", "fail", "error", "skip", "blocked", "pending")


class History(NamedTuple):
    """`history`'s JSON document, and the filters given (for the line saying nothing matched)."""

    document: dict[str, Any]
    filters: str = ""


def history_json(model: History) -> dict[str, Any]:
    return model.document


def history_view(model: History) -> Table | Text:
    entries = model.document["events"]
    if entries:
        return history_table(entries)
    return Text(f"No history matches {model.filters}." if model.filters else "No history yet.")


def certificate_document_view(document: dict[str, Any]) -> Group:
    """`history --certificate`, from its JSON document."""
    return certificate_view(document["certificate"], document["reopened_since"], document.get("signature"))


def when(value: Any) -> str:
    if isinstance(value, str) and value:
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value or "")


def details(entry: dict[str, Any]) -> str:
    """One line saying what the entry changed; the fields differ per kind."""
    kind = entry["kind"]
    if kind == "verify":
        counts = ", ".join(f"{n} {word}" for word, n in entry["counts"].items() if n)
        commit = f" @ {entry['commit'][:10]}{'+dirty' if entry.get('dirty') else ''}" if entry.get("commit") else ""
        return f"{counts or 'no results'} ({entry['backend']}){commit}"
    if kind == "advance":
        if not entry.get("run_id"):  # imported from a document: no run, the reason says from where
            return entry.get("reason") or ""
        text = f"run {str(entry.get('run_id') or '')[:8]} ({entry.get('backend')})"
        return text + (f"; FORCED: {entry.get('reason')}" if entry.get("forced") else "")
    if kind == "waive":
        until = f" until {when(entry['until'])}" if entry.get("until") else ""
        return f"{entry.get('reason')}{until}" + (" (expired)" if entry.get("expired") else "")
    if kind == "note" and entry.get("lesson"):
        return f"lesson: {entry.get('note')}"
    return entry.get("reason") or entry.get("note") or ""


def entry_check(entry: dict[str, Any]) -> str:
    """The check an entry is about: its own, or a verify run's only one."""
    checks = entry.get("checks", [])
    return entry.get("check") or (checks[0]["id"] if len(checks) == 1 else "")


def history_table(entries: list[dict[str, Any]]) -> Table:
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for header in ("when", "kind", "phase", "check", "actor", "details"):
        table.add_column(header, justify="right" if header == "phase" else "left")
    for entry in entries:
        table.add_row(  # Text, not str: a name or reason is never read as Rich markup
            Text(when(entry["at"])),
            Text(entry["kind"], style=KIND_STYLE.get(entry["kind"], "")),
            Text(str(entry["phase"])),
            Text(entry_check(entry)),
            Text(entry["actor"]),
            Text(details(entry)),
        )
    return table


def certificate_view(cert: dict[str, Any], reopened: bool, signature: dict[str, Any] | None = None) -> Group:
    head = Text(f"Advancement certificate: phase {cert['phase']} ({cert.get('phase_name', '')})", style="bold")
    facts = Table.grid(padding=(0, 2))
    dirty = " (dirty tree)" if cert.get("dirty") else ""
    for label, value in (
        ("advanced by", cert.get("actor")),
        ("at", cert.get("at")),
        ("commit", f"{cert.get('commit') or 'not a git checkout'}{dirty}"),
        ("tool version", cert.get("tool_version")),
        ("backend", cert.get("backend")),
        ("run", cert.get("run_id")),
        ("signed by", signature.get("key_id") if signature else "not signed (no TTA_TIMELINE_SIGNING_KEY)"),
    ):
        facts.add_row(Text(label, style="muted"), str(value))
    parts: list[Any] = [head, facts]
    if cert.get("forced"):
        parts.append(Text(f"FORCED: {cert.get('reason')}", style="fail"))
        parts += [Text(f"  overrode: {r}", style="fail") for r in cert.get("overridden", [])]
    if reopened:
        parts.append(Text("The phase has been reopened since this advancement.", style="blocked"))
    parts.append(_checks_table(cert.get("checks", [])))
    return Group(*parts)


def _checks_table(checks: list[dict[str, Any]]) -> Table:
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for header in ("check", "kind", "required", "status", "counted as", "evidence sha256"):
        table.add_column(header)
    for c in checks:
        table.add_row(
            c["id"],
            c["kind"],
            "yes" if c["required"] else "no",
            Text(c["status"], style=c["status"] if c["status"] in STATUS_STYLES else ""),
            c.get("counted_as") or "-",
            c["evidence_sha256"],
        )
    return table
