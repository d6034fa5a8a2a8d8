"""What a phase changed in git: from the commit of its first recorded run to the commit of its advancement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tta_timeline.domain.state import PhaseState, TimelineState
from tta_timeline.run.gitinfo import name_status
from tta_timeline.store.base import Store

#: a report lists this many files per phase, then "and N more"
CAP = 30


def phase_changes(store: Store, state: TimelineState, root: Path) -> dict[int, dict[str, Any]]:
    """Per advanced phase whose two commits are known and in the repository at `root`; the same store
    and repository always give the same answer (no working tree, no clock)."""
    out: dict[int, dict[str, Any]] = {}
    for ps in state.phases:
        end = _advanced_commit(ps)
        if end is None:
            continue
        first = store.first_run(ps.phase.id)
        if first is None or not first.commit:
            continue
        files = name_status(root, first.commit, end)
        if files is None:  # not a git repository, or a commit it does not have (a shallow clone)
            continue
        out[ps.phase.id] = {
            "from": first.commit,
            "to": end,
            "more": max(0, len(files) - CAP),
            "files": [{"status": s, "path": p} for s, p in files[:CAP]],
        }
    return out


def _advanced_commit(ps: PhaseState) -> str | None:
    if ps.advanced is None:
        return None
    return ps.advanced.data.get("certificate", {}).get("commit") or None
