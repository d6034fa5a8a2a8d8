"""Every registered (document, format) pair renders a real store, and what it writes parses as its format."""

from __future__ import annotations

import json
import os
import textwrap
from datetime import datetime, timezone
from html.parser import HTMLParser
from typing import Any

import pytest
from junitparser import JUnitXml
from prometheus_client.parser import text_string_to_metric_families
from tap.parser import Parser as TapParser

from tests.conftest import FakeClock, Project
from tests.helpers import cli
from tta_timeline.commands.advance import advance
from tta_timeline.commands.history import _certificate, history_document
from tta_timeline.commands.note import note
from tta_timeline.commands.report import document as report_document
from tta_timeline.commands.tick import tick
from tta_timeline.commands.validate import summary
from tta_timeline.commands.verify import verify
from tta_timeline.commands.waive import waive
from tta_timeline.core.errors import UsageError
from tta_timeline.domain.forecast import build
from tta_timeline.output.advancement import Advancement
from tta_timeline.output.checklist import Checklist
from tta_timeline.output.history import History
from tta_timeline.output.registry import RENDERERS, formats, renderer
from tta_timeline.output.render import render_text
from tta_timeline.output.report_json import Report
from tta_timeline.output.validation import Validation

PHASES = """\
version: 1
project: Registry sample
phases:
  - id: 1
    name: Runnable
    estimate: 1h..2h
    checks:
      - id: readme
        file: {path: README.md, contains: "# Sample"}
      - id: runs
        command: {run: "python -c pass"}
      - id: tried
        manual: Tried by hand
  - id: 2
    name: Build <fast> & "safe"
    estimate: 2h
    checks:
      - id: no-todo
        file: {path: README.md, not_contains: TODO}
      - id: crash
        command: {run: "python -c \\"import sys; sys.stderr.write('boom: db refused'); sys.exit(3)\\""}
      - id: after
        needs: [crash]
        command: {run: "python -c pass"}
      - id: style
        required: false
        command: {run: "python -c \\"raise SystemExit(1)\\""}
      - id: review
        manual: Reviewed by a person
  - id: 3
    name: Ship
    estimate: 30m
    checks:
      - id: later
        skip: not yet
        file: {path: dist}
"""


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One model per document, from a store filled by the real commands: runs with failures and details, events."""
    folder = tmp_path_factory.mktemp("registry")
    (folder / "phases.yaml").write_text(PHASES, encoding="utf-8")
    (folder / "README.md").write_text("# Sample\n\nTODO: describe the API\n", encoding="utf-8")
    project = Project(
        folder,
        FakeClock(datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)),
        {**os.environ, "TTA_TIMELINE_ACTOR": "alice"},
    )
    assert project.run(tick, "1.tried", note="clicked through") == 0
    assert project.run(verify, phases=[1]) == 0
    project.clock.advance(hours=1)
    assert project.run(advance, phase=1, fmt="json") == 0
    advanced = Advancement(json.loads(project.stdout), "Runnable")
    assert project.run(note, 1, "the API needed a fix", lesson=True) == 0
    assert project.run(verify, all_phases=True) == 1
    assert project.run(waive, "2.no-todo", reason="docs later", until="2030-02-01") == 0
    session = project.session()
    state = session.state()
    run = session.store.runs()[0]
    names = {p.id: p.name for p in session.timeline.phases}
    phases = str(folder / "phases.yaml")
    services = cli("--file", phases, "services", "--backend", "mock", "--format", "json")
    migrated = cli("--file", phases, "store", "migrate", "--to", str(folder / "copy.db"), "--format", "json")
    audited = cli("--file", phases, "audit", "--format", "json")
    built = {
        "status": state,
        "checklist": Checklist(state.phases, state.now),
        "history": History(history_document(session), ""),
        "certificate": _certificate(session, 1),
        "timeline": build(state, state.now),
        "services": json.loads(services.stdout),
        "verify": Report(run, names, False, session.timeline.project),
        "report": report_document(session),
        "validate": Validation([("phases.yaml", summary(session))], True),
        "advance": advanced,
        "migrate": json.loads(migrated.stdout),
        "audit": json.loads(audited.stdout),
    }
    session.close()
    return built


class _Balanced(HTMLParser):
    """Every element that is opened is closed, in order (void elements aside)."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "area", "base"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes {self.open[-1:] or 'nothing'}"


