"""The contract every check kind implements: a pydantic spec and a `run` returning an Outcome."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tta_timeline.checks.lint import Finding, LintContext
from tta_timeline.core.results import Status


class TransientError(Exception):
    """Raised by a kind for errors worth retrying (connection refused/reset, timeouts)."""


@dataclass
class Outcome:
    status: Status
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    backend: str | None = None
    #: a few kind-specific lines saying why (see checks/detail.py); shown under the message
    detail: str = ""


@dataclass
class CheckContext:
    """What a kind may use; seams (env, services) so tests need no monkeypatching."""

    root: Path
    env: Mapping[str, str]
    timeout: float
    backend: str = "mock"
    #: returns the run's adapter for "neo4j" / "redis" (one per run, shared by checks)
    services: Callable[[str], Any] | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class CheckKind:
    name: str
    spec: Any  # a pydantic model class, or `str` for manual
    run: Callable[[Any, CheckContext], Outcome]
    summary: str  # one line, used by `schema` and the README/registry agreement test
    #: whether its checks need the phase's setup processes by default: a kind that only reads the
    #: checkout or the environment learns something even when the server would not start
    uses_setup: bool = True
    #: what `validate` can tell without running it (checks/lint.py): findings about a spec, errors or warnings
    lint: Callable[[Any, LintContext], list[Finding]] | None = None
