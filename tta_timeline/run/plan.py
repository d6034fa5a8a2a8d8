"""What an engine run is asked to do: the plans (a phase and its selected checks), the run's settings,
the progress seam, and which retry policy a check gets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Protocol

from tta_timeline.checks.base import CheckKind
from tta_timeline.config.model import Defaults, Phase, RetryPolicy, Services
from tta_timeline.core.results import CheckResult
from tta_timeline.core.runtime import utcnow
from tta_timeline.core.secrets import Redactor

DEFAULT_CONCURRENCY = 16


class Listener(Protocol):
    """Progress seam; called from the scheduling thread only, so renderers need no locks."""

    def started(self, phase: int, check: Any) -> None: ...

    def finished(self, result: CheckResult) -> None: ...


@dataclass
class Plan:
    """One phase and the checks selected from it, in file order."""

    phase: Phase
    checks: list[Any]


@dataclass
class EngineConfig:
    root: Path
    env: Mapping[str, str]
    backend: str = "mock"
    concurrency: int = DEFAULT_CONCURRENCY
    fail_fast: bool = False
    defaults: Defaults = field(default_factory=Defaults)
    services: Services = field(default_factory=Services)
    #: the run's adapters (adapters.registry.Adapters): `for_check(retry)` becomes CheckContext.services
    adapters: Any = None
    #: (phase, check) -> the tick event of a manual check, from the store
    ticks: Mapping[tuple[int, str], Any] = field(default_factory=dict)
    redactor: Redactor = field(default_factory=Redactor)
    clock: Callable[[], datetime] = utcnow
    #: replaces a kind for this run (a test seam); otherwise each check runs as its own kind declares
    kinds: Mapping[str, CheckKind] = field(default_factory=dict)
    listener: Listener | None = None


def select(phase: Phase, pattern: str | None, ids: set[str] | None = None) -> list[Any]:
    """Checks among `ids` (None: all) whose id or a tag matches the glob, plus what they need (never left out)."""
    if not pattern and ids is None:
        return list(phase.checks)
    wanted = {
        c.id
        for c in phase.checks
        if (ids is None or c.id in ids)
        and (not pattern or fnmatch(c.id, pattern) or any(fnmatch(t, pattern) for t in c.tags))
    }
    todo = list(wanted)
    while todo:
        needing = phase.check(todo.pop())
        for need in needing.needs if needing is not None else []:
            if need not in wanted:
                wanted.add(need)
                todo.append(need)
    return [c for c in phase.checks if c.id in wanted]


def policy_for(check: Any, cfg: EngineConfig) -> RetryPolicy:
    if check.retry is not None:
        return check.retry
    name = check.service
    service = getattr(cfg.services, name, None) if name is not None else None
    return (service.retry if service is not None else None) or cfg.defaults.retry
