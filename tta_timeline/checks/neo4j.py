"""`neo4j`: ping, a probe round trip, or a Cypher query with expectations."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tta_timeline.checks import lint
from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.checks.service_call import OpResult, run_op, with_backend
from tta_timeline.core.results import Status
from tta_timeline.core.words import counted

MOCK_SKIP = "needs a real Neo4j (or give mock_result)"
_SHOWN_ROWS = 20


class Comparison(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    eq: Any = Field(None, description="equal to")
    ne: Any = Field(None, description="not equal to")
    gt: float | None = Field(None, description="greater than")
    gte: float | None = Field(None, description="at least")
    lt: float | None = Field(None, description="less than")
    lte: float | None = Field(None, description="at most")


class Neo4jSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    op: Literal["ping", "roundtrip"] | None = Field(
        None, description="ping, or roundtrip (a probe node created, read back and deleted)"
    )
    query: str | None = Field(None, description="a Cypher query")
    params: dict[str, Any] = Field(default_factory=dict, description="the query's parameters")
    expect: list[dict[str, Any]] | None = Field(None, description="rows, compared as a subset")
    ordered: bool = Field(False, description="expect's rows must come in this order")
    expect_count: int | None = Field(None, description="the exact number of rows")
    expect_scalar: Any | Comparison = Field(
        None, description="the first value of the first row: a value, or a comparison such as {gte: 1}"
    )
    mock_result: list[dict[str, Any]] | None = Field(None, description="rows the mock backend returns for query")
    database: str | None = Field(None, description="database name; default: the service's")

    @model_validator(mode="after")
    def _op_or_query(self) -> Neo4jSpec:
        if (self.op is None) == (self.query is None):
            raise ValueError("give exactly one of op or query")
        return self


def run(spec: Neo4jSpec, ctx: CheckContext) -> Outcome:
    op = spec.op or "query"

    def call(adapter: Any) -> Any:
        if op == "query" and adapter.backend == "mock" and spec.mock_result is None:
            return Outcome(Status.SKIP, with_backend(MOCK_SKIP, adapter.backend), {"op": op}, adapter.backend)
        return _OPS[op](adapter, spec)

    return run_op(ctx, "neo4j", op, call)


def _ping(adapter: Any, spec: Neo4jSpec) -> OpResult:
    info = adapter.ping()
    return Status.PASS, f"{info['agent']} answered at {info['address']}", info


def _roundtrip(adapter: Any, spec: Neo4jSpec) -> OpResult:
    got = adapter.roundtrip()
    if got["read"] == [got["token"]] and got["deleted"] == 1:
        return Status.PASS, "created, read back and deleted a probe node", got
    return Status.FAIL, f"probe node round trip read {got['read']!r}, deleted {got['deleted']}", got


def _query(adapter: Any, spec: Neo4jSpec) -> OpResult:
    if adapter.backend == "mock":
        rows = adapter.canned(spec.mock_result or [])
    else:
        rows = adapter.run(spec.query or "", spec.params, spec.database)
    evidence: dict[str, Any] = {"row_count": len(rows), "rows": rows[:_SHOWN_ROWS]}
    problems = expectation_problems(spec, rows)
    if problems:
        return Status.FAIL, "; ".join(problems), evidence, "\n".join([*problems, f"rows: {rows[:_SHOWN_ROWS]!r}"])
    return Status.PASS, f"query returned {counted(len(rows), 'row')} as expected", evidence


def expectation_problems(spec: Neo4jSpec, rows: list[dict[str, Any]]) -> list[str]:
    """Every unmet expectation, in words; empty when all given expectations hold."""
    problems = []
    if spec.expect is not None and not rows_match(rows, spec.expect, spec.ordered):
        order = " in order" if spec.ordered else ""
        problems.append(f"expected rows{order} {spec.expect!r} not found in {rows[:_SHOWN_ROWS]!r}")
    if spec.expect_count is not None and len(rows) != spec.expect_count:
        problems.append(f"expected {counted(spec.expect_count, 'row')}, got {len(rows)}")
    if "expect_scalar" in spec.model_fields_set:
        problem = scalar_problem(rows, spec.expect_scalar)
        if problem:
            problems.append(problem)
    return problems


def _row_has(row: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(key in row and row[key] == value for key, value in want.items())


def rows_match(rows: list[dict[str, Any]], expected: list[dict[str, Any]], ordered: bool) -> bool:
    """Each expected row (its keys only) matches a distinct actual row; `ordered` keeps their order."""
    if ordered:
        it = iter(rows)
        return all(any(_row_has(row, want) for row in it) for want in expected)
    free = list(rows)
    for want in expected:
        hit = next((i for i, row in enumerate(free) if _row_has(row, want)), None)
        if hit is None:
            return False
        free.pop(hit)
    return True


_OPERATORS = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def scalar_problem(rows: list[dict[str, Any]], expected: Any) -> str | None:
    """Compare the first column of the first row with a value or a gte/gt/lte/lt/eq/ne dict."""
    if not rows or not rows[0]:
        return f"expected a scalar {expected!r}, the query returned no rows"
    value = next(iter(rows[0].values()))
    if isinstance(expected, dict) and expected and set(expected) <= set(_OPERATORS):
        expected = Comparison(**expected)
    if not isinstance(expected, Comparison):
        return None if value == expected else f"expected scalar {expected!r}, got {value!r}"
    for name in sorted(expected.model_fields_set):
        bound = getattr(expected, name)
        try:
            ok = _OPERATORS[name](value, bound)
        except TypeError:
            return f"scalar {value!r} cannot be compared with {name} {bound!r}"
        if not ok:
            return f"expected scalar {name} {bound!r}, got {value!r}"
    return None


_OPS = {"ping": _ping, "roundtrip": _roundtrip, "query": _query}


def check_lint(spec: Neo4jSpec, ctx: lint.LintContext) -> list[lint.Finding]:
    found = lint.service("neo4j", ctx, "bolt://localhost:7687")
    if spec.query is not None and not spec.query.strip():
        found.append(lint.Finding(("query",), "empty query: give the Cypher to run, or op: ping"))
    return found
