"""`http`: an endpoint answers with the expected status, JSON subset, text and latency."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.durations import Duration


class HttpSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    method: str = "GET"
    headers: dict[str, str] = Field(default_factory=dict)
    body: str | None = None
    json_body: Any = None
    status: int | list[int] = 200
    json_: Any = Field(None, alias="json", description="the response JSON must contain this subset")
    contains: str | None = Field(None, description="text or regular expression the body must contain")
    max_latency: Duration | None = None

    @model_validator(mode="after")
    def _one_body(self) -> "HttpSpec":
        if self.body is not None and self.json_body is not None:
            raise ValueError("give either body or json_body, not both")
        return self


def run(spec: HttpSpec, ctx: CheckContext) -> Outcome:
    raise NotImplementedError
