"""`audit` of advancement certificates: each against the run it names, the ticks and waivers it cites,
the gate it claims to have passed, and its signature."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tta_timeline.core import chain
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult
from tta_timeline.domain.audit import Audit, History, Problem, describe
from tta_timeline.domain.certificate import event_ref, evidence_hash, result_evidence, ticked
from tta_timeline.domain.signature import verify

#: how a required check may be counted for an advancement that was not forced
COUNTED = ("pass", "ticked", "waived")


def audit_certificates(audit: Audit, history: History, trusted: dict[str, Any]) -> None:
    """Adds the certificates' problems to `audit`; with trusted keys, an unsigned advancement is one too."""
    runs = {run.id: run for run in history.runs}
    ticks: dict[tuple[int, str | None], list[Event]] = defaultdict(list)
    for event in history.events:
        if event.kind == "tick":
            ticks[(event.phase, event.check)].append(event)
    waivers = {event.id for event in history.events if event.kind == "waive"}
    heads = {0: chain.GENESIS} | {link.seq: link.hash for link in history.links}
    for event in history.events:
        if event.kind != "advance":
            continue
        cert = event.data.get("certificate")
        where = describe(event)
        if isinstance(cert, dict):
            audit.certificates += 1
            audit.problems += _against_run(where, event, cert, runs, ticks, waivers)
            audit.problems += _anchor(where, cert, heads)
        _signature(audit, where, cert, event.data.get("signature"), trusted)


def _anchor(where: str, cert: dict[str, Any], heads: dict[int, str]) -> list[Problem]:
    """The chain's head the certificate says it follows (signed with it: the history before it is signed too)."""
    anchor = cert.get("chain")
    if not isinstance(anchor, dict):
        return []  # certificates from before the chain name none
    found = heads.get(anchor.get("seq"))  # type: ignore[arg-type]
    if found == anchor.get("head"):
        return []
    return [
        Problem(where, "certificate.chain.head", str(anchor.get("head")), str(found), "the history before it changed")
    ]


def _signature(audit: Audit, where: str, cert: Any, signature: Any, trusted: dict[str, Any]) -> None:
    if not isinstance(signature, dict):
        if trusted:
            found = "no signature" if isinstance(cert, dict) else "no certificate"
            audit.problems.append(Problem(where, "signature", "a signature by a trusted key", found, "unsigned"))
        return
    audit.signed += 1
    why = verify(cert if isinstance(cert, dict) else {}, signature, trusted)
    if why:
        audit.problems.append(Problem(where, "signature", None, None, why))
    else:
        key = str(signature.get("key_id"))
        audit.keys[key] = audit.keys.get(key, 0) + 1


def _against_run(
    where: str,
    event: Event,
    cert: dict[str, Any],
    runs: dict[str, Any],
    ticks: dict[tuple[int, str | None], list[Event]],
    waivers: set[str],
) -> list[Problem]:
    run = runs.get(str(cert.get("run_id")))
    if run is None:
        return [Problem(where, "certificate.run_id", str(cert.get("run_id")), "no such run", "names a missing run")]
    problems = []
    if cert.get("phase") != event.phase:
        problems.append(Problem(where, "certificate.phase", str(event.phase), str(cert.get("phase")), "another phase"))
    results = {r.check: r for r in run.results if r.phase == event.phase}
    for entry in cert.get("checks") or []:
        label = f"certificate.checks[{entry.get('id')}]"
        if ticked(entry.get("kind")):
            problems += _manual(where, label, entry, ticks.get((event.phase, entry.get("id")), []))
        else:
            problems += _recorded(where, label, entry, results.get(str(entry.get("id"))), run.id)
        if not cert.get("forced"):
            problems += _gate(where, label, entry, waivers)
    return problems


def _recorded(where: str, label: str, entry: dict[str, Any], result: CheckResult | None, run_id: str) -> list[Problem]:
    if result is None:
        if entry.get("status") == "missing":
            return []
        return [Problem(where, label, f"a result in run {run_id[:8]}", "none", "the run has no such result")]
    problems = []
    found = evidence_hash(result_evidence(result))
    if found != entry.get("evidence_sha256"):
        problems.append(
            Problem(where, f"{label}.evidence_sha256", entry.get("evidence_sha256"), found, "evidence differs")
        )
    if result.status.value != entry.get("status"):
        problems.append(Problem(where, f"{label}.status", entry.get("status"), result.status.value, "status differs"))
    return problems


def _manual(where: str, label: str, entry: dict[str, Any], ticks: list[Event]) -> list[Problem]:
    """A manual check's evidence is the tick it cites (or nothing, when it was not ticked)."""
    wanted = entry.get("evidence_sha256")
    hashes = {evidence_hash(event_ref(tick)) for tick in ticks} | {evidence_hash(None)}
    if wanted in hashes:
        return []
    return [Problem(where, f"{label}.evidence_sha256", wanted, "no tick with that hash", "the tick it cites is gone")]


def _gate(where: str, label: str, entry: dict[str, Any], waivers: set[str]) -> list[Problem]:
    """An advancement that was not forced passed the gate: every required check counted as satisfied."""
    if not entry.get("required"):
        return []
    counted = entry.get("counted_as")
    if counted not in COUNTED:
        return [Problem(where, f"{label}.counted_as", " or ".join(COUNTED), str(counted), "the gate did not pass")]
    if counted == "pass" and entry.get("status") != "pass":
        return [Problem(where, f"{label}.status", "pass", str(entry.get("status")), "counted as a pass")]
    waiver = entry.get("waiver") or {}
    if counted == "waived" and waiver.get("event_id") not in waivers:
        return [Problem(where, f"{label}.waiver", str(waiver.get("event_id")), "no such waiver", "the waiver is gone")]
    return []
