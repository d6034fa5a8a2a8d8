"""The report's integrity section: the audit state of the whole history, and per phase who certified it."""

from __future__ import annotations

from typing import Any

from tta_timeline.core.events import Event
from tta_timeline.core.words import counted
from tta_timeline.domain.audit import Audit, describe


def integrity_document(result: Audit, events: list[Event]) -> dict[str, Any]:
    """`audit` in short, and per phase (by id, as a string key) its latest advancement's certificate."""
    broken = {problem.record for problem in result.problems}
    phases: dict[str, Any] = {}
    for event in events:  # newest first: the first advance of a phase is its latest
        if event.kind != "advance" or str(event.phase) in phases:
            continue
        cert = event.data.get("certificate")
        signature = event.data.get("signature")
        phases[str(event.phase)] = {
            "has_certificate": isinstance(cert, dict),
            "certified": isinstance(cert, dict) and describe(event) not in broken,
            "signed": isinstance(signature, dict),
            "key_id": signature.get("key_id") if isinstance(signature, dict) else None,
            "actor": event.actor,
        }
    first = result.problems[0].line() if result.problems else None
    audit = {"ok": result.ok, "links": result.links, "problems": len(result.problems), "first": first}
    return {"audit": audit, "phases": phases}


def audit_line(doc: dict[str, Any]) -> str:
    audit = doc["audit"]
    if audit["ok"]:
        return f"OK: the hash chain of {counted(audit['links'], 'record')} is unbroken and every certificate holds"
    return f"BROKEN: {counted(audit['problems'], 'problem')}; the first: {audit['first']}"


def certified_line(entry: dict[str, Any] | None) -> str | None:
    """`yes, signed by ed25519:… (advanced by alice)`; None for a phase never advanced."""
    if entry is None:
        return None
    if not entry["has_certificate"]:
        return f"no: advanced without a certificate (by {entry['actor']})"
    if not entry["certified"]:
        return f"NO: its certificate does not hold (advanced by {entry['actor']}); see `tta-timeline audit`"
    signed = f"signed by {entry['key_id']}" if entry["signed"] else "not signed"
    return f"yes, {signed} (advanced by {entry['actor']})"
