"""Settings of the phases file that are not phases: defaults, retry policies, the services checks use."""

from __future__ import annotations

from typing import ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from tta_timeline.core.duration_field import Duration
from tta_timeline.services.registry import SERVICES

Backend = Literal["mock", "real"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class RetryPolicy(_Strict):
    attempts: int = Field(5, ge=1, le=100, description="how many times a transient error is tried in all (1-100)")
    initial: Duration = Field(0.5, description="the first wait between attempts; it doubles each time")
    max: Duration = Field(8.0, description="the longest wait between attempts")


class Defaults(_Strict):
    timeout: Duration = Field(30.0, description="per check attempt, unless the check sets its own")
    retry: RetryPolicy = Field(
        default_factory=RetryPolicy, description="the retry policy of checks and services that set none"
    )
    backend: Backend = Field(
        "mock", description="mock or real Neo4j/Redis for checks (TTA_TIMELINE_BACKEND and --backend override it)"
    )


class MockSim(_Strict):
    """How a mock service behaves, deterministic for a seed."""

    latency: Duration = Field(0.0, description="added to every call of the mock service")
    jitter: Duration = Field(0.0, description="random extra latency, up to this much")
    failure_rate: float = Field(
        0.0, ge=0, le=1, description="the share of calls (0 to 1) that fail with a transient error"
    )
    state: Literal["healthy", "degraded", "failing", "offline"] = Field(
        "healthy", description="healthy, degraded (slow), failing (errors) or offline (unreachable)"
    )
    seed: int | None = Field(None, description="makes the misbehaviour the same on every run")


class Neo4jService(_Strict):
    #: the setting that holds its address, and the URL schemes its driver accepts (validate checks them)
    url_field: ClassVar[str] = "uri"
    schemes: ClassVar[tuple[str, ...]] = SERVICES["neo4j"].schemes

    uri: str = Field("bolt://localhost:7687", description="bolt://, neo4j:// (or +s) address of the server")
    user: str = Field("neo4j", description="user name")
    password: str = Field("", description="password (masked in every output)")
    database: str | None = Field(None, description="database name; default: the server's default database")
    retry: RetryPolicy | None = Field(None, description="retry policy of this service's calls; default: defaults.retry")
    mock: MockSim = Field(default_factory=MockSim, description="how the mock backend behaves (to rehearse failures)")


class RedisService(_Strict):
    url_field: ClassVar[str] = "url"
    schemes: ClassVar[tuple[str, ...]] = SERVICES["redis"].schemes

    url: str = Field("redis://localhost:6379/0", description="redis:// or rediss:// URL (a password in it is masked)")
    password: str | None = Field(None, description="password when it is not in the URL (masked in every output)")
    retry: RetryPolicy | None = Field(None, description="retry policy of this service's calls; default: defaults.retry")
    mock: MockSim = Field(default_factory=MockSim, description="how the mock backend behaves (to rehearse failures)")


class Services(_Strict):
    neo4j: Neo4jService | None = Field(None, description="the Neo4j server that neo4j checks use")
    redis: RedisService | None = Field(None, description="the Redis server that redis checks use")

    @classmethod
    def models(cls) -> dict[str, type[Neo4jService | RedisService]]:
        """Each service's name and the model of its settings."""
        return {
            name: next(a for a in get_args(field.annotation) if a is not type(None))
            for name, field in cls.model_fields.items()
        }

    def settings(self, name: str) -> Neo4jService | RedisService:
        """The service's settings; an unconfigured service gets the documented defaults."""
        configured: Neo4jService | RedisService | None = getattr(self, name)
        return configured if configured is not None else self.models()[name]()
