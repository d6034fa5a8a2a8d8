"""Copy a whole history from one store to another, then prove the copy says the same thing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tta_timeline.core.chain import recording_order
from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.errors import RefusedError
from tta_timeline.core.events import Event
from tta_timeline.core.results import Run
from tta_timeline.store.base import Store


@dataclass
class Counts:
    runs: int
    results: int
    events: int
    certificates: int
    latest: int

    @classmethod
    def of(cls, store: Store) -> Counts:
        runs, events = store.runs(), store.events()
        return cls(
            runs=len(runs),
            results=sum(len(r.results) for r in runs),
            events=len(events),
            certificates=sum(1 for e in events if e.kind == "advance" and e.data),
            latest=len(store.latest_results()),
        )


@dataclass
class Migration:
    copied_runs: int
    copied_events: int
    source: Counts
    target: Counts
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def document(self) -> dict[str, Any]:
        return {
            "version": VERSIONS["migrate"],
            "ok": self.ok,
            "copied": {"runs": self.copied_runs, "events": self.copied_events},
            "source": vars(self.source),
            "target": vars(self.target),
            "problems": self.problems,
        }


def is_empty(store: Store) -> bool:
    return not store.runs(limit=1) and not store.events(limit=1)


#: what a person sees of a store (the status document); the copy must show the same
View = Callable[[Store], Any]


def migrate(source: Store, target: Store, view: View, force: bool = False) -> Migration:
    """Copy every record in the order of the source's hash chain, so an empty target's chain comes out
    identical (the same head) and the insertion order (ties, newest-first reads) survives."""
    empty = is_empty(target)
    if not empty and not force:
        raise RefusedError(f"store {target.display} is not empty; refusing to migrate into it (use --force to merge)")
    # Ids already in the target are skipped, so a forced re-run after a partial copy does not duplicate.
    have_runs = {r.id for r in target.runs()}
    have_events = {e.id for e in target.events()}
    runs = [r for r in reversed(source.runs()) if r.id not in have_runs]
    events = [e for e in reversed(source.events()) if e.id not in have_events]
    for record in _chain_order(source, runs, events):
        if isinstance(record, Run):
            target.record_run(record)
        else:
            # append_event, not advance: history is copied as it was, including advance/reopen sequences
            target.append_event(record)
    problems = verify(source, target, view)
    if empty and target.chain_head() != source.chain_head():
        problems.append("hash chain: the target's head differs from the source's (a record changed in the copy)")
    return Migration(len(runs), len(events), Counts.of(source), Counts.of(target), problems)


def _chain_order(source: Store, runs: list[Run], events: list[Event]) -> list[Run | Event]:
    """The records in the source chain's order; any it does not link (none, in an audited store) last."""
    records: dict[tuple[str, str], Run | Event] = {("run", r.id): r for r in runs}
    records.update({("event", e.id): e for e in events})
    ordered = [records.pop((link.kind, link.id)) for link in source.chain() if (link.kind, link.id) in records]
    rest = records.values()
    return ordered + recording_order([r for r in rest if isinstance(r, Run)], [e for e in rest if isinstance(e, Event)])


def verify(source: Store, target: Store, view: View) -> list[str]:
    problems = []
    before, after = Counts.of(source), Counts.of(target)
    for name, want in vars(before).items():
        if vars(after)[name] != want:
            problems.append(f"{name}: source has {want}, target has {vars(after)[name]}")
    if view(source) != view(target):
        problems.append("status --json differs between source and target")
    return problems
