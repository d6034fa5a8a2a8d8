"""`neo4j`: ping, a probe round trip, or a Cypher query with expectations."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tta_timeline.checks.base import CheckContext, Outcome


class Comparison(BaseModel):
    model_config = ConfigDict(extra="forbid")
    eq: Any = None
    ne: Any = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None


class Neo4jSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    op: Literal["ping", "roundtrip"] | None = None
    query: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    expect: list[dict[str, Any]] | None = Field(None, description="rows, compared as a subset")
    ordered: bool = False
    expect_count: int | None = None
    expect_scalar: Any | Comparison = None
    mock_result: list[dict[str, Any]] | None = Field(None, description="rows the mock backend returns for query")
    database: str | None = None

    @model_validator(mode="after")
    def _op_or_query(self) -> "Neo4jSpec":
        if (self.op is None) == (self.query is None):
            raise ValueError("give exactly one of op or query")
        return self


def run(spec: Neo4jSpec, ctx: CheckContext) -> Outcome:
    raise NotImplementedError
