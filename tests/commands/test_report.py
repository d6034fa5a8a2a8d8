"""`tta-timeline report`: golden markdown, determinism, --check for CI, self-contained HTML, JSON."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from tests.commands.test_timeline import T0, check_golden, demo_project, session_at
from tta_timeline.commands.report import report
from tta_timeline.core.errors import UsageError

LATER = T0 + timedelta(hours=5)


def run_report(folder: Path, now=LATER, **kwargs: object) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    session = session_at(folder, now)
    code = report(session, **kwargs)
    session.close()
    return code, session.stdout.getvalue(), session.stderr.getvalue()


def test_markdown_matches_golden(tmp_path: Path) -> None:
    code, out, _ = run_report(demo_project(tmp_path))
    assert code == 0
    check_golden("report_demo.md", out)


def test_markdown_has_every_section_and_the_test_counts(tmp_path: Path) -> None:
    _, out, _ = run_report(demo_project(tmp_path))
    headings = re.findall(r"^## (.+)$", out, re.MULTILINE)
    assert headings == [
        "Overview",
        "✅ Phase 1: Setup (COMPLETED)",
        "🔄 Phase 2: Build (IN PROGRESS)",
        "⏸️ Phase 3: Ship (BLOCKED)",
        "Progress Summary",
        "Validation Checklist",
        "Timeline",
    ]
    assert "**Tests:** 97/114 passed" in out
    assert "- [x] **Docs written**: README explains the setup _(ticked by alice on 2030-01-01)_" in out
    assert "**Estimate:** 1h..2h (Completed: 2030-01-01)" in out and "**Slip:** +1h over" in out


def test_same_store_renders_the_same_bytes_unless_now_is_asked(tmp_path: Path) -> None:
    folder = demo_project(tmp_path)
    first = run_report(folder, now=LATER)[1]
    assert run_report(folder, now=LATER + timedelta(days=3))[1] == first
    with_now = run_report(folder, now=LATER, with_now=True)[1]
    assert "**Generated**: 2030-01-01T14:00:00+00:00" in with_now and "now: 2030-01-01 14:00" in with_now
    assert "Generated**:" not in first and "now:" not in first


def test_check_passes_when_equal_and_fails_when_different(tmp_path: Path) -> None:
    folder = demo_project(tmp_path)
    assert run_report(folder, output=Path("docs/timeline.md"))[0] == 0
    code, _, err = run_report(folder, output=Path("docs/timeline.md"), check=True)
    assert code == 0 and "up to date" in err
    target = folder / "docs" / "timeline.md"
    target.write_text(target.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    code, _, err = run_report(folder, output=Path("docs/timeline.md"), check=True)
    assert code == 1 and "differs" in err
    assert run_report(folder, output=Path("missing.md"), check=True)[0] == 1
    assert not list((folder / "docs").glob(".*.tmp"))  # the atomic write left no temporary file


def test_check_needs_an_output(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        run_report(demo_project(tmp_path), check=True)


def test_html_is_one_self_contained_file(tmp_path: Path) -> None:
    code, out, _ = run_report(demo_project(tmp_path), fmt="html")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "<style>" in out
    assert not re.search(r"<(script|link|img|iframe)\b", out)
    assert not re.search(r"(src|href)=|url\(|@import", out)  # nothing fetched from anywhere
    assert "Phase 1: Setup" in out and "97/114 passed" in out and "<pre>#  phase" in out


def test_json_document(tmp_path: Path) -> None:
    doc = json.loads(run_report(demo_project(tmp_path), fmt="json")[1])
    assert doc["version"] == 1 and doc["generated_at"] is None
    assert doc["status"] == {
        "word": "IN PROGRESS",
        "complete": 1,
        "total": 3,
        "current_phase": 2,
        "current_name": "Build",
    }
    assert doc["phases"][0]["tests"] == {"passed": 97, "total": 114}
    assert [c["done"] for c in doc["phases"][0]["checks"]] == [True, True]


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown format"):
        run_report(demo_project(tmp_path), fmt="pdf")
