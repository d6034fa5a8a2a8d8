"""The audit pipeline: read a store's whole history once and check it (`audit`, `report`, `store migrate`)."""

from __future__ import annotations

from typing import Any

from tta_timeline.core.errors import UnreadableRecord
from tta_timeline.domain.audit import Audit, History, Problem, audit_history
from tta_timeline.domain.certificate_audit import audit_certificates


def run_audit(store: Any, trusted: dict[str, Any]) -> Audit:
    """Read the whole history once and audit it (also used by `report` for its audit line)."""
    try:  # oldest first: a tick is cited by advancements after it
        history = History(
            store.chain(), store.runs()[::-1], store.events()[::-1], store.chain_head(), store.latest_results()
        )
    except UnreadableRecord as exc:  # a body no longer parses: edited by hand, and not even consistently
        unreadable = Audit(links=0, runs=0, events=0, head="")
        why = exc.reason
        unreadable.problems.append(
            Problem(f"store {store.display}", "a record", "a readable record", why, "unreadable")
        )
        return unreadable
    result = audit_history(history)
    audit_certificates(result, history, trusted)
    return result
