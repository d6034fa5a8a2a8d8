"""The phases.yaml format, version 1: the user-facing contract (see README)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

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
from tta_timeline.checks.base import CheckKind
from tta_timeline.checks.http import http_url
from tta_timeline.config import crossref
from tta_timeline.config.settings import (  # re-exported: the format is one import for its users
    Backend,
    Defaults,
    MockSim,
    Neo4jService,
    RedisService,
    RetryPolicy,
    Services,
    _Strict,
)
from tta_timeline.core.duration_field import Duration
from tta_timeline.core.durations import parse_duration
from tta_timeline.core.errors import LocatedValueError
from tta_timeline.core.expansion import splittable

__all__ = ["Backend", "Defaults", "MockSim", "Neo4jService", "RedisService", "RetryPolicy", "Services"]


class Ready(_Strict):
    http: Annotated[str, AfterValidator(http_url)] | None = Field(
        None, description="an http:// or https:// URL that answers once the process is ready"
    )
    tcp: str | int | None = Field(None, description="port, or host:port")
    timeout: Duration = Field(60.0, description="how long to wait for it to be ready")


class SetupProcess(_Strict):
    name: str = Field(description="what messages call the process")
    run: Annotated[str | list[str], AfterValidator(splittable)] = Field(
        description="split like a shell would, then ${VAR} expands inside each argument; or a list"
    )
    cwd: str | None = Field(None, description="working folder, relative to the root")
    env: dict[str, str] = Field(default_factory=dict, description="variables added to its environment")
    ready: Ready | None = Field(None, description="how to tell it is ready: an http URL or a tcp port answers")


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
    #: the registry this model was built from: a check's kind and its rules come from here
    kinds: ClassVar[Mapping[str, CheckKind]] = KINDS

    id: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="unique within the phase; the check is addressed as PHASE.ID (1.health)",
    )
    name: str | None = Field(
        None, description="what the check proves, in words: shown in verify's lines, checklist and report"
    )
    required: bool = Field(True, description="false makes it advisory: it never fails a run or blocks advancement")
    timeout: Duration | None = Field(None, description="per attempt; default: defaults.timeout")
    retry: RetryPolicy | None = Field(
        None, description="retry policy for transient errors; default: the service's, then defaults.retry"
    )
    tags: list[str] = Field(default_factory=list, description="labels that verify -k matches")
    needs: list[str] = Field(default_factory=list, description="ids of checks in the same phase that must pass first")
    eventually: Duration | None = Field(None, description="re-run until it passes or this is up")
    skip: str | None = Field(None, description="a reason: the check is not run")
    uses_setup: bool | None = Field(
        None,
        description="whether it needs the phase's setup processes; default: its kind's rule (file, env, manual: no)",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> CheckBase:
        given = [k for k in self.kinds if getattr(self, k, None) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(f"a check needs exactly one kind key of {', '.join(self.kinds)} (found: {found})")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in self.kinds if getattr(self, k, None) is not None)

    @property
    def rules(self) -> CheckKind:
        """What its kind declares: ticked or run, the service it uses, its setup rule, its label."""
        return self.kinds[self.kind]

    @property
    def spec(self) -> Any:
        return getattr(self, self.kind)

    @property
    def ticked(self) -> bool:
        """A person ticks it (its kind never runs): only a tick counts."""
        return self.rules.ticked

    @property
    def service(self) -> str | None:
        """The service its kind calls ("neo4j", "redis"), if any."""
        return self.rules.service

    @property
    def secret_vars(self) -> list[str]:
        """Variables whose values this check marks secret (never shown; the registry masks them)."""
        return self.rules.secret_vars(self.spec) if self.rules.secret_vars is not None else []

    @property
    def needs_setup(self) -> bool:
        """Whether a failed phase setup blocks this check."""
        return self.rules.uses_setup if self.uses_setup is None else self.uses_setup

    @property
    def label(self) -> str:
        """What the check says without a name: a ticked item's text, else its id."""
        label = self.rules.label
        return label(self.spec) if label is not None else self.id

    @property
    def title(self) -> str:
        return self.name or self.label


def _check_model(kinds: Mapping[str, CheckKind]) -> type[CheckBase]:
    """One optional field per registered kind, built at run time."""
    fields: dict[str, Any] = {
        name: (kind.spec | None, Field(None, description=kind.summary)) for name, kind in kinds.items()
    }
    return create_model("Check", __base__=CheckBase, __namespace__={"kinds": kinds}, **fields)


if TYPE_CHECKING:  # typed code sees the base
    Check = CheckBase
else:
    Check = _check_model(KINDS)


#: phase ids are small counters; the bound keeps them inside every store's integer type
MAX_PHASE_ID = 10**9
#: strict: `id: true` or `id: "1"` is a mistake, not phase 1
PhaseId = Annotated[int, Field(strict=True, ge=0, le=MAX_PHASE_ID)]


class Phase(_Strict):
    id: PhaseId = Field(description="a whole number from 0 to 10^9, unique in the file")
    name: str = Field(description="the phase's title")
    objective: str = Field("", description="what the phase achieves, in a sentence")
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
    ] = Field(None, description="a duration (2h) or a range (2h..3h)")
    depends_on: list[PhaseId] | None = Field(None, description="phase ids; default: the previous phase")
    requires_real: bool = Field(False, description="true: advancing needs Neo4j/Redis evidence from the real backend")
    setup: list[SetupProcess] = Field(
        default_factory=list, description="background processes started before the checks that need them"
    )
    checks: list[Check] = Field(default_factory=list, description="what proves the phase is done")

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
    version: Literal[1] = Field(description="the format's version: 1")
    project: str = Field(description="the project's name")
    root: str = Field(".", description="what checks run against, relative to this file (--root overrides it)")
    defaults: Defaults = Field(default_factory=Defaults, description="defaults for every check")
    services: Services = Field(
        default_factory=Services, description="the Neo4j and Redis servers that neo4j and redis checks use"
    )
    phases: list[Phase] = Field(min_length=1, description="the phases, in order")

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


def timeline_model(kinds: Mapping[str, CheckKind] = KINDS) -> type[Timeline]:
    """The phases.yaml model for a registry of kinds: `Timeline` itself for the built-in one."""
    return Timeline if kinds is KINDS else _derived_model(tuple(kinds.items()))


@cache
def _derived_model(kinds: tuple[tuple[str, CheckKind], ...]) -> type[Timeline]:
    check = _check_model(dict(kinds))
    phase = create_model("Phase", __base__=Phase, checks=(list[check], Field(default_factory=list)))  # type: ignore[valid-type]
    return create_model("Timeline", __base__=Timeline, phases=(list[phase], Field(min_length=1)))
