"""`tcp`: a port accepts connections."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tta_timeline.checks.base import CheckContext, Outcome


class TcpSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    host: str = "127.0.0.1"
    port: int = Field(ge=1, le=65535)


def run(spec: TcpSpec, ctx: CheckContext) -> Outcome:
    raise NotImplementedError
