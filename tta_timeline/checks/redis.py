"""`redis`: ping, probe round trip, conditional set, expiry, or a command with an expected reply."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tta_timeline.checks import lint
from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.checks.service_call import OpResult, run_op
from tta_timeline.core.results import Status

#: how long the expiry probe's key lives; short so the check stays fast
EXPIRY_TTL_MS = 100


class RedisSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    op: Literal["ping", "roundtrip", "conditional-set", "expiry"] | None = Field(
        None, description="ping, roundtrip, conditional-set (SET NX/XX) or expiry"
    )
    command: list[str | int | float] | None = Field(None, description="e.g. [GET, some:key]")
    expect: Any = Field(None, description="the command's expected answer")

    @model_validator(mode="after")
    def _op_or_command(self) -> RedisSpec:
        if (self.op is None) == (self.command is None):
            raise ValueError("give exactly one of op or command")
        return self


def run(spec: RedisSpec, ctx: CheckContext) -> Outcome:
    op = spec.op or "command"
    return run_op(ctx, "redis", op, lambda adapter: _OPS[op](adapter, spec))


def _ping(adapter: Any, spec: RedisSpec) -> OpResult:
    info = adapter.ping()
    return Status.PASS, f"redis {info['version']} answered PING at {info['address']}", info


def _roundtrip(adapter: Any, spec: RedisSpec) -> OpResult:
    got = adapter.roundtrip()
    if got["read"] == got["written"] and got["deleted"] == 1:
        return Status.PASS, "SET/GET/DEL of a probe key round-tripped", got
    return (
        Status.FAIL,
        f"probe round trip wrote {got['written']!r} but read {got['read']!r}",
        got,
        differs(got["read"], got["written"]),
    )


def _conditional_set(adapter: Any, spec: RedisSpec) -> OpResult:
    got = adapter.conditional_set()
    wanted = {"nx_new": True, "nx_again": False, "xx_existing": True, "xx_missing": False}
    wrong = [f"{k} gave {got[k]} (expected {v})" for k, v in wanted.items() if got[k] != v]
    if wrong:
        return Status.FAIL, "conditional SET misbehaved: " + "; ".join(wrong), got, "\n".join(wrong)
    return Status.PASS, "SET NX/XX behaved as expected", got


def _expiry(adapter: Any, spec: RedisSpec) -> OpResult:
    got = adapter.expiry(EXPIRY_TTL_MS)
    if not got["present"]:
        return Status.FAIL, "the probe key was missing right after SET PX", got
    if not got["gone"]:
        return Status.FAIL, f"the probe key outlived its {EXPIRY_TTL_MS}ms TTL", got
    return Status.PASS, f"a key set with a {EXPIRY_TTL_MS}ms TTL expired", got


def _command(adapter: Any, spec: RedisSpec) -> OpResult:
    args = list(spec.command or [])
    reply = decode(adapter.execute(*args))
    evidence = {"command": [str(a) for a in args], "reply": reply}
    shown = " ".join(str(a) for a in args[:3]) + (" ..." if len(args) > 3 else "")
    if "expect" not in spec.model_fields_set:
        return Status.PASS, f"{shown} answered {reply!r}", evidence
    evidence["expected"] = spec.expect
    if matches(reply, spec.expect):
        return Status.PASS, f"{shown} returned {reply!r} as expected", evidence
    return Status.FAIL, f"{shown} returned {reply!r}, expected {spec.expect!r}", evidence, differs(reply, spec.expect)


def differs(got: Any, expected: Any) -> str:
    """The value that differed, as the detail of a redis or neo4j result."""
    return f"expected: {expected!r}\ngot:      {got!r}"


def decode(value: Any) -> Any:
    """Bytes to text, recursively, so replies compare with what a YAML file can say."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple, set)):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        return {decode(k): decode(v) for k, v in value.items()}
    return value


def matches(reply: Any, expected: Any) -> bool:
    """Equal, or equal as numbers: Redis returns numbers as text (GET of a counter gives "5")."""
    if reply == expected:
        return True
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and isinstance(reply, (str, int)):
        try:
            return float(reply) == float(expected)
        except ValueError:
            return False
    if isinstance(expected, list) and isinstance(reply, list) and len(reply) == len(expected):
        return all(matches(r, e) for r, e in zip(reply, expected))
    return False


_OPS = {
    "ping": _ping,
    "roundtrip": _roundtrip,
    "conditional-set": _conditional_set,
    "expiry": _expiry,
    "command": _command,
}


def check_lint(spec: RedisSpec, ctx: lint.LintContext) -> list[lint.Finding]:
    found = lint.service("redis", ctx, "redis://localhost:6379/0")
    if spec.command is not None and not (spec.command and str(spec.command[0]).strip()):
        found.append(lint.Finding(("command",), "empty command: give it as a list, e.g. command: [GET, some:key]"))
    return found
