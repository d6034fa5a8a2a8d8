"""`tta-timeline history`: the audit trail (verify runs and timeline events), newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.errors import RefusedError, UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.results import Run
from tta_timeline.core.timefmt import rfc3339
from tta_timeline.core.when import parse_when
from tta_timeline.domain.selection import check_option, require_phases
from tta_timeline.output.history import History

#: not the bare status names: a key "pass" looks like a password to the output redactor
COUNT_KEYS = {
    "pass": "passed",
    "fail": "failed",
    "error": "errors",
    "skip": "skipped",
    "blocked": "blocked",
    "pending": "pending",
}


def history(
    session: Session,
    phase: int | None = None,
    check: str | None = None,
    limit: int | None = None,
    since: str | None = None,
    certificate: bool = False,
    as_json: bool = False,
    fmt: str = "table",
) -> int:
    fmt = output_format("history", fmt, as_json)
    if certificate:
        _check_filters(session, phase, None, limit)
        emit(session, "certificate", fmt, _certificate(session, phase))
        return ExitCode.OK
    filters = " ".join(
        f"{option} {value}"
        for option, value in (("--phase", phase), ("--check", check), ("--since", since))
        if value is not None
    )
    emit(session, "history", fmt, History(history_document(session, phase, check, limit, since), filters))
    return ExitCode.OK


def history_document(
    session: Session,
    phase: int | None = None,
    check: str | None = None,
    limit: int | None = None,
    since: str | None = None,
) -> dict[str, Any]:
    """`history --json`, version 1 (also served as /api/history); bad filters are usage errors."""
    phase, check = _check_filters(session, phase, check, limit)
    start = parse_when(since, "--since") if since else None
    return {
        "version": VERSIONS["history"],
        "events": collect(session.store, phase, check, start, limit, session.runtime.now()),
    }


def _check_filters(
    session: Session, phase: int | None, check: str | None, limit: int | None
) -> tuple[int | None, str | None]:
    """The phase and check to filter on (`--check 1.readme` is `--phase 1 --check readme`); bad ones are usage errors."""
    if limit is not None and limit < 1:
        raise UsageError(f"--limit {limit}: must be at least 1")
    if phase is not None:
        require_phases(session.timeline, [phase], session.shown_file)
    if check is not None:
        return check_option(session.timeline, check, phase, session.shown_file)
    return phase, check


def collect(
    store: Any, phase: int | None, check: str | None, since: datetime | None, limit: int | None, now: datetime
) -> list[dict[str, Any]]:
    """Runs and events merged newest first; a run touching several phases appears once per phase."""
    # With --check the per-store limit could cut matching rows, so filter first, limit after.
    fetch = None if check else limit
    entries = [_event_entry(ev, now) for ev in store.events(phase, since, fetch) if _event_matches(ev, check)]
    entries += [e for run in store.runs(phase, since, fetch) for e in _run_entries(run, phase, check)]
    # Stable sort, events first: on a tie an advance comes after the verify run it made itself.
    entries.sort(key=lambda e: e["at"], reverse=True)
    return [_iso(e) for e in (entries[:limit] if limit else entries)]


def _iso(entry: dict[str, Any]) -> dict[str, Any]:
    # RFC 3339 (UTC, Z), not str(datetime): the JSON is for machines
    return {k: rfc3339(v) if isinstance(v, datetime) else v for k, v in entry.items()}


def _run_entries(run: Run, phase: int | None, check: str | None) -> list[dict[str, Any]]:
    out = []
    for pid in run.phases:
        if phase is not None and pid != phase:
            continue
        results = [r for r in run.results if r.phase == pid and (check is None or r.check == check)]
        if check is not None and not results:
            continue
        counts = {word: sum(1 for r in results if r.status.value == status) for status, word in COUNT_KEYS.items()}
        out.append(
            {
                "kind": "verify",
                "phase": pid,
                "at": run.started_at,
                "actor": run.actor,
                "run_id": run.id,
                "backend": run.backend,
                "commit": run.commit,
                "dirty": run.dirty,
                "counts": counts,
                "checks": [{"id": r.check, "status": r.status.value, "message": r.message} for r in results],
            }
        )
    return out


def _event_matches(event: Event, check: str | None) -> bool:
    # advance and reopen are about the whole phase, not one check
    return check is None or event.check == check


#: one shape per kind: every entry of a kind has exactly these keys (null when the record has no value)
EVENT_KEYS = {
    "advance": ("forced", "reason", "run_id", "backend", "commit", "dirty", "imported"),
    "tick": ("check", "note"),
    "untick": ("check", "note"),
    "waive": ("check", "reason", "until", "expired"),
    "reopen": ("reason",),
    "note": ("note", "lesson"),
}


def _event_entry(event: Event, now: datetime) -> dict[str, Any]:
    values: dict[str, Any] = {"check": event.check, "note": event.note, "reason": event.reason}
    if event.kind == "advance":
        cert = event.data.get("certificate", {})
        # an imported advancement has no run or certificate: its reason says where it came from
        values.update({k: cert.get(k) for k in ("run_id", "backend", "commit", "dirty")})
        values.update(
            forced=bool(cert.get("forced")),
            reason=cert.get("reason") if cert else event.reason,
            imported=bool(event.data.get("imported")),
        )
    elif event.kind == "waive":
        values.update(until=event.until, expired=event.until is not None and event.until <= now)
    elif event.kind == "note":
        values["lesson"] = bool(event.data.get("lesson"))
    entry: dict[str, Any] = {
        "kind": event.kind,
        "phase": event.phase,
        "at": event.at,
        "actor": event.actor,
        "id": event.id,
    }
    entry.update({key: values.get(key) for key in EVENT_KEYS.get(event.kind, ("check", "note", "reason"))})
    return entry


def _certificate(session: Session, phase: int | None) -> dict[str, Any]:
    """`history --certificate --json`: the phase's latest certificate, and whether it was reopened since."""
    if phase is None:
        raise UsageError("--certificate needs --phase N")
    events = session.store.events(phase)  # newest first, so anything before the advance came later
    index = next((i for i, e in enumerate(events) if e.kind == "advance"), None)
    if index is None:
        raise RefusedError(f"phase {phase} has never been advanced, so it has no certificate")
    advance = events[index]
    cert = advance.data.get("certificate", {})
    signature = advance.data.get("signature")  # who signed: its key id (verified by `audit`)
    reopened = any(e.kind == "reopen" for e in events[:index])
    return {
        "version": VERSIONS["history"],
        "event_id": advance.id,
        "reopened_since": reopened,
        "certificate": cert,
        "signature": signature,
    }
