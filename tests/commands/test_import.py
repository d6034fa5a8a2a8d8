"""`tta-timeline import`: the seed as it is, state into the store, no phases, and the CLI end to end."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tta_timeline.cli import app
from tta_timeline.commands.import_timeline import import_timeline
from tta_timeline.commands.session import Session
from tta_timeline.config.loader import load
from tta_timeline.core.errors import ConfigError
from tta_timeline.core.runtime import Runtime
from tta_timeline.domain.state import derive

SEED = Path(__file__).parent.parent / "golden" / "seed-development-timeline.md"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
ENV = {"TTA_TIMELINE_ACTOR": "importer", "COLUMNS": "100"}


def new_session(folder: Path) -> Session:
    return Session(
        runtime=Runtime(env=ENV, cwd=folder, clock=lambda: NOW),
        no_color=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def import_seed(folder: Path, state: bool = True, force: bool = False, manual_only: bool = False) -> Session:
    session = new_session(folder)
    assert import_timeline(session, SEED, Path("phases.yaml"), state=state, force=force, manual_only=manual_only) == 0
    return session


def test_seed_imports_to_a_valid_file_with_one_repair_line(tmp_path: Path) -> None:
    session = import_seed(tmp_path, state=False)
    session.close()
    loaded = load(tmp_path / "phases.yaml", {})
    assert [p.name for p in loaded.timeline.phases][-1] == "Production Deployment"
    # 57 marked items (4 of them drafted as http or pytest checks) and 26 checks drafted from files and counts
    assert sum(len(p.checks) for p in loaded.timeline.phases) == 83
    errors = session.stderr.getvalue().splitlines()
    assert len([line for line in errors if "mojibake" in line]) == 1
    assert sum(line.startswith("warning:") for line in errors) == 2


def test_state_records_ticks_and_advances_dated_from_the_document(tmp_path: Path) -> None:
    import_seed(tmp_path).close()
    session = new_session(tmp_path)
    session.file = tmp_path / "phases.yaml"
    state = derive(session.timeline, session.store, NOW)
    assert [p.state for p in state.phases] == ["complete"] * 4 + ["planned"]
    assert str(state.phases[0].completed_at) == "2025-01-27 00:00:00+00:00"
    assert state.phases[1].advanced.data["imported"] is True
    # phase 3's 13 items: 12 ticked, "74 passing tests" drafted as a pytest check that verify must prove
    assert (state.phases[2].passed, state.phases[4].passed) == (12, 0)
    assert len(state.phases[0].lessons) == 4
    session.close()


def test_importing_twice_records_nothing_new(tmp_path: Path) -> None:
    import_seed(tmp_path).close()
    again = import_seed(tmp_path, force=True)  # the second import replaces the file it wrote
    again.close()
    assert "recorded 0 ticks, 0 advancements and 0 lesson notes" in again.stderr.getvalue()


def test_without_output_the_yaml_goes_to_stdout(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    assert import_timeline(session, SEED) == 0
    out = session.stdout.getvalue()
    assert out.startswith("# Imported from") and "estimate: 6h..8h" in out
    assert not (tmp_path / "phases.yaml").exists()


def test_a_file_without_phases_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n\n## Ideas\n\n- [ ] someday\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        import_timeline(new_session(tmp_path), Path("notes.md"))
    assert caught.value.exit_code == 2 and "no phases found" in str(caught.value)


def test_cli_no_phases_exits_2_with_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("just prose\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(empty)], env=ENV)
    assert result.exit_code == 2 and "no phases found" in result.output


def test_cli_round_trip_import_then_report(tmp_path: Path) -> None:
    """Every phase, objective, estimate, item and completion mark of the seed is in the report."""
    phases, report = tmp_path / "phases.yaml", tmp_path / "report.md"
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(SEED), "--output", str(phases), "--state", "--manual-only"], env=ENV)
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--file", str(phases), "report", "--output", str(report)], env=ENV)
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8").replace("âœ…", "✅")
    seed = seed[: seed.index("## Progress Summary")]
    for number, name, status in re.findall(r"^## .*?Step (\d): (.+) \((\w+)\)$", seed, re.MULTILINE):
        mark = "✅" if status == "COMPLETED" else "🚀"
        assert f"## {mark} Phase {number}: {name} ({status})" in text
    for objective in re.findall(r"^\*\*Objective:\*\* (.+)$", seed, re.MULTILINE):
        assert f"**Objective:** {objective}" in text
    for low, high in re.findall(r"Timeline:\*\* (\d)-(\d) hours", seed):
        assert f"**Estimate:** {low}h..{high}h" in text
    done = re.findall(r"^- ✅ \*\*(.+?)\*\*: (.+)$", seed, re.MULTILINE)
    open_items = re.findall(r"^- \[ \] (.+)$", seed, re.MULTILINE)
    assert (len(done), len(open_items)) == (49, 8)  # the patterns above really matched the seed
    for title, rest in done:
        assert f"- [x] **{title}**: {rest}" in text
    for item in open_items:
        assert f"- [ ] **{item}**" in text
    assert text.count("(Completed: 2025-01-27)") == 4


def test_a_rendered_report_imports_back_to_the_same_phases(tmp_path: Path) -> None:
    from tta_timeline.commands.report import render
    from tta_timeline.importer.markdown import parse_markdown, to_data

    import_seed(tmp_path, manual_only=True).close()
    session = new_session(tmp_path)
    session.file = tmp_path / "phases.yaml"
    again = to_data(parse_markdown(render(session, "markdown"), "report.md"))
    session.close()
    original = load(tmp_path / "phases.yaml", {}).timeline.model_dump(exclude_none=True)
    assert [p["name"] for p in again["phases"]] == [p["name"] for p in original["phases"]]
    assert [p["estimate"] for p in again["phases"]] == ["2h..3h", "3h..4h", "4h..5h", "6h..8h", "4h..6h"]
    assert [[(c["id"], c["manual"]) for c in p["checks"]] for p in again["phases"]] == [
        [(c["id"], c["manual"]) for c in p["checks"]] for p in original["phases"]
    ]


DATED_BELOW = """\
# Shop

