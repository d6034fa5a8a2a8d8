"""The load cache: a warm read command builds no model, any change to its inputs is a miss, no secret is kept."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import probe_imports, write_phases
from tta_timeline.config import load_cache
from tta_timeline.config.loader import load
from tta_timeline.config.outline import from_data, outline_of, to_data
from tta_timeline.core.secrets import Redactor

SECRET = "hunter2-in-the-env"
LITERAL = "literal-s3cret-pw"
PHASES = f"""\
version: 1
project: Cached project
services:
  neo4j: {{uri: "bolt://db:7687", user: neo4j, password: "${{DB_PASSWORD}}"}}
  redis: {{url: "redis://:{LITERAL}@cache:6379/0"}}
phases:
  - id: 1
    name: "${{PHASE_ONE:-First}}"
    objective: Files and commands
    estimate: 1h..2h
    checks:
      - id: readme
        file: {{path: README.md, contains: "x"}}
      - id: runs
        command: {{run: "python -c pass"}}
      - id: tried
        manual: Tried by hand
        required: false
  - id: 2
    name: Services
    estimate: 30m
    checks:
      - id: token
        env: {{name: API_CREDS, secret: true}}
      - id: api
        http: {{url: "http://127.0.0.1:9/", headers: {{X-Client: {{value: "client-id-7731", secret: true}}}}}}
      - id: ping
        neo4j: {{op: ping}}
