"""`import` drafts runnable checks from what a hand-kept timeline claims; the rest stays manual."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from tests.commands.test_import import ENV, SEED, import_seed
from tta_timeline.cli import app
from tta_timeline.config.loader import load, validate
from tta_timeline.importer.drafts import draft_phase
from tta_timeline.importer.markdown import parse_markdown, to_data


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8").replace("âœ…", "✅").replace("ðŸš€", "🚀")


def listed_paths() -> dict[int, list[str]]:
    """Every backticked path under a "Files Created/Modified" section, per step, read independently of the importer."""
    out: dict[int, list[str]] = {}
    for step, body in re.findall(r"^## \S+ Step (\d):.*?\n(.*?)(?=^## )", seed_text(), re.MULTILINE | re.DOTALL):
        section = re.search(r"^### Files Created/Modified\n(.*?)(?=^### |\Z)", body, re.MULTILINE | re.DOTALL)
        if section:
            out[int(step)] = re.findall(r"^- `([^`]+)`", section.group(1), re.MULTILINE)
    return out


def seed_phases(tmp_path: Path) -> dict[int, list[dict[str, Any]]]:
    import_seed(tmp_path, state=False).close()
    data = yaml.safe_load((tmp_path / "phases.yaml").read_text(encoding="utf-8"))
    load(tmp_path / "phases.yaml", {})  # validates
    return {p["id"]: p["checks"] for p in data["phases"]}


def by_kind(checks: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [c for c in checks if kind in c]


def test_every_listed_path_becomes_a_drafted_file_check(tmp_path: Path) -> None:
    phases, expected = seed_phases(tmp_path), listed_paths()
    assert sorted(expected) == [1, 2, 3, 4] and sum(map(len, expected.values())) == 23
    for step, paths in expected.items():
        files = {c["file"]["path"]: c for c in by_kind(phases[step], "file")}
        assert sorted(files) == sorted(set(paths))
        for path, check in files.items():
            assert check["tags"] == ["drafted"] and f"`{path}`" in check["name"]
    assert phases[1][[c.get("file", {}).get("path") for c in phases[1]].index(".env.development")]["required"] is False
    templates = [c for c in by_kind(phases[4], "file") if c["file"]["path"].endswith(".example")]
    assert len(templates) == 2 and all(c.get("required", True) for c in templates)  # templates are committed


def test_named_test_files_and_phase_counts_become_pytest_checks(tmp_path: Path) -> None:
    phases = seed_phases(tmp_path)
    named = {tuple(c["pytest"].get("args", [])): c["pytest"] for p in phases.values() for c in by_kind(p, "pytest")}
    assert named[("tests/integration/test_api_endpoints.py",)] == {
        "args": ["tests/integration/test_api_endpoints.py"],
        "min_passed": 28,
    }
    assert named[("tests/unit/test_core_components.py",)]["min_passed"] == 27
    step3 = {c["id"]: c for c in by_kind(phases[3], "pytest")}
    assert step3["test-coverage"]["pytest"] == {"min_passed": 74}
    (step4,) = by_kind(phases[4], "pytest")
    assert step4["pytest"] == {"min_passed": 97, "max_failed": 17, "min_pass_rate": 0.85}
    assert "97 passing tests out of 114 total" in step4["name"] and step4["tags"] == ["drafted"]


def test_endpoints_with_answers_become_http_checks_at_the_stated_base_url(tmp_path: Path) -> None:
    phases = seed_phases(tmp_path)
    http = {c["id"]: c for c in by_kind(phases[1], "http")}
    assert http["health-endpoint"]["http"] == {
        "url": "http://127.0.0.1:8080/health",
        "status": 200,
        "json": {"status": "healthy", "service": "player-experience-api"},
    }
    assert http["root-endpoint"]["http"]["json"] == {"message": "Player Experience Interface API is running"}
    assert http["root-endpoint"]["http"]["url"] == "http://127.0.0.1:8080/"
    assert "`/health` returns proper JSON response" in http["health-endpoint"]["name"]
    text = (tmp_path / "phases.yaml").read_text(encoding="utf-8")
    stub = text[text.index("# drafted: the http checks") : text.index("  checks:")]
    assert "http://0.0.0.0:8080" in stub and '#     ready: {http: "http://127.0.0.1:8080/health"' in stub
    assert [c["id"] for c in phases[1] if "manual" in c][-1] == "request-handling"


def test_ids_stay_unique_and_repeated_paths_draft_once() -> None:
    doc = """# T

## Phase 1: Files

### Files Created/Modified

**New Files:**

- `a/config.py` - one
- `b/config.py` - two
- `a/config.py` - the same path again
- `tests/test_x.py` - 3 tests

**Modified Files:**

- `config.py` - a third config.py
- no backticks, so prose

## Phase 2: Counts

- [x] **Config Py**: 5/7 tests passing
- plain bullet: 5/7 tests passing
"""
    imported = parse_markdown(doc, "t.md")
    data = to_data(imported, {p.id: draft_phase(p) for p in imported.phases})
    validate(data, {}, "t.md")
    first = data["phases"][0]["checks"]
    assert [c["id"] for c in first] == ["config-py", "b-config-py", "test-x-py", "test-x-py-passes", "config-py-2"]
    assert [c["file"]["path"] for c in first if "file" in c] == [
        "a/config.py",
        "b/config.py",
        "tests/test_x.py",
        "config.py",
    ]
    second = data["phases"][1]["checks"]
    assert [c["id"] for c in second] == ["config-py"]  # the repeated count drafts once
    assert second[0]["pytest"] == {"min_passed": 5, "max_failed": 2, "min_pass_rate": 0.71}


def test_unreadable_claims_stay_manual_and_say_why() -> None:
    doc = """# T