## ✅ Step 1: Make it run (COMPLETED)

**Objective:** Run it.

(Completed: 2025-03-03)

- ✅ **Health**: answers

## ✅ Step 2: Ship it (COMPLETED)

- ✅ **Shipped**: it is out

## Phase 3: Later

Completed: 2025-04-01

- [ ] **Docs**: written
"""


def test_a_completion_line_under_the_heading_dates_the_advancement(tmp_path: Path) -> None:
    """`(Completed: 2025-03-03)` on its own line counts; an undated completion and an unmarked date are warned."""
    (tmp_path / "t.md").write_text(DATED_BELOW, encoding="utf-8")
    session = new_session(tmp_path)
    assert import_timeline(session, Path("t.md"), Path("phases.yaml"), state=True) == 0
    warnings = [line for line in session.stderr.getvalue().splitlines() if line.startswith("warning:")]
    session.close()
    assert warnings == [
        "warning: t.md:11: phase 2 is marked completed without a date (such as `(Completed: 2025-01-27)`); "
        "`--state` dates its advancement today",
        "warning: t.md:17: phase 3 has a completion date but its heading does not mark it completed "
        "(`(COMPLETED)` or ✅); not advanced",
    ]
    reader = new_session(tmp_path)
    reader.file = tmp_path / "phases.yaml"
    state = derive(reader.timeline, reader.store, NOW)
    reader.close()
    assert [p.completed_at for p in state.phases] == [datetime(2025, 3, 3, tzinfo=timezone.utc), NOW, None]
    assert state.phases[0].checks[0].ticked.at == datetime(2025, 3, 3, tzinfo=timezone.utc)


def test_status_shows_an_unrecorded_actual_as_timeline_does(tmp_path: Path) -> None:
    """An imported phase has no recorded times: `?` in status and timeline, null in both JSON documents."""
    (tmp_path / "t.md").write_text(DATED_BELOW, encoding="utf-8")
    importer = new_session(tmp_path)
    assert import_timeline(importer, Path("t.md"), Path("phases.yaml"), state=True) == 0
    importer.close()
    runner = CliRunner()
    args = ["--file", str(tmp_path / "phases.yaml")]
    status = runner.invoke(app, [*args, "status"], env=ENV)
    row = next(line for line in status.stdout.splitlines() if "Make it run" in line)
    assert row.split("│")[6].strip() == "?", row
    assert "0ms" not in status.stdout
    timeline = runner.invoke(app, [*args, "timeline"], env=ENV)
    assert re.search(r"act\s+\?", timeline.stdout), timeline.stdout
    for command in ("status", "timeline"):
        doc = json.loads(runner.invoke(app, [*args, command, "--json"], env=ENV).stdout)
        assert doc["phases"][0]["actual_seconds"] is None


def test_history_of_an_imported_advancement_names_the_document(tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text(DATED_BELOW, encoding="utf-8")
    importer = new_session(tmp_path)
    assert import_timeline(importer, Path("t.md"), Path("phases.yaml"), state=True) == 0
    importer.close()
    args = ["--file", str(tmp_path / "phases.yaml"), "history", "--phase", "1"]
    table = CliRunner().invoke(app, args, env=ENV).stdout
    row = next(line for line in table.splitlines() if "advance" in line)
    assert row.rstrip().endswith("imported from t.md") and "None" not in table, table
    (entry,) = [
        e
        for e in json.loads(CliRunner().invoke(app, [*args, "--json"], env=ENV).stdout)["events"]
        if e["kind"] == "advance"
    ]
    assert (entry["imported"], entry["forced"], entry["reason"], entry["run_id"]) == (
        True,
        False,
        "imported from t.md",
        None,
    )
