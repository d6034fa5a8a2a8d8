"""A known password, given through the environment, never appears in anything the tool prints or stores."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "Sup3r-S3cret-Pw"
PHASES = """\
version: 1
project: Secrets
defaults: {{timeout: 3s, retry: {{attempts: 2, initial: 10ms, max: 20ms}}}}
services:
  neo4j: {{uri: "bolt://127.0.0.1:{closed}", user: neo4j, password: "${{NEO4J_PASSWORD}}"}}
  redis: {{url: "${{REDIS_URL}}"}}
phases:
  - id: 1
    name: One
    checks:
      - id: redis-ping
        redis: {{op: ping}}
      - id: neo4j-ping
        neo4j: {{op: ping}}
      - id: url-in-message
        http: {{url: "http://admin:${{NEO4J_PASSWORD}}@127.0.0.1:{closed}/health"}}
      - id: echo
        command: {{run: "python -c 'import os; print(os.environ[\\"NEO4J_PASSWORD\\"])'", exit_code: 3}}
      - id: env
        env: {{name: NEO4J_PASSWORD, equals: nope}}
      - id: by-hand
        manual: Checked by hand
"""

COMMANDS = [
    ["validate"],
    ["status"],
    ["status", "--json"],
    ["checklist", "--json"],
    ["verify", "--phase", "1", "--backend", "real", "--format", "json", "--output", "{tmp}/r.json"],
    ["verify", "--phase", "1", "--backend", "real", "--format", "junit", "--output", "{tmp}/r.xml"],
    ["verify", "--phase", "1", "--backend", "mock", "--format", "markdown", "--output", "{tmp}/r.md"],
    ["verify", "--phase", "1", "--backend", "real", "--format", "tap"],
    ["verify", "--phase", "1", "--backend", "real"],
    ["advance", "--phase", "1", "--backend", "real", "--json"],
    ["advance", "--phase", "1", "--dry-run"],
    ["tick", "1.by-hand", "--note", "fine"],
    ["untick", "1.by-hand"],
    ["waive", "1.env", "--reason", "not in CI"],
    ["checklist"],
    ["reopen", "--phase", "1", "--reason", "again"],
    ["store", "migrate", "--to", "{tmp}/copy/state.db"],
    ["history", "--json"],
    ["history"],
    ["report", "--format", "markdown", "--output", "{tmp}/report.md"],
    ["report", "--format", "html"],
    ["timeline"],
    ["services", "--backend", "real", "--json"],
    ["services", "--backend", "real"],
    ["--debug", "verify", "--phase", "1", "--backend", "real", "--format", "json"],
]


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.servers
def test_password_never_printed_or_stored(tmp_path: Path, redis_factory) -> None:  # type: ignore[no-untyped-def]
    server = redis_factory(password=SECRET)
    (tmp_path / "phases.yaml").write_text(PHASES.format(closed=_closed_port()), encoding="utf-8")
    env = {**os.environ, "NEO4J_PASSWORD": SECRET, "REDIS_URL": f"redis://:{SECRET}@127.0.0.1:{server.port}/0"}
    exe = str(Path(sys.executable).with_name("tta-timeline"))
    seen: list[str] = []
    for command in COMMANDS:
        args = [a.format(tmp=tmp_path) for a in command]
        done = subprocess.run([exe, *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert "Traceback" not in done.stderr or command[0] == "--debug"
        seen.append(done.stdout + done.stderr)
        assert SECRET not in done.stdout + done.stderr, f"{args} printed the password"
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "phases.yaml"]
    assert any(p.suffix == ".db" for p in written)
    for path in written:  # reports and the SQLite store (with its WAL)
        assert SECRET.encode() not in path.read_bytes(), f"{path.name} holds the password"
    assert "***" in "".join(seen)  # masked, not silently dropped
