"""What a check run produces, and what a verify run records."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from msgspec import Struct, field


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"  # ran, expectation not met
    ERROR = "error"  # could not evaluate: unreachable, timeout, crash
    SKIP = "skip"  # configured or not applicable
    BLOCKED = "blocked"  # a needed check or the phase setup did not pass
    PENDING = "pending"  # manual, not ticked

    @property
    def is_failure(self) -> bool:
        return self in (Status.FAIL, Status.ERROR, Status.BLOCKED)


class CheckResult(Struct, kw_only=True):
    """One check's result; written by the engine, read back by `core.records.load`."""

    phase: int
    check: str
    name: str = ""
    kind: str = ""
    status: Status
    message: str = ""
    #: why it failed, in a few lines (stderr tail, failing test ids, the JSON path that differed); None
    #: on a pass and in records written before it existed; left out of the record when None (records.form),
    #: so a pass's record stays as it was before the field existed
    detail: str | None = None
    required: bool = True
    duration: float = 0.0
    attempts: int = 1
    waited: float = 0.0  # total retry back-off, seconds
    backend: str | None = None  # "mock" | "real" for neo4j/redis evidence
    evidence: dict[str, Any] = field(default_factory=dict)
    at: datetime
    run_id: str | None = None

    @property
    def key(self) -> str:
        return f"{self.phase}.{self.check}"


class Run(Struct, kw_only=True):
    """One `verify` (or `advance`) run: its context and every result, recorded whole."""

    id: str
    started_at: datetime
    finished_at: datetime
    phases: list[int]
    backend: str
    actor: str
    commit: str | None = None
    dirty: bool | None = None
    results: list[CheckResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out