"""
#: what a warm read command must not import: the model of the format, every check kind, pydantic itself
BUILDERS = (
    "pydantic",
    "tta_timeline.config.model",
    "tta_timeline.checks.all_kinds",
    "tta_timeline.checks.file",
    "tta_timeline.checks.command",
    "tta_timeline.checks.http",
    "tta_timeline.checks.neo4j",
    "tta_timeline.checks.env",
    "tta_timeline.checks.patterns",
)


def probe(folder: Path, *args: str, **env: str) -> tuple[str, str]:
    """Run the CLI in a fresh interpreter: (stdout, the builders it imported)."""
    environ = {**os.environ, "DB_PASSWORD": SECRET, "API_CREDS": "api-creds-9981", "COLUMNS": "200", **env}
    done = probe_imports(args, BUILDERS, folder, environ)
    marker = done.stderr.strip().splitlines()[-1]
    assert marker.startswith("EXIT=0 LOADED="), done.stderr
    return done.stdout, marker.removeprefix("EXIT=0 LOADED=")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_phases(tmp_path, PHASES)
    return tmp_path


def cache_file(folder: Path) -> Path:
    return folder / ".tta-timeline" / "state.load-cache.json"


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["checklist", "--json"], ["timeline", "--json"]])
def test_a_warm_read_command_builds_no_model_and_shows_the_same(project: Path, args: list[str]) -> None:
    cold, cold_loaded = probe(project, *args)
    assert "tta_timeline.config.model" in cold_loaded  # the first run validates, and keeps the outline
    assert cache_file(project).is_file()
    warm, warm_loaded = probe(project, *args)
    assert warm_loaded == ""
    assert without_now(warm) == without_now(cold)


def without_now(out: str) -> str:
    """`timeline` shows the clock; everything else must be the same."""
    return "".join(line for line in out.splitlines(keepends=True) if '"now":' not in line)


def test_a_changed_byte_is_a_miss(project: Path) -> None:
    probe(project, "status")
    path = project / "phases.yaml"
    path.write_text(path.read_text().replace(":-First}", ":-Firsts}"))
    out, loaded = probe(project, "status")
    assert "tta_timeline.config.model" in loaded and "Firsts" in out
    assert probe(project, "status")[1] == ""  # and the new outline is kept


def test_a_changed_variable_value_is_a_miss(project: Path) -> None:
    out, _ = probe(project, "status", PHASE_ONE="Alpha phase")
    assert "Alpha phase" in out
    out, loaded = probe(project, "status", PHASE_ONE="Beta phase")
    assert "Beta phase" in out and "tta_timeline.config.model" in loaded
    out, loaded = probe(project, "status", PHASE_ONE="Beta phase")
    assert "Beta phase" in out and loaded == ""


def test_another_tool_version_is_a_miss(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = (project / "phases.yaml").read_bytes()
    env = {"DB_PASSWORD": SECRET}
    outline = outline_of(load(project / "phases.yaml", env).timeline)
    key = load_cache.cache_key(raw, env, project / "phases.yaml", None)
    assert load_cache.write(cache_file(project), key, outline, Redactor([SECRET]), True, holds_secrets=True)
    assert load_cache.read(cache_file(project), key) == load_cache.Hit(outline, holds_secrets=True)
    monkeypatch.setattr(load_cache, "__version__", "99.0.0")
    assert load_cache.cache_key(raw, env, project / "phases.yaml", None) != key  # the version is part of the key
    assert load_cache.read(cache_file(project), key) is None  # and a cache another version wrote is not read


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff garbage", b"[1, 2]", b'{"format": 1}', b'{"format": 1, "version": "0.1.0", "outline": 3}'],
)
def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(project: Path, content: bytes) -> None:
    expected, _ = probe(project, "status", "--json")
    cache = cache_file(project)
    document = json.loads(cache.read_text())
    cache.write_bytes(content.replace(b'"0.1.0"', json.dumps(document["version"]).encode()))
    out, loaded = probe(project, "status", "--json")
    assert out == expected and "tta_timeline.config.model" in loaded
    assert json.loads(cache.read_text()) == document


def test_a_cache_with_the_right_key_but_a_broken_outline_is_ignored(project: Path) -> None:
    expected, _ = probe(project, "status", "--json")
    cache = cache_file(project)
    document = json.loads(cache.read_text())
    document["outline"]["phases"][0]["checks"] = [["only", "three", "items"]]
    cache.write_text(json.dumps(document))
    out, loaded = probe(project, "status", "--json")
    assert out == expected and "tta_timeline.config.model" in loaded


def test_the_cache_holds_no_secret_and_a_warm_run_registers_the_same_secrets(project: Path) -> None:
    cold, _ = probe(project, "--debug", "status")
    text = cache_file(project).read_text()
    for secret in (SECRET, LITERAL, "client-id-7731", "api-creds-9981"):
        assert secret not in text
    warm, _ = probe(project, "--debug", "status")
    assert warm == cold


def test_no_cache_is_written_when_the_outline_would_show_a_secret(project: Path) -> None:
    out, _ = probe(project, "status", PHASE_ONE=f"shop {SECRET}")
    assert SECRET not in out and "shop ***" in out
    assert not cache_file(project).exists()
    assert "tta_timeline.config.model" in probe(project, "status", PHASE_ONE=f"shop {SECRET}")[1]


def test_a_warm_run_masks_the_file_secrets_in_records(project: Path, tmp_path: Path) -> None:
    """A record holding a value the file marks secret (kept before it was marked) is masked warm as cold."""
    from datetime import datetime, timezone

    from tta_timeline.core.results import CheckResult, Status
    from tta_timeline.store import open_store

    probe(project, "status")
    env = {"DB_PASSWORD": SECRET}
    result = CheckResult(
        phase=2,
        check="api",
        status=Status.FAIL,
        message=f"sent client-id-7731 and {LITERAL}",
        at=datetime.now(timezone.utc),
    )
    loaded = load(project / "phases.yaml", env)
    with open_store(str(project / ".tta-timeline" / "state.db"), project=loaded.timeline.project) as store:
        store.record_run(_run(result))
    out, builders = probe(project, "checklist", "--phase", "2")
    assert builders == ""  # warm
    assert "client-id-7731" not in out and LITERAL not in out and "sent *** and ***" in out


def _run(result):  # type: ignore[no-untyped-def]
    from tta_timeline.core.results import Run

    return Run(
        id="r1",
        started_at=result.at,
        finished_at=result.at,
        phases=[result.phase],
        backend="mock",
        actor="tester",
        results=[result],
    )


def test_the_outline_round_trips_through_its_data(project: Path) -> None:
    outline = outline_of(load(project / "phases.yaml", {"DB_PASSWORD": SECRET}).timeline)
    assert from_data(json.loads(json.dumps(to_data(outline)))) == outline
    assert outline.phase(2).check("token").secret_vars == ("API_CREDS",)  # type: ignore[union-attr]


def test_a_server_store_gets_no_local_folder(project: Path, redis_server) -> None:  # type: ignore[no-untyped-def]
    """With a Redis store the project keeps no .tta-timeline folder; the cache is used where that folder exists."""
    store = redis_server.url + "?prefix=loadcache"
    probe(project, "--store", store, "status")
    assert not (project / ".tta-timeline").exists()
    (project / ".tta-timeline").mkdir()
    probe(project, "--store", store, "status")
    assert cache_file(project).is_file()
    assert probe(project, "--store", store, "status")[1] == ""
