"""The `checklist` view: each phase's checks as a tree with latest status, message and age."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from rich.text import Text
from rich.tree import Tree

from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.durations import format_duration
from tta_timeline.domain.state import CheckState, PhaseState
from tta_timeline.output.table import state_text


class Checklist(NamedTuple):
    """The phases asked for, in file order, and the time their ages are counted to."""

    phases: list[PhaseState]
    now: datetime


MARK = {"pass": "✔", "fail": "✘", "error": "!", "skip": "-", "blocked": "⊘", "pending": "…", None: "·"}


def check_line(cs: CheckState, now: datetime) -> Text:
    status = cs.status.value if cs.status else None
    label = "waived" if cs.waived and status != "pass" else (status or "not run")
    line = Text()
    line.append(f"{MARK[status]} ", style=status or "muted")
    line.append(f"{cs.check.id}", style="bold")
    line.append(f"  {cs.check.title}" if cs.check.title != cs.check.id else "")
    line.append(f"  [{label}]", style="pass" if cs.waived and status != "pass" else (status or "muted"))
    if not cs.check.required:
        line.append("  (advisory)", style="muted")
    when = cs.ticked.at if cs.ticked else (cs.result.at if cs.result else None)
    if when is not None:
        line.append(f"  {format_duration((now - when).total_seconds())} ago", style="muted")
    if cs.result and not cs.check.ticked and cs.result.message:
        line.append(f"\n   {cs.result.message}", style="muted")
    if cs.result and cs.result.detail and cs.result.status.is_failure:
        line.append("".join(f"\n     {part}" for part in cs.result.detail.splitlines()), style="muted")
    if cs.waiver is not None:
        until = f" until {cs.waiver.until.date()}" if cs.waiver.until else ""
        word = "waiver EXPIRED" if cs.waiver_expired else "waived"
        line.append(f"\n   {word}{until}: {cs.waiver.reason}", style="blocked" if cs.waiver_expired else "muted")
    return line


def phase_tree(ps: PhaseState, now: datetime) -> Tree:
    head = Text(f"Phase {ps.phase.id}: {ps.phase.name}  ")
    head.append_text(state_text(ps))
    head.append(f"  {ps.passed}/{ps.total}", style="muted")
    tree = Tree(head)
    for cs in ps.checks:
        tree.add(check_line(cs, now))
    if not ps.checks:
        tree.add(Text("no checks defined", style="muted"))
    return tree


def checklist_view(model: Checklist) -> list[Tree]:
    return [phase_tree(ps, model.now) for ps in model.phases]


def checklist_document(model: Checklist) -> dict[str, Any]:
    """`checklist --json` (also served as /api/checklist)."""
    return {"version": VERSIONS["checklist"], "phases": [_phase_json(p) for p in model.phases]}


def _phase_json(ps: PhaseState) -> dict[str, Any]:
    return {
        "id": ps.phase.id,
        "name": ps.phase.name,
        "state": ps.state,
        "blocked_by": ps.blocked_by,
        "was_complete": ps.was_complete,
        "checks": [
            {
                "id": c.check.id,
                "name": c.check.title,
                "kind": c.check.kind,
                "required": c.check.required,
                "status": c.status.value if c.status else None,
                "message": c.result.message if c.result else None,
                "detail": c.result.detail if c.result else None,
                "at": (c.ticked.at if c.ticked else c.result.at if c.result else None),
                "waived": c.waived,
                "backend": c.result.backend if c.result else None,
            }
            for c in ps.checks
        ],
    }
