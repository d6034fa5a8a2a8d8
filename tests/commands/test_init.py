"""`tta-timeline init`: a starter phases.yaml drafted from the repository, validated, never overwriting by surprise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import cli

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("TTA_TIMELINE_FILE", "TTA_TIMELINE_STORE", "TTA_TIMELINE_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "repo"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_the_demo_without_its_phases_file(here: Path) -> None:
    shutil.copytree(DEMO, here, dirs_exist_ok=True, ignore=shutil.ignore_patterns("phases.yaml", ".tta-timeline"))
    result = cli("init")
    assert result.exit_code == 0, result.output
    assert "detected: a web entry point (app/main.py)" in result.stderr
    assert cli("validate").exit_code == 0
    verify = cli("verify", "--all", "--json")
    assert verify.exit_code == 0, verify.output
    results = {r["check"]: r["status"] for r in json.loads(verify.stdout)["results"]}
    assert results == {"entry-point": "pass", "imports": "pass", "readme": "pass", "reviewed": "pending"}


def test_everything_it_looks_for(here: Path) -> None:
    (here / "tests").mkdir()
    (here / "tests" / "test_app.py").write_text("def test_ok():\n    assert True\n")
    (here / "Dockerfile").write_text("FROM python:3.12\n")
    (here / "docker-compose.yml").write_text(
        "services:\n  cache:\n    image: redis:7\n    ports: ['6380:6379']\n"
        "  graph:\n    image: neo4j:5\n    ports: [{target: 7687, published: 7688}]\n  web: {build: .}\n"
    )
    (here / ".github" / "workflows").mkdir(parents=True)
    (here / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    (here / "app.py").write_text("print('hi')\n")
    result = cli("init")
    assert result.exit_code == 0, result.output
    for what in (
        "a web entry point (app.py)",
        "a Dockerfile",
        "a pytest suite (tests/, 1 test file)",
        "compose services redis (cache), neo4j (graph) in docker-compose.yml",
        "a CI workflow (.github/workflows/ci.yml)",
    ):
        assert what in result.stderr
    data = yaml.safe_load((here / "phases.yaml").read_text())
    assert data["services"]["redis"]["url"] == "${REDIS_URL:-redis://localhost:6380/0}"
    assert data["services"]["neo4j"]["uri"] == "${NEO4J_URI:-bolt://localhost:7688}"
    kinds = {c["id"]: next(k for k in c if k not in ("id", "name")) for p in data["phases"] for c in p["checks"]}
    assert kinds == {
        "entry-point": "file",
        "imports": "command",
        "dockerfile": "file",
        "tests": "pytest",
        "ci": "file",
        "redis-ping": "redis",
        "neo4j-ping": "neo4j",
        "reviewed": "manual",
    }
    assert [p["name"] for p in data["phases"]] == ["Runnable", "Tested", "Services", "Release"]
    assert cli("validate").exit_code == 0
    verify = cli("verify", "3", "--json")  # the services phase, on the mock backend
    assert verify.exit_code == 0, verify.output


def test_an_empty_folder_and_a_broken_compose_file(here: Path) -> None:
    (here / "compose.yaml").write_text("services: [unclosed\n")
    result = cli("init")
    assert result.exit_code == 0, result.output
    assert "compose.yaml (not readable as YAML; skipped)" in result.stderr
    assert cli("validate").exit_code == 0


def test_refuses_to_overwrite_without_force(here: Path) -> None:
    (here / "phases.yaml").write_text("# mine\n")
    result = cli("init")
    assert result.exit_code == 1 and "already exists" in result.stderr and "--force" in result.stderr
    assert (here / "phases.yaml").read_text() == "# mine\n"
    assert cli("init", "--force").exit_code == 0
    assert cli("validate").exit_code == 0


def test_file_names_the_target(here: Path) -> None:
    assert cli("init", "--file", "plan/phases.yaml").exit_code == 0
    assert (here / "plan" / "phases.yaml").is_file() and not (here / "phases.yaml").exists()


def test_from_a_markdown_timeline_uses_the_importer(here: Path) -> None:
    (here / "TIMELINE.md").write_text(
        "## Phase 1: Start\n\n**Objective:** begin\n\n- [x] **Done** it\n", encoding="utf-8"
    )
    result = cli("init", "--from", "TIMELINE.md")
    assert result.exit_code == 0, result.output
    assert (here / "phases.yaml").read_text().startswith("# Imported from TIMELINE.md")
    assert cli("validate").exit_code == 0
    assert cli("init", "--from", "TIMELINE.md").exit_code == 1