def _parses(fmt: str, text: str) -> None:
    if fmt == "json":
        assert isinstance(json.loads(text), dict)
    elif fmt == "junit":
        xml = JUnitXml.fromstring(text)
        assert sum(1 for suite in xml for _case in suite) > 0
    elif fmt == "tap":
        lines = list(TapParser().parse_text(text))
        results = [line for line in lines if line.category == "test"]
        plan = next(line for line in lines if line.category == "plan")
        assert results and plan.expected_tests == len(results)
        assert any(not r.ok for r in results) and any(r.yaml_block for r in results)
    elif fmt == "html":
        parser = _Balanced()
        parser.feed(text)
        parser.close()
        assert not parser.open and {"html", "body", "table"} <= parser.seen
    elif fmt == "markdown":
        assert text.lstrip().startswith("#") and ("\n## " in text or "\n| " in text)
    elif fmt == "prometheus":
        assert any(f.samples for f in text_string_to_metric_families(text))
    else:  # the terminal views, rendered as plain text
        assert text.strip() and "\x1b" not in text


@pytest.mark.parametrize(("document", "fmt"), sorted(RENDERERS))
def test_every_registered_pair_renders_and_parses(models: dict[str, Any], document: str, fmt: str) -> None:
    text = render_text(document, fmt, models[document])
    _parses(fmt, text)


def test_every_document_has_a_json_format_and_a_sample() -> None:
    documents = {doc for doc, _fmt in RENDERERS}
    assert all("json" in formats(doc) for doc in documents)
    assert formats("certificate") == formats("history")  # `history --certificate` takes history's --format


def test_rendered_content_comes_from_the_store(models: dict[str, Any]) -> None:
    status = json.loads(render_text("status", "json", models["status"]))
    assert status["progress"] == {"complete": 1, "total": 3} and status["current_phase"] == 2
    verify = json.loads(render_text("verify", "json", models["verify"]))
    crash = next(r for r in verify["results"] if r["check"] == "crash")
    assert crash["status"] == "fail" and "boom: db refused" in crash["detail"]
    kinds = {e["kind"] for e in json.loads(render_text("history", "json", models["history"]))["events"]}
    assert {"verify", "advance", "tick", "note", "waive"} <= kinds
    assert "Registry sample" in render_text("status", "table", models["status"])
    html = render_text("report", "html", models["report"])
    assert "Build &lt;fast&gt; &amp; &quot;safe&quot;" in html or 'Build &lt;fast&gt; &amp; "safe"' in html


def test_an_unknown_format_names_the_valid_ones() -> None:
    with pytest.raises(UsageError, match=r"--format yaml: unknown format \(formats: table, json\)"):
        renderer("status", "yaml")


@pytest.mark.parametrize(
    ("command", "valid"),
    [
        (["status"], "table, json"),
        (["checklist"], "table, json"),
        (["history"], "table, json"),
        (["timeline"], "table, json"),
        (["services"], "table, json"),
        (["validate"], "text, json"),
        (["verify"], "table, json, junit, markdown, tap, prometheus"),
        (["report"], "markdown, html, json"),
        (["advance"], "text, json"),
        (["store", "migrate", "--to", "elsewhere.db"], "text, json"),
    ],
)
def test_unknown_format_on_the_command_line_is_exit_2(tmp_path, command: list[str], valid: str) -> None:
    path = tmp_path / "phases.yaml"
    path.write_text(textwrap.dedent(PHASES), encoding="utf-8")
    result = cli("--file", str(path), *command, "--format", "yaml")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: --format yaml: unknown format (formats: {valid})\n"
    assert not (tmp_path / ".tta-timeline").exists()  # refused before the store is opened
