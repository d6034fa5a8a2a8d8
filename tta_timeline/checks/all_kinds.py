"""The registry of check kinds. Adding a kind: one module in checks/, one line here."""

from __future__ import annotations

from tta_timeline.checks import command, env, file, http, manual, neo4j, pytest, redis, tcp
from tta_timeline.checks.base import CheckKind

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
        "pytest", pytest.PytestSpec, pytest.run, "test outcomes from a JUnit XML report", lint=pytest.check_lint
    ),
    "env": CheckKind(
        "env",
        env.EnvSpec,
        env.run,
        "an environment variable is set / equals / matches",
        uses_setup=False,
        lint=env.check_lint,
    ),
    "tcp": CheckKind("tcp", tcp.TcpSpec, tcp.run, "a TCP port accepts connections"),
    "neo4j": CheckKind(
        "neo4j", neo4j.Neo4jSpec, neo4j.run, "Neo4j ping, probe round trip or Cypher query", lint=neo4j.check_lint
    ),
    "redis": CheckKind(
        "redis",
        redis.RedisSpec,
        redis.run,
        "Redis ping, round trip, NX/XX, expiry or command",
        lint=redis.check_lint,
    ),
    "manual": CheckKind("manual", str, manual.run, "an item a person ticks", uses_setup=False),
}
