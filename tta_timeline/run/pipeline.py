"""The one verify pipeline (verify, advance, and anything later that runs checks).

It opens the run's service adapters, runs the plans through the engine, reads git and builds the Run record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from tta_timeline.config.model import Timeline
from tta_timeline.core import interrupts
from tta_timeline.core.events import Event, new_id
from tta_timeline.core.results import Run
from tta_timeline.core.runtime import Runtime
from tta_timeline.core.secrets import Redactor
from tta_timeline.domain.state import PhaseState
from tta_timeline.run.engine import DEFAULT_CONCURRENCY, EngineConfig, Listener, Plan, run_phases
from tta_timeline.run.gitinfo import commit_of
from tta_timeline.services.registry import open_adapters
from tta_timeline.store import Store


def ticks_of(phases: Iterable[PhaseState]) -> dict[tuple[int, str], Event]:
    """(phase, check) -> the tick that counts now, for the engine to settle ticked checks."""
    return {(ps.phase.id, cs.check.id): cs.ticked for ps in phases for cs in ps.checks if cs.ticked is not None}


def run_checks(
    timeline: Timeline,
    root: Path,
    runtime: Runtime,
    redactor: Redactor,
    plans: list[Plan],
    backend: str,
    *,
    ticks: Mapping[tuple[int, str], Event] | None = None,
    fail_fast: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    listener: Listener | None = None,
) -> Run:
    """Run the plans now, on `backend`; the Run names its commit, actor and every result (not yet recorded)."""
    run_id, started = new_id(), runtime.now()
    with open_adapters(timeline.services, backend, redactor, default_retry=timeline.defaults.retry) as adapters:
        cfg = EngineConfig(
            root=root,
            env=runtime.env,
            backend=backend,
            concurrency=concurrency,
            fail_fast=fail_fast,
            defaults=timeline.defaults,
            services=timeline.services,
            adapters=adapters,
            ticks=ticks or {},
            redactor=redactor,
            clock=runtime.clock,
            listener=listener,
        )
        live: AbstractContextManager[Any] = listener if isinstance(listener, AbstractContextManager) else nullcontext()
        with live:
            results = run_phases(plans, cfg)
    commit, dirty = commit_of(root)
    for result in results:
        result.run_id = run_id
    return Run(
        id=run_id,
        started_at=started,
        finished_at=runtime.now(),
        phases=[p.phase.id for p in plans],
        backend=backend,
        actor=runtime.actor(),
        commit=commit,
        dirty=dirty,
        results=results,
    )


def record(store: Store, run: Run) -> None:
    """Record the run whole: a signal arriving now waits for the write."""
    with interrupts.deferred():
        store.record_run(run)
