"""`env`: an environment variable is set, equal to a value or matching a pattern."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tta_timeline.checks import lint
from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.checks.patterns import Budget, compile_pattern
from tta_timeline.core.errors import CheckConfigError
from tta_timeline.core.results import Status
from tta_timeline.core.secrets import MASK, secret_name


class EnvSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    name: str = Field(description="the variable's name")
    equals: str | None = Field(None, description="the value it must have")
    matches: str | None = Field(None, description="a regular expression the value must match")
    secret: bool = Field(
        False, description="never show the value (names with PASS, TOKEN, KEY, AUTH... are secret anyway)"
    )

    @model_validator(mode="after")
    def _one(self) -> EnvSpec:
        if self.equals is not None and self.matches is not None:
            raise ValueError("give either equals or matches, not both")
        return self


def run(spec: EnvSpec, ctx: CheckContext) -> Outcome:
    if spec.name not in ctx.env:
        return Outcome(Status.FAIL, f"{spec.name} is not set", {"name": spec.name, "set": False})
    value = ctx.env[spec.name]
    secret = spec.secret or secret_name(spec.name)
    # A secret's value, and what it is compared with, are never shown: either would leak it.
    shown = MASK if secret else repr(value)
    evidence = {"name": spec.name, "set": True, "value": MASK if secret else value}
    if spec.equals is not None and value != spec.equals:
        if secret:
            return Outcome(Status.FAIL, f"{spec.name} is set but not to the expected value (hidden)", evidence)
        return Outcome(Status.FAIL, f"{spec.name} is {shown}, expected {spec.equals!r}", evidence)
    if spec.matches is not None:
        try:
            matched = Budget(ctx.timeout).fullmatch(compile_pattern(spec.matches), value)
        except CheckConfigError as exc:
            return Outcome(Status.ERROR, str(exc), evidence)
        if not matched:
            return Outcome(Status.FAIL, f"{spec.name} is {shown}, expected to match /{spec.matches}/", evidence)
    return Outcome(Status.PASS, f"{spec.name} is set" if secret else f"{spec.name} is {shown}", evidence)


def check_lint(spec: EnvSpec, ctx: lint.LintContext) -> list[lint.Finding]:
    return lint.patterns("matches", spec.matches)


def secret_vars(spec: EnvSpec) -> list[str]:
    """The variable, when the check marks it secret: its value joins the run's secret registry."""
    return [spec.name] if spec.secret else []
