"""The phases.yaml format, version 1: the user-facing contract (see README)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)

from tta_timeline.checks.all_kinds import KINDS
from tta_timeline.checks.http import http_url
from tta_timeline.config import crossref
from tta_timeline.core.durations import Duration, parse_duration
from tta_timeline.core.errors import LocatedValueError
from tta_timeline.core.expansion import splittable

Backend = Literal["mock", "real"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class RetryPolicy(_Strict):
    attempts: int = Field(5, ge=1, le=100)
    initial: Duration = 0.5
    max: Duration = 8.0


class Defaults(_Strict):
    timeout: Duration = 30.0
    retry: RetryPolicy = Field(default_factory=RetryPolicy)
    backend: Backend = "mock"


class MockSim(_Strict):
    """How a mock service behaves, deterministic for a seed."""

    latency: Duration = 0.0
    jitter: Duration = 0.0
    failure_rate: float = Field(0.0, ge=0, le=1)
    state: Literal["healthy", "degraded", "failing", "offline"] = "healthy"
    seed: int | None = None


class Neo4jService(_Strict):
    uri: str = "bolt://localhost:7687"
    user: str = "neo4j"
    password: str = ""
    database: str | None = None
    retry: RetryPolicy | None = None
    mock: MockSim = Field(default_factory=MockSim)


class RedisService(_Strict):
    url: str = "redis://localhost:6379/0"
    password: str | None = None
    retry: RetryPolicy | None = None
    mock: MockSim = Field(default_factory=MockSim)


class Services(_Strict):
    neo4j: Neo4jService | None = None
    redis: RedisService | None = None

    def settings(self, name: str) -> Neo4jService | RedisService:
        """The service's settings; an unconfigured service gets the documented defaults."""
        configured: Neo4jService | RedisService | None = getattr(self, name)
        return configured or (RedisService() if name == "redis" else Neo4jService())


class Ready(_Strict):
    http: Annotated[str, AfterValidator(http_url)] | None = None
    tcp: str | int | None = Field(None, description="port, or host:port")
    timeout: Duration = 60.0


class SetupProcess(_Strict):
    name: str
    run: Annotated[str | list[str], AfterValidator(splittable)] = Field(
        description="split like a shell would, then ${VAR} expands inside each argument; or a list"
    )
    cwd: str | None = None
    env: dict[str, str] = Field(default_factory=dict)
    ready: Ready | None = None


class Estimate(BaseModel):
    model_config = ConfigDict(defer_build=True)
    low: float
    high: float

    @classmethod
    def parse(cls, value: Any) -> Estimate:
        if isinstance(value, dict):
            return cls(**value)
        if isinstance(value, str) and ".." in value:
            lo, hi = value.split("..", 1)
            low, high = parse_duration(lo), parse_duration(hi)
        else:
            low = high = parse_duration(value)
        if high < low:
            raise ValueError("an estimate range must go from low to high, e.g. 2h..3h")
        return cls(low=low, high=high)

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2


class CheckBase(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str | None = None
    required: bool = True
    timeout: Duration | None = None
    retry: RetryPolicy | None = None
    tags: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    eventually: Duration | None = Field(None, description="re-run until it passes or this is up")
    skip: str | None = Field(None, description="a reason: the check is not run")
    uses_setup: bool | None = Field(
        None,
        description="whether it needs the phase's setup processes; default: its kind's rule (file, env, manual: no)",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> CheckBase:
        given = [k for k in KINDS if getattr(self, k, None) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(f"a check needs exactly one kind key of {', '.join(KINDS)} (found: {found})")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k, None) is not None)

    @property
    def spec(self) -> Any:
        return getattr(self, self.kind)

    @property
    def needs_setup(self) -> bool:
        """Whether a failed phase setup blocks this check."""
        return KINDS[self.kind].uses_setup if self.uses_setup is None else self.uses_setup

    @property
    def title(self) -> str:
        if self.name:
            return self.name
        return self.spec if self.kind == "manual" else self.id


if TYPE_CHECKING:  # one optional field per registered kind, built at run time; typed code sees the base
    Check = CheckBase
else:
    Check = create_model(
        "Check", __base__=CheckBase, **{name: (kind.spec | None, None) for name, kind in KINDS.items()}
    )


#: phase ids are small counters; the bound keeps them inside every store's integer type
MAX_PHASE_ID = 10**9
#: strict: `id: true` or `id: "1"` is a mistake, not phase 1
PhaseId = Annotated[int, Field(strict=True, ge=0, le=MAX_PHASE_ID)]


class Phase(_Strict):
    id: PhaseId
    name: str
    objective: str = ""
    estimate: Annotated[
        Estimate | None,
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string", "description": "a duration or a range such as 2h..3h"},
                    {"type": "number", "minimum": 0},
                    {"type": "null"},
                ]
            }
        ),
    ] = None
    depends_on: list[PhaseId] | None = Field(None, description="phase ids; default: the previous phase")
    requires_real: bool = False
    setup: list[SetupProcess] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)

    @field_validator("estimate", mode="before")
    @classmethod
    def _estimate(cls, value: Any) -> Any:
        return None if value is None else Estimate.parse(value)

    @model_validator(mode="after")
    def _check_ids(self) -> Phase:
        for loc, message in crossref.check_problems(self):
            raise LocatedValueError(loc, message)
        return self

    def check(self, check_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)


class Timeline(_Strict):
    version: Literal[1]
    project: str
    root: str = "."
    defaults: Defaults = Field(default_factory=Defaults)
    services: Services = Field(default_factory=Services)
    phases: list[Phase] = Field(min_length=1)

    @model_validator(mode="after")
    def _dependencies(self) -> Timeline:
        for loc, message in crossref.phase_problems(self.phases):
            raise LocatedValueError(loc, message)
        graph = crossref.dependencies(self.phases)
        for phase in self.phases:
            phase.depends_on = graph[phase.id]
        return self

    def phase(self, phase_id: int) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)
