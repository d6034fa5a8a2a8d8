"""`file`: a path (or glob) exists, and its text contains / does not contain patterns."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tta_timeline.checks.base import CheckContext, Outcome


class FileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str = Field(description="relative to the root (may not escape it) or absolute; a glob is allowed")
    exists: bool = True
    min_matches: int = Field(1, ge=0, description="for a glob: how many files must match")
    contains: str | list[str] | None = Field(None, description="regular expression(s) every file must match")
    not_contains: str | list[str] | None = Field(None, description="regular expression(s) no file may match")


def run(spec: FileSpec, ctx: CheckContext) -> Outcome:
    raise NotImplementedError
