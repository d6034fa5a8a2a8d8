"""The registry of check kinds. Adding a kind: one module in checks/, one line here."""

from __future__ import annotations

from collections.abc import Mapping

from tta_timeline.checks import command, env, file, http, neo4j, pytest, redis, tcp
from tta_timeline.checks.base import CheckKind

#: the key of the kind a person ticks (importers write it into generated phases files)
MANUAL = "manual"

KINDS: dict[str, CheckKind] = {
    "file": CheckKind(
        "file",
        file.FileSpec,
        file.run,
        "a path or glob exists and contains patterns",
        uses_setup=False,
        lint=file.check_lint,
    ),
    "http": CheckKind(
        "http", http.HttpSpec, http.run, "an endpoint answers with status, JSON, text, latency", lint=http.check_lint
    ),
    "command": CheckKind(
        "command", command.CommandSpec, command.run, "a program exits as expected", lint=command.check_lint
    ),
    "pytest": CheckKind(
        "pytest",
        pytest.PytestSpec,
        pytest.run,
        "test outcomes from a JUnit XML report",
        lint=pytest.check_lint,
        tests=pytest.where,
    ),
    "env": CheckKind(
        "env",
        env.EnvSpec,
        env.run,
        "an environment variable is set / equals / matches",
        uses_setup=False,
        lint=env.check_lint,
        secret_vars=env.secret_vars,
    ),
    "tcp": CheckKind("tcp", tcp.TcpSpec, tcp.run, "a TCP port accepts connections"),
    "neo4j": CheckKind(
        "neo4j",
        neo4j.Neo4jSpec,
        neo4j.run,
        "Neo4j ping, probe round trip or Cypher query",
        lint=neo4j.check_lint,
        service="neo4j",
    ),
    "redis": CheckKind(
        "redis",
        redis.RedisSpec,
        redis.run,
        "Redis ping, round trip, NX/XX, expiry or command",
        lint=redis.check_lint,
        service="redis",
    ),
    MANUAL: CheckKind(MANUAL, str, None, "an item a person ticks", uses_setup=False, label=str),
}


def kind_of(check: Mapping[str, object], kinds: Mapping[str, CheckKind] = KINDS) -> CheckKind | None:
    """The kind of a check written as data (a phases-file mapping): the first kind key it has."""
    return next((kind for name, kind in kinds.items() if name in check), None)