## Phase 1: Odd

- [x] **Broken JSON**: `/a` returns `{"not json`
- [x] **No base**: `/b` returns `{"ok": true}`
- [x] **No answer**: `/c` was added
- [x] Unclosed `backtick and 99999999999999999999 tests
"""
    (phase,) = parse_markdown(doc, "t.md").phases
    rows = {row.claim.split(":")[0]: row for row in draft_phase(phase).rows}
    assert all(row.drafted.startswith("manual") for row in rows.values())
    assert "no base URL" in rows["Broken JSON"].why and "no answer" in rows["No answer"].why
    assert "names no test file" in rows["Unclosed `backtick and 99999999999999999999 tests"].why


def test_report_table_and_manual_only(tmp_path: Path) -> None:
    env = {**ENV, "COLUMNS": "250"}
    out = tmp_path / "phases.yaml"
    result = CliRunner().invoke(app, ["import", str(SEED), "--output", str(out), "--report"], env=env)
    assert result.exit_code == 0, result.output
    assert re.search(
        r"59 .*Health Endpoint: `/health` returns.*1\.health-endpoint: http GET "
        r"http://127\.0\.0\.1:8080/health.*JSON subset",
        result.output,
    )
    assert re.search(r"88 .*`\.env\.development`.*file \.env\.development \(advisory\).*not committed", result.output)
    assert re.search(r"339 .*Docker containerization.*manual: not specific enough", result.output)
    assert "30 drafted, 53 manual, of 83 claims" in result.output
    result = CliRunner().invoke(app, ["import", str(SEED), "--output", str(out), "--manual-only", "--force"], env=env)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    checks = [c for p in yaml.safe_load(text)["phases"] for c in p["checks"]]
    assert len(checks) == 57 and all("manual" in c for c in checks) and "drafted" not in text


def test_lessons_are_comments_without_state_and_notes_with_it(tmp_path: Path) -> None:
    import_seed(tmp_path, state=False).close()
    text = (tmp_path / "phases.yaml").read_text(encoding="utf-8")
    assert text.count("# Lessons learned (development-timeline.md") == 0  # named after the golden copy
    assert text.count("  # Lessons learned (seed-development-timeline.md:") == 3
    assert "  # - Import Management: Relative imports can cause issues" in text
    state_dir = tmp_path / "with-state"
    state_dir.mkdir()
    session = import_seed(state_dir)
    session.close()
    assert "# Lessons learned" not in (state_dir / "phases.yaml").read_text(encoding="utf-8")
    assert "12 lesson notes" in session.stderr.getvalue()


CLAIMS = """# Demo timeline

## ✅ Step 1: Build (COMPLETED)

- ✅ **Tests**: 3/3 tests passing

### Files Created/Modified

- `src/app.py` - the app
- `src/missing.py` - claimed, never committed
- `tests/test_x.py` - 5 unit tests
"""


def test_a_false_claim_surfaces_when_the_drafted_checks_run(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("print('app')\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # isolated from this repository's config
    (tmp_path / "tests" / "test_x.py").write_text(
        "".join(f"def test_{n}(): pass\n" for n in range(3)), encoding="utf-8"
    )
    (tmp_path / "TIMELINE.md").write_text(CLAIMS, encoding="utf-8")
    env = {**ENV, "COLUMNS": "250", "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(tmp_path / "TIMELINE.md"), "-o", str(tmp_path / "phases.yaml")], env=env)
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--file", str(tmp_path / "phases.yaml"), "verify", "--phase", "1"], env=env)
    assert result.exit_code == 1, result.output
    lines = {line.split()[1]: line for line in result.output.splitlines() if line[:4] in ("PASS", "FAIL")}
    assert lines["1.app-py"].startswith("PASS") and lines["1.tests"].startswith("PASS")
    assert lines["1.missing-py"].startswith("FAIL") and "src/missing.py" in lines["1.missing-py"]
    assert lines["1.test-x-py-passes"].startswith("FAIL") and "expected at least 5" in lines["1.test-x-py-passes"]


def test_dollars_in_drafted_claims_stay_text(tmp_path: Path) -> None:
    doc = """# T

## Phase 1: Money

- ✅ **Server**: runs on `http://localhost:9000`
- ✅ **Price**: `/price` returns `{"label": "${PRICE} costs $5"}`

### Files Created/Modified

- `src/${NAME}.py` - reads ${SECRET_TOKEN} at $$ runtime
"""
    (tmp_path / "t.md").write_text(doc, encoding="utf-8")
    out = tmp_path / "phases.yaml"
    result = CliRunner().invoke(app, ["import", str(tmp_path / "t.md"), "-o", str(out)], env=ENV)
    assert result.exit_code == 0, result.output
    checks = {c.id: c for c in load(out, {"PRICE": "x", "NAME": "y", "SECRET_TOKEN": "z"}).timeline.phases[0].checks}
    assert checks["price"].http.json_ == {"label": "${PRICE} costs $5"}
    assert checks["name-py"].file.path == "src/${NAME}.py"
    assert checks["name-py"].name == "`src/${NAME}.py` - reads ${SECRET_TOKEN} at $$ runtime"
