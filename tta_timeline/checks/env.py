"""`env`: an environment variable is set, equal to a value or matching a pattern."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from tta_timeline.checks.base import CheckContext, Outcome


class EnvSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    equals: str | None = None
    matches: str | None = None

    @model_validator(mode="after")
    def _one(self) -> "EnvSpec":
        if self.equals is not None and self.matches is not None:
            raise ValueError("give either equals or matches, not both")
        return self


def run(spec: EnvSpec, ctx: CheckContext) -> Outcome:
    raise NotImplementedError
