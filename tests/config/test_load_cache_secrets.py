"""The load cache and the file's secrets: a hit parses the file only when it holds a secret value.

The cache records whether the file holds one (a flag, never a value); the key covers the file's bytes
and the values of its variables, so the flag holds for every hit. Secrets stay masked warm as cold.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.config.test_load_cache import LITERAL, PHASES, SECRET, cache_file
from tests.helpers import probe_imports, write_phases
from tta_timeline.config import load_cache, yaml_source
from tta_timeline.config.loader import load
from tta_timeline.config.outline import outline_of

CREDS = "api-creds-9981"
#: no secret value in the file itself: API_CREDS is a `secret_vars` name (read from the environment), and the
#: password expands from a variable whose name does not look secret (empty here, a secret when set)
PLAIN = """\
version: 1
project: Plain project
services:
  neo4j: {uri: "bolt://db:7687", user: neo4j, password: "${DB_CODE:-}"}
phases:
  - id: 1
    name: Only
    estimate: 1h
    checks:
      - id: token
        env: {name: API_CREDS, secret: true}
      - id: tried
        manual: Tried by hand
"""
#: what a hit on a file without secrets must not import: the YAML parser and the loader (nor, on any hit, the model)
PARSERS = ("yaml", "tta_timeline.config.yaml_source", "tta_timeline.config.loader", "tta_timeline.config.model")


def run(folder: Path, *args: str, **env: str) -> tuple[str, list[str]]:
    """The CLI in a fresh interpreter: (stdout, which of PARSERS it imported)."""
    environ = {**os.environ, "API_CREDS": CREDS, "COLUMNS": "200", **env}
    done = probe_imports(args, PARSERS, folder, environ)
    marker = done.stderr.strip().splitlines()[-1]
    assert marker.startswith("EXIT=0 LOADED="), done.stderr
    return done.stdout, [name for name in marker.removeprefix("EXIT=0 LOADED=").split(",") if name]


def record(folder: Path, message: str, project: str = "Plain project", phase: int = 1, check: str = "token") -> None:
    """A failed result whose message holds `message` (kept before anything masked it)."""
    from datetime import datetime, timezone

    from tta_timeline.core.results import CheckResult, Run, Status
    from tta_timeline.store import open_store

    at = datetime.now(timezone.utc)
    result = CheckResult(phase=phase, check=check, status=Status.FAIL, message=message, at=at)
    run_ = Run(id="r1", started_at=at, finished_at=at, phases=[phase], backend="mock", actor="t", results=[result])
    with open_store(str(folder / ".tta-timeline" / "state.db"), project=project) as store:
        store.record_run(run_)


def holds(folder: Path) -> bool:
    return json.loads(cache_file(folder).read_text())["holds_secrets"]


def test_a_hit_on_a_file_without_secrets_parses_nothing_and_still_masks_secret_vars(tmp_path: Path) -> None:
    write_phases(tmp_path, PLAIN)
    _, cold = run(tmp_path, "status")
    assert "yaml" in cold and holds(tmp_path) is False
    record(tmp_path, f"got {CREDS} back")
    out, warm = run(tmp_path, "checklist")
    assert warm == []  # no YAML parser, no loader: the file was not parsed
    assert CREDS not in out and "got *** back" in out


def test_a_hit_on_a_file_with_a_literal_secret_reads_it_again(tmp_path: Path) -> None:
    write_phases(tmp_path, PHASES)
    run(tmp_path, "status", DB_PASSWORD=SECRET)
    assert holds(tmp_path) is True
    assert LITERAL not in cache_file(tmp_path).read_text()
    record(tmp_path, f"sent {LITERAL}", project="Cached project", phase=2, check="api")
    out, warm = run(tmp_path, "checklist", "--phase", "2", DB_PASSWORD=SECRET)
    assert warm == ["yaml", "tta_timeline.config.yaml_source", "tta_timeline.config.loader"]  # a hit: no model
    assert LITERAL not in out and "sent ***" in out


def test_the_flag_follows_the_variables_a_secret_expands_from(tmp_path: Path) -> None:
    """`password: ${DB_CODE:-}` holds a secret only when DB_CODE is set: another value is another key."""
    write_phases(tmp_path, PLAIN)
    run(tmp_path, "status")
    assert holds(tmp_path) is False
    code = "db-code-5521"
    run(tmp_path, "status", DB_CODE=code)  # a miss: the variable's value is part of the key
    assert holds(tmp_path) is True and code not in cache_file(tmp_path).read_text()
    record(tmp_path, f"login with {code}")
    out, warm = run(tmp_path, "checklist", DB_CODE=code)
    assert "yaml" in warm and code not in out and "login with ***" in out


def test_warm_secrets_parses_only_a_file_that_holds_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_phases(tmp_path, PHASES)
    raw, env = path.read_bytes(), {"DB_PASSWORD": SECRET, "API_CREDS": CREDS}
    loaded = load(path, env)
    hit = load_cache.Hit(outline_of(loaded.timeline), loaded.holds_secrets)
    assert hit.holds_secrets and sorted(load_cache.warm_secrets(path, raw, env, hit)) == sorted(loaded.secrets)

    def no_parse(raw: bytes) -> None:
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(yaml_source, "parse_trusted", no_parse)
    assert load_cache.warm_secrets(path, raw, env, hit._replace(holds_secrets=False)) == [CREDS]
    with pytest.raises(AssertionError, match="parsed"):
        load_cache.warm_secrets(path, raw, env, hit)


@pytest.mark.parametrize("recorded", ["true", "null", '"no"', "0"])
def test_only_a_recorded_false_spares_the_parse(tmp_path: Path, recorded: str) -> None:
    write_phases(tmp_path, PLAIN)
    run(tmp_path, "status")
    cache = cache_file(tmp_path)
    cache.write_text(cache.read_text().replace('"holds_secrets": false', f'"holds_secrets": {recorded}'))
    assert "yaml" in run(tmp_path, "status")[1]
