"""`command`: a program exits with the expected code and prints what it should."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tta_timeline.checks.base import CheckContext, Outcome


class CommandSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    run: str | list[str] = Field(description="split like a shell would (no shell unless shell: true), or a list")
    shell: bool = False
    cwd: str | None = None
    env: dict[str, str] = Field(default_factory=dict, description="added to the inherited environment")
    exit_code: int = 0
    stdout_contains: str | None = None
    stderr_contains: str | None = None


def run(spec: CommandSpec, ctx: CheckContext) -> Outcome:
    raise NotImplementedError
