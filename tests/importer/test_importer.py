"""The markdown importer and mojibake repair, on the real seed and on a second dialect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tta_timeline.config.loader import validate
from tta_timeline.importer.markdown import parse_markdown, to_data
from tta_timeline.importer.markdown_lines import parse_estimate, slug
from tta_timeline.importer.mojibake import describe, repair

# a byte-for-byte copy of the TTA project's timeline, mojibake included
SEED = Path(__file__).parent.parent / "golden" / "seed-development-timeline.md"

DIALECT = """\
# Widget Service

## Phase 1: Groundwork

Objective: Lay the ground.

Estimate: 30 minutes

- [x] **Repo**: created
- [x] **Repo**: protected branch
- [ ] CI green

### Phase 2 - Features

**Estimated Timeline:** about a week or so

- [X] Login works
- [ ] **Export**: CSV export
- plain prose bullet, not an item

## Notes

- [ ] an open item outside any phase
"""


def seed_text() -> str:
    return repair(SEED.read_text(encoding="utf-8")).text


def test_seed_mojibake_is_detected_and_repaired() -> None:
    raw = SEED.read_text(encoding="utf-8")
    fixed = repair(raw)
    assert fixed.repaired and "âœ…" in raw
    assert "âœ…" not in fixed.text and "✅" in fixed.text and "🚀" in fixed.text
    line = describe("seed.md", fixed)
    assert "\n" not in line and "mojibake" in line and "âœ… -> ✅" in line


def test_clean_text_is_left_alone() -> None:
    text = "## ✅ Step 1: Fine “quotes” stay curly\n"
    assert repair(text).repaired is False and repair(text).text == text


def test_seed_phases_names_estimates_and_states() -> None:
    imported = parse_markdown(seed_text(), "seed.md")
    assert [(p.id, p.name, p.estimate, p.completed) for p in imported.phases] == [
        (1, "Making the Application Runnable", "2h..3h", True),
        (2, "Mock Service Enhancement", "3h..4h", True),
        (3, "Core Integration Testing", "4h..5h", True),
        (4, "Real Service Integration", "6h..8h", True),
        (5, "Production Deployment", "4h..6h", False),
    ]
    assert imported.phases[0].objective.startswith("Fix the FastAPI integration")
    assert all(str(p.completed_on) == "2025-01-27" for p in imported.phases[:4])
    assert imported.phases[4].completed_on is None


def test_seed_every_done_item_and_every_open_item_of_step_5() -> None:
    text = seed_text()
    imported = parse_markdown(text, "seed.md")
    end = text.index("## Progress Summary")
    expected = re.findall(r"^- ✅ \*\*(.+?)\*\*", text[:end], re.MULTILINE)
    done = [i.title for p in imported.phases for i in p.items if i.done]
    assert done == expected and len(done) == 49
    step5 = imported.phases[4]
    assert [i.text for i in step5.items] == [
        "Docker containerization",
        "Environment-specific configurations",
        "CI/CD pipeline integration",
        "Infrastructure as code setup",
        "Comprehensive monitoring and alerting",
        "Log aggregation and analysis",
        "Performance monitoring and optimization",
        "Backup and disaster recovery procedures",
    ]
    assert not any(i.done for i in step5.items)


def test_seed_reports_what_it_cannot_place() -> None:
    warnings = parse_markdown(seed_text(), "seed.md").warnings
    assert any("5 marked items under 'Progress Summary'" in w for w in warnings)
    assert any("10 marked items under 'Validation Checklist'" in w for w in warnings)


def test_seed_output_is_a_valid_phases_file() -> None:
    timeline = validate(to_data(parse_markdown(seed_text(), "seed.md")), {}, Path("phases.yaml"))
    assert len(timeline.phases) == 5 and timeline.phases[3].estimate.high == 8 * 3600
    ids = [c.id for c in timeline.phases[0].checks]
    assert ids[0] == "import-error-resolution" and len(ids) == len(set(ids)) == 13


def test_dialect_boxes_dashes_no_dates() -> None:
    imported = parse_markdown(DIALECT, "widgets.md")
    assert imported.project == "Widget Service"
    one, two = imported.phases
    assert (one.id, one.name, one.objective, one.estimate) == (1, "Groundwork", "Lay the ground.", "30m")
    assert [(i.id, i.done) for i in one.items] == [("repo", True), ("repo-2", True), ("ci-green", False)]
    # the `###` phase nests under `##` phase 1 in heading level, but is its own phase
    assert (two.id, two.name, two.completed_on) == (2, "Features", None)
    assert [(i.id, i.done) for i in two.items] == [("login-works", True), ("export", False)]
    assert two.estimate is None
    assert any("cannot read the estimate 'about a week or so'" in w for w in imported.warnings)
    assert any("under 'Notes'" in w for w in imported.warnings)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2-3 hours", "2h..3h"),
        ("6-8 hours", "6h..8h"),
        ("4–6 hrs", "4h..6h"),
        ("30 minutes", "30m"),
        ("1 week", "7d"),
        ("1.5 days", "1.5d"),
        ("2h..3h", "2h..3h"),
        ("soon", None),
    ],
)
def test_parse_estimate(text: str, expected: str | None) -> None:
    assert parse_estimate(text) == expected


def test_slug_is_a_valid_check_id_and_cut_at_a_word() -> None:
    assert slug("Service Discovery & Health Checking") == "service-discovery-health-checking"
    long = slug("word " * 30)
    assert len(long) <= 48 and not long.endswith("-") and slug("✅✅") == "item"
