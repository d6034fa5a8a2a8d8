"""`advance`'s output: what happened to the phase (advanced, dry run, already complete, refused) and what is next."""

from __future__ import annotations

from typing import Any, NamedTuple


class Advancement(NamedTuple):
    """`advance --json`'s document, and the phase's name for the sentences (None when no phase was left)."""

    document: dict[str, Any]
    phase_name: str | None


def advancement_json(model: Advancement) -> dict[str, Any]:
    return model.document


def advancement_view(model: Advancement) -> list[str]:
    doc = model.document
    if doc["result"] == "all_complete":
        return ["All phases are complete; nothing to advance."]
    head = f"Phase {doc['phase']} ({model.phase_name})"
    if doc["result"] == "already_complete":
        return [f"{head} is already complete."]
    if doc["result"] == "refused":  # the command says this as an error (exit 1); shown here for completeness
        return [f"{head} may not advance:", *(f"  {reason}" for reason in doc["reasons"])]
    cert = doc["certificate"]
    verb = "would advance (dry run, nothing recorded)" if doc["dry_run"] else "advanced"
    lines = [f"{head} {verb}; run {doc['run_id'][:8]}, backend {cert['backend']}."]
    if cert["forced"]:
        lines.append(f"[fail]FORCED[/]: {cert['reason']}")
        lines += [f"  overrode: {overridden}" for overridden in cert["overridden"]]
    nxt = doc["next_phase"]
    return [*lines, f"Next: phase {nxt['id']} ({nxt['name']})." if nxt else "All phases are complete."]
