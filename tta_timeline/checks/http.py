"""`http`: an endpoint answers with the expected status, JSON subset, text and latency.

Standard library only. Same-host redirects (same host name) are followed; a redirect to another
host is not (it may leave the service under test), so its 3xx status is judged and its Location shown.

`json` is a subset match: a dict matches when each expected key is present and matches; a list
matches by containment, each expected item matching some item of the actual list in any order
(APIs rarely promise order, and a check names the items it cares about); other values must be
equal, with true/false never equal to 1/0.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import SplitResult, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tta_timeline.checks import detail, lint
from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.checks.patterns import Budget, Pattern, compile_pattern
from tta_timeline.core.duration_field import Duration
from tta_timeline.core.errors import CheckConfigError
from tta_timeline.core.results import Status
from tta_timeline.core.secrets import mask_url

EXCERPT_CHARS = 1000
HTTP_SCHEMES = ("http", "https")


def http_url(url: str) -> str:
    """Only http and https (urllib would also read file:// and ftp:// URLs into the evidence), with a host and a port that parse."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an unclosed IPv6 bracket
        raise ValueError(f"malformed URL {mask_url(url)}: {exc}") from None
    scheme = parts.scheme.lower() if "://" in url else ""
    if scheme not in HTTP_SCHEMES:
        got = f"a {scheme}:// URL" if scheme else "no http:// or https:// scheme"
        raise ValueError(f"only http:// and https:// URLs can be checked (got {got})")
    problem = address_problem(parts)
    if problem:
        raise ValueError(f"malformed URL {mask_url(url)}: {problem}")
    return url


def address_problem(parts: SplitResult) -> str | None:
    """What is wrong with a split URL's host and port, or None."""
    if not parts.hostname:
        return "no host (write it as scheme://host[:port]/path)"
    try:
        port = parts.port
    except ValueError:
        shown = parts.netloc.rsplit("@", 1)[-1].rsplit(":", 1)[-1]
        return f"port {shown!r} is not a number from 1 to 65535"
    if port == 0:
        return "port 0 is not a port a server listens on"
    return None


def check_lint(spec: HttpSpec, ctx: lint.LintContext) -> list[lint.Finding]:
    """An invalid `contains` pattern is an error, as in every kind that takes a regular expression."""
    return lint.patterns("contains", spec.contains)


class HttpSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    url: str = Field(description="http:// or https:// URL; user:password@ in it is sent as basic auth")
    method: str = Field("GET", description="the HTTP method")
    headers: dict[str, str] = Field(
        default_factory=dict, description="request headers (a value may be {value: ..., secret: true})"
    )
    body: str | None = Field(None, description="the request body, as text")
    json_body: Any = Field(None, description="the request body, as JSON")
    status: int | list[int] = Field(200, description="the expected status code, or a list of them")
    json_: Any = Field(None, alias="json", description="the response JSON must contain this subset")
    contains: str | None = Field(
        None, description="a regular expression the body must match (text that is found as it is written passes too)"
    )
    max_latency: Duration | None = Field(None, description="the answer must come within this")

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str) -> str:
        return http_url(url)

    @model_validator(mode="after")
    def _one_body(self) -> HttpSpec:
        if self.body is not None and self.json_body is not None:
            raise ValueError("give either body or json_body, not both")
        return self


def run(spec: HttpSpec, ctx: CheckContext) -> Outcome:
    try:
        return _run(spec, ctx)
    except CheckConfigError as exc:  # a pattern past its budget; a request that cannot be made
        return Outcome(Status.ERROR, str(exc))


def _run(spec: HttpSpec, ctx: CheckContext) -> Outcome:
    pattern = compile_pattern(spec.contains) if spec.contains is not None else None
    budget = Budget(ctx.timeout)
    # lazy: http.client, ssl and urllib cost start-up time; only a run that fetches needs them
    from tta_timeline.checks.http_probe import fetch

    started = time.monotonic()
    status, final, location, raw, looped, truncated, content_type = fetch(spec, ctx.timeout)
    latency = time.monotonic() - started
    text = raw.decode("utf-8", errors="replace")
    evidence = {
        "status": status,
        "url": mask_url(final),
        "latency_ms": round(latency * 1000),
        "body": text[:EXCERPT_CHARS],
    }
    if location:
        evidence["location"] = mask_url(location)
    if truncated:
        evidence["body_truncated_at"] = len(raw)  # only the start of a longer body was read and judged
    problems = _judge(spec, status, text, latency, pattern, budget)
    if looped and problems:
        problems.append(f"too many redirects (a redirect loop) at {mask_url(final)}")
    elif location and problems:  # same host: a method urllib does not redirect (POST on 307/308)
        other = "to another host " if urlsplit(location).hostname != urlsplit(final).hostname else ""
        problems.append(f"redirect {other}not followed: {mask_url(location)}")
    if problems:
        return Outcome(Status.FAIL, "; ".join(problems), evidence, detail=_detail(status, content_type, text, problems))
    return Outcome(Status.PASS, f"status {status} in {evidence['latency_ms']}ms", evidence)


def _detail(status: int, content_type: str, text: str, problems: list[str]) -> str:
    """Status and content type, the JSON path that differed, and the start of the body."""
    differed = [p.removeprefix("json ") for p in problems if p.startswith("json ")]
    body = detail.excerpt(text)
    return detail.lines(
        f"status {status}, {content_type or 'no content type'}", *differed, f"body: {body}" if body else "body: (empty)"
    )


def _judge(
    spec: HttpSpec, status: int, text: str, latency: float, pattern: Pattern | None, budget: Budget
) -> list[str]:
    problems = []
    wanted = spec.status if isinstance(spec.status, list) else [spec.status]
    if status not in wanted:
        shown = wanted[0] if len(wanted) == 1 else " or ".join(map(str, wanted))
        problems.append(f"status {status}, expected {shown}")
    if spec.json_ is not None:
        problems.extend(_judge_json(spec.json_, text))
    if spec.contains is not None and spec.contains not in text and not (pattern and budget.search(pattern, text)):
        problems.append(f"body does not contain {spec.contains!r}")
    if spec.max_latency is not None and latency > spec.max_latency:
        problems.append(f"latency {latency * 1000:.0f}ms, expected at most {spec.max_latency * 1000:.0f}ms")
    return problems


def _judge_json(expected: Any, text: str) -> list[str]:
    try:
        actual = json.loads(text)
    except ValueError:
        return ["response is not JSON"]
    found = mismatch(expected, actual)
    return [found] if found else []


def mismatch(expected: Any, actual: Any, path: str = "$") -> str | None:
    """The first place `actual` does not contain `expected`, or None when it does."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"json {path}: expected an object, got {_short(actual)}"
        for key, value in expected.items():
            if key not in actual:
                return f"json {path}.{key}: missing"
            found = mismatch(value, actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"json {path}: expected a list, got {_short(actual)}"
        for item in expected:
            if all(mismatch(item, candidate) for candidate in actual):
                return f"json {path}: no item matches {_short(item)}"
        return None
    if expected == actual and isinstance(expected, bool) == isinstance(actual, bool):
        return None
    return f"json {path}: expected {_short(expected)}, got {_short(actual)}"


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."
