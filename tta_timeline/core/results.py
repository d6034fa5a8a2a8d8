"""What a check run produces, and what a verify run records."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


class CheckResult(BaseModel):
    #: validators and serializers built on first use: a warm `status` with nothing recorded builds none
    model_config = ConfigDict(defer_build=True)

    phase: int
    check: str
    name: str = ""
    kind: str = ""
    status: Status
    message: str = ""
    #: why it failed, in a few lines (stderr tail, failing test ids, the JSON path that differed); None
    #: on a pass and in records written before it existed
    # left out of records and JSON when absent: a pass's record stays as it was before the field existed
    detail: str | None = Field(None, exclude_if=lambda value: value is None)
    required: bool = True
    duration: float = 0.0
    attempts: int = 1
    waited: float = 0.0  # total retry back-off, seconds
    backend: str | None = None  # "mock" | "real" for neo4j/redis evidence
    evidence: dict[str, Any] = Field(default_factory=dict)
    at: datetime
    run_id: str | None = None

    @property
    def key(self) -> str:
        return f"{self.phase}.{self.check}"


class Run(BaseModel):
    """One `verify` (or `advance`) run: its context and every result, recorded whole."""

    #: validators and serializers built on first use: a warm `status` with nothing recorded builds none
    model_config = ConfigDict(defer_build=True)

    id: str
    started_at: datetime
    finished_at: datetime
    phases: list[int]
    backend: str
    actor: str
    commit: str | None = None
    dirty: bool | None = None
    results: list[CheckResult] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out
