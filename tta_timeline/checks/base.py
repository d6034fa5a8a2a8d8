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
    """How every kind signals an error worth retrying (connection refused/reset, timeouts): raised, never returned.

    The engine retries it per the check's policy, unless the kind's service adapter has retried already
    (its `evidence` then says how often); when retrying ends, `outcome()` is the check's `error`.
    """

    def __init__(
        self, message: str, evidence: dict[str, Any] | None = None, backend: str | None = None, detail: str = ""
    ):
        super().__init__(message)
        self.evidence = evidence or {}
        self.backend = backend
        self.detail = detail

    def outcome(self) -> Outcome:
        return Outcome(Status.ERROR, str(self), dict(self.evidence), self.backend, self.detail)


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
    """What a kind is and how the rest of the program treats it: nothing outside checks/ asks for a kind by name.

    Adding a rule: a keyword field with a default here, set in all_kinds.KINDS for the kinds it applies to.
    """

    name: str
    spec: Any  # a pydantic model class, or `str` for a ticked kind's text
    #: evaluates a check; None for a kind a person ticks (it never runs, and only a tick counts)
    run: Callable[[Any, CheckContext], Outcome] | None
    summary: str  # one line, used by `schema` and the README/registry agreement test
    #: whether its checks need the phase's setup processes by default: a kind that only reads the
    #: checkout or the environment learns something even when the server would not start
    uses_setup: bool = True
    #: what `validate` can tell without running it (checks/lint.py): findings about a spec, errors or warnings
    lint: Callable[[Any, LintContext], list[Finding]] | None = None
    #: the service whose run adapter it calls ("neo4j", "redis"): the adapter retries and classifies its
    #: errors (server refusal `fail`, the rest `error`), its retry policy applies, and its evidence may be mock
    service: str | None = None
    #: the text a check shows when it has no name (a ticked item's own text); None: its id
    label: Callable[[Any], str] | None = None
    #: names of the environment variables this spec marks secret: their values join the run's secret registry
    #: (the load cache keeps the names, never the values)
    secret_vars: Callable[[Any], list[str]] | None = None
    #: where a test-suite kind's tests are ("tests/unit -q"): its results count tests in reports
    tests: Callable[[Any], str] | None = None

    @property
    def ticked(self) -> bool:
        """A person ticks it: running never earns a pass."""
        return self.run is None
