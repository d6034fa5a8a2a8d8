"""Every Typer callback hands its values to its command function under keywords that function takes."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tta_timeline.cli import app
from tta_timeline.cli.project_commands import store_migrate
from tta_timeline.cli.runner import load
from tta_timeline.cli.typer_app import COMMANDS
from tta_timeline.cli.wiring import Runs

CALLBACKS = {**COMMANDS, "store migrate": store_migrate}


@pytest.mark.parametrize("name", CALLBACKS)
def test_the_values_bind_to_the_command_function(name: str) -> None:
    callback = CALLBACKS[name]
    plan: Runs = callback.runs  # type: ignore[attr-defined]
    values = {p: None for p in inspect.signature(callback).parameters if p != "ctx"}
    function = load(plan.target)
    bound = inspect.signature(function).bind(None, **plan.keywords(values))  # TypeError: a keyword it lacks
    assert set(bound.arguments) == {next(iter(inspect.signature(function).parameters)), *plan.keywords(values)}


def test_a_rename_reaches_the_function(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """report --now is the function's with_now: the value given arrives there (the command line is unchanged)."""
    import tta_timeline.commands.report as module

    seen: dict[str, Any] = {}

    def report(session: object, **kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(module, "report", report)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", "--now", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert seen == {"fmt": "html", "output": None, "check": False, "with_now": True, "as_json": False}
