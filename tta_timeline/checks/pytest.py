"""`pytest`: a test suite's outcomes, counted from a JUnit XML report."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tta_timeline.checks.base import CheckContext, Outcome


class PytestSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    args: str | list[str] = Field(default_factory=list)
    cwd: str | None = None
    env: dict[str, str] = Field(default_factory=dict)
    python: str = Field("python", description="the interpreter whose pytest runs (the project's own venv)")
    min_passed: int | None = Field(None, ge=0)
    max_failed: int = Field(0, ge=0)
    min_pass_rate: float | None = Field(None, ge=0, le=1)


def run(spec: PytestSpec, ctx: CheckContext) -> Outcome:
    raise NotImplementedError
