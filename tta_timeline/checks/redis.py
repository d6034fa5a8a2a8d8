"""`redis`: ping, probe round trip, conditional set, expiry, or a command with an expected reply."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tta_timeline.checks.base import CheckContext, Outcome


class RedisSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    op: Literal["ping", "roundtrip", "conditional-set", "expiry"] | None = None
    command: list[str | int | float] | None = Field(None, description="e.g. [GET, some:key]")
    expect: Any = None

    @model_validator(mode="after")
    def _op_or_command(self) -> "RedisSpec":
        if (self.op is None) == (self.command is None):
            raise ValueError("give exactly one of op or command")
        return self


def run(spec: RedisSpec, ctx: CheckContext) -> Outcome:
    raise NotImplementedError
