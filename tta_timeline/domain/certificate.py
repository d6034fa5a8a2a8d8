"""The advancement certificate: one immutable record of who advanced what, when, on which evidence."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tta_timeline import __version__
from tta_timeline.checks.all_kinds import KINDS
from tta_timeline.checks.base import CheckKind
from tta_timeline.core.chain import canonical_json, sha256_hex
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run
from tta_timeline.domain.gate import Verdict
from tta_timeline.domain.state import CheckState, PhaseState

__all__ = ["canonical_json", "evidence_hash", "build", "event_ref", "result_evidence", "ticked", "verify_hashes"]


def evidence_hash(evidence: Any) -> str:
    """SHA-256 of the evidence's canonical JSON (sorted keys, no whitespace, UTF-8)."""
    return sha256_hex(evidence)


def build(
    ps: PhaseState,
    run: Run,
    verdict: Verdict,
    *,
    actor: str,
    at: datetime,
    commit: str | None,
    dirty: bool | None,
    forced: bool = False,
    reason: str | None = None,
) -> dict[str, Any]:
    """The certificate dict stored in the advance event's data (and printed by `history`)."""
    results = {r.check: r for r in run.results if r.phase == ps.phase.id}
    return {
        "version": VERSIONS["certificate"],
        "phase": ps.phase.id,
        "phase_name": ps.phase.name,
        "actor": actor,
        "at": at.isoformat(),
        "commit": commit,
        "dirty": dirty,
        "tool_version": __version__,
        "backend": run.backend,
        "run_id": run.id,
        "forced": forced,
        "reason": reason,
        # with --force: exactly which refusals a person chose to override
        "overridden": list(verdict.reasons) if forced else [],
        "checks": [_check_entry(cs, results.get(cs.check.id), verdict) for cs in ps.checks],
    }


def _check_entry(cs: CheckState, result: Any, verdict: Verdict) -> dict[str, Any]:
    check = cs.check
    evidence = _evidence(cs, result)
    entry: dict[str, Any] = {
        "id": check.id,
        "kind": check.kind,
        "required": check.required,
        "status": _status(cs, result),
        "counted_as": verdict.counted.get(check.id),
        "backend": result.backend if result is not None else None,
        "evidence_sha256": evidence_hash(evidence),
    }
    if cs.waived and cs.waiver is not None:
        entry["waiver"] = event_ref(cs.waiver)
    return entry


def _status(cs: CheckState, result: Any) -> str:
    # A manual check's run result is always `pending`; its tick is what the certificate attests.
    if cs.check.ticked:
        return "pass" if cs.ticked is not None else "pending"
    return result.status.value if result is not None else "missing"


def _evidence(cs: CheckState, result: Any) -> Any:
    if cs.check.ticked:
        return event_ref(cs.ticked) if cs.ticked is not None else None
    return result_evidence(result) if result is not None else None


def result_evidence(result: CheckResult) -> dict[str, Any]:
    """What a certificate hashes of a check's result."""
    return {"status": result.status.value, "message": result.message, "evidence": result.evidence}


def event_ref(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.id,
        "actor": event.actor,
        "at": event.at.isoformat(),
        "reason": event.reason,
        "note": event.note,
        "until": event.until.isoformat() if event.until else None,
    }


def ticked(kind: Any, kinds: Mapping[str, CheckKind] = KINDS) -> bool:
    """Whether a certificate entry's kind is one a person ticks: its evidence is the tick it cites."""
    found = kinds.get(kind) if isinstance(kind, str) else None
    return found is not None and found.ticked


def verify_hashes(certificate: dict[str, Any], run: Run, kinds: Mapping[str, CheckKind] = KINDS) -> list[str]:
    """Check ids whose recorded evidence no longer matches the certificate (tamper evidence); ticks are events."""
    results = {r.check: r for r in run.results if r.phase == certificate["phase"]}
    mismatched = []
    for entry in certificate["checks"]:
        result = results.get(entry["id"])
        if entry["kind"] not in kinds or ticked(entry["kind"], kinds) or result is None:
            continue
        if evidence_hash(result_evidence(result)) != entry["evidence_sha256"]:
            mismatched.append(entry["id"])
    return mismatched
