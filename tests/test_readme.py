"""README.md is the user contract: every console example runs and prints what the README shows, and every
JSON example has the keys and value types of the document the tool writes.

Console blocks run on a copy of examples/demo (or the fixture named by `<!-- fixture: NAME -->` beside
the block) with times, dates, ids, hashes and the fixture's folder normalised, and spacing collapsed (table
widths follow the content). A command shown without output lines is run and must exit 0. Blocks marked
`<!-- not run: WHY -->`, and the tool's lines in sh/bash scripts, are parsed by the command line's own
parser (unknown commands and options, missing values and bad types fail) but not run.

When an output changes on purpose, run `python -m tests.test_readme` to print what every block prints now.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from tests.readme_blocks import Block, Step, blocks, normalise, steps, tool_lines
from tta_timeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
ENV = {
    "TTA_TIMELINE_ACTOR": "alice",
    "NO_COLOR": "1",
    # the demo's command checks run `python`: this interpreter's, as `make run` puts the venv first
    "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    **{name: None for name in ("COLUMNS", "LINES", "TTA_TIMELINE_FILE", "TTA_TIMELINE_STORE", "TTA_TIMELINE_BACKEND")},
}

BROKEN_HTTP = """\
      - id: api
        name: the API answers
        http: {url: "http://127.0.0.1:8080/health", status: two-hundred, contains: "ok (v1"}
      - id: no-todo
        file: {path: app/main.py, not_contains: "TODO("}
"""


def run(folder: Path, *args: str) -> Any:
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(app, list(args), env=ENV, catch_exceptions=False)
    finally:
        os.chdir(cwd)


def _demo(folder: Path, *commands: str) -> None:
    shutil.copytree(DEMO, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".tta-timeline"))
    _do(folder, *commands)


def _do(folder: Path, *commands: str) -> None:
    for command in commands:
        result = run(folder, *command.split())
        assert result.exit_code == 0, f"fixture step `{command}`: {result.output}"


def _progress(folder: Path) -> None:
    _demo(folder, "tick 1.tried-by-hand", "verify --phase 1", "advance --phase 1", "verify --phase 2")
    assert run(folder, "note", "1", "the health check belongs in phase 1", "--lesson").exit_code == 0


def _failing(folder: Path) -> None:
    _demo(folder)
    main = folder / "app" / "main.py"
    main.write_text(main.read_text(encoding="utf-8").replace('"healthy"', '"degraded"'), encoding="utf-8")
    assert run(folder, "verify", "--phase", "1").exit_code == 1


def _broken(folder: Path) -> None:
    _demo(folder)
    phases = folder / "phases.yaml"
    text = phases.read_text(encoding="utf-8").replace("  - id: 2\n", BROKEN_HTTP + "  - id: 2\n")
    text = text.replace("  - id: 3\n", "  - id: 3\n    depends_on: [9]\n")
    text += '      - id: docs-build\n        command: {run: "docs-builder --strict"}\n'
    phases.write_text(text, encoding="utf-8")


def _shop(folder: Path) -> None:
    """A small web project for `init`: an entry point, a test suite, a compose file with Redis."""
    (folder / "app").mkdir()
    (folder / "app" / "__init__.py").write_text("")
    (folder / "app" / "main.py").write_text("def health():\n    return {'status': 'healthy'}\n")
    (folder / "tests").mkdir()
    for n in range(12):
        (folder / "tests" / f"test_{n}.py").write_text("def test_ok():\n    pass\n")
    (folder / "compose.yaml").write_text("services:\n  cache:\n    image: redis:7\n    ports: ['6379:6379']\n")


def _git(folder: Path) -> None:
    _demo(folder)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "demo"]):
        env = {
            "GIT_AUTHOR_NAME": "a",
            "GIT_AUTHOR_EMAIL": "a@x",
            "GIT_COMMITTER_NAME": "a",
            "GIT_COMMITTER_EMAIL": "a@x",
        }
        subprocess.run(["git", *args], cwd=folder, check=True, env={**os.environ, **env})
    assert run(folder, "tick", "1.tried-by-hand").exit_code == 0


def _history(folder: Path) -> None:
    _demo(folder, "tick 1.tried-by-hand --note fine", "verify --phase 1", "advance --phase 1")
    _do(folder, "waive 3.reviewed --reason later --until 2099-02-02", "reopen --phase 1 --reason oops")


def _advanced(folder: Path) -> None:
    _demo(folder, "verify --phase 1", "advance --phase 1", "verify --phase 2")


FIXTURES: dict[str, Callable[[Path], None]] = {
    "demo": _demo,
    "advanced": _advanced,
    "progress": _progress,
    "failing": _failing,
    "broken": _broken,
    "shop": _shop,
    "git": _git,
    "history": _history,
}

README_BLOCKS = blocks()
CONSOLE = [b for b in README_BLOCKS if b.lang == "console"]
JSON = [b for b in README_BLOCKS if b.lang == "json"]
SCRIPTS = [b for b in README_BLOCKS if b.lang in ("sh", "bash")]
EXCERPTS = [b for b in README_BLOCKS if b.lang not in ("console", "json") and "command" in b.directives]


def prepared(block: Block, tmp_path: Path) -> Path:
    name = block.directives.get("fixture", "demo")
    assert name in FIXTURES, f"{block.where}: unknown fixture {name!r} (known: {', '.join(FIXTURES)})"
    folder = tmp_path / "project"
    folder.mkdir()
    FIXTURES[name](folder)
    return folder


def parses(args: list[str]) -> None:
    """The command line's own parsing, down to the subcommand: unknown options, missing values, bad types."""
    ctx = get_command(app).make_context("tta-timeline", list(args))
    while isinstance(ctx.command, click.Group):
        rest = [*ctx._protected_args, *ctx.args]
        assert rest, f"no command in {args}"
        name, command, rest = ctx.command.resolve_command(ctx, rest)
        assert command is not None and name is not None
        ctx = command.make_context(name, rest, parent=ctx)


def check_step(step: Step, folder: Path, where: str) -> None:
    result = run(folder, *step.args)
    if not step.shown:
        assert result.exit_code == 0, f"{where}: `{step.line}` exited {result.exit_code}:\n{result.output}"
        return
    shown, got = normalise("\n".join(step.shown)), normalise(result.output, folder)
    if shown != got:
        diff = "\n".join(difflib.unified_diff(shown, got, "README", "tool", lineterm=""))
        pytest.fail(f"{where}: `{step.line}` prints something else now (normalised diff):\n{diff}\n\n{result.output}")


@pytest.mark.parametrize("block", CONSOLE, ids=[b.where for b in CONSOLE])
def test_console_example(block: Block, tmp_path: Path) -> None:
    found = steps(block)
    assert found, f"{block.where}: a console block without a `$ tta-timeline` line"
    if "not run" in block.directives:
        assert block.directives["not run"], f"{block.where}: say why the block is not run"
        for step in found:
            parses(step.args)
        return
    folder = prepared(block, tmp_path)
    for step in found:
        check_step(step, folder, block.where)


@pytest.mark.parametrize("block", SCRIPTS, ids=[b.where for b in SCRIPTS])
def test_script_lines_parse(block: Block) -> None:
    for args in tool_lines(block.text):
        parses(args)


def shape_problems(shown: Any, got: Any, path: str = "$") -> list[str]:
    """Where the README's example and the tool's document differ in keys or value types (README null: any)."""
    if shown is None:
        return []
    if isinstance(shown, dict):
        if not isinstance(got, dict):
            return [f"{path}: README shows an object, the tool writes {type(got).__name__}"]
        problems = [f"{path}: the tool writes no {key!r}" for key in shown if key not in got]
        problems += [f"{path}: README leaves out {key!r}" for key in got if key not in shown]
        return problems + [
            p for key in shown if key in got for p in shape_problems(shown[key], got[key], f"{path}.{key}")
        ]
    if isinstance(shown, list):
        if not isinstance(got, list):
            return [f"{path}: README shows a list, the tool writes {type(got).__name__}"]
        problems = []
        for index, item in enumerate(shown):
            match = _counterpart(item, got, index)
            if match is None:
                problems.append(f"{path}[{index}]: nothing like it in the tool's list")
            else:
                problems += shape_problems(item, match, f"{path}[{index}]")
        return problems
    kinds = {bool: "boolean", int: "number", float: "number", str: "string"}
    if got is None or kinds[type(shown)] != kinds.get(type(got)):
        return [f"{path}: README shows a {kinds[type(shown)]} ({shown!r}), the tool writes {got!r}"]
    return []


def _counterpart(item: Any, got: list[Any], index: int) -> Any:
    """A list's element to compare with: the same `kind` for event lists, else the same position."""
    if isinstance(item, dict) and "kind" in item:
        return next((g for g in got if isinstance(g, dict) and g.get("kind") == item["kind"]), None)
    return got[min(index, len(got) - 1)] if got else None


@pytest.mark.parametrize("block", JSON, ids=[b.where for b in JSON])
def test_json_example(block: Block, tmp_path: Path) -> None:
    shown = json.loads(block.text)  # the example itself must be JSON
    command = block.directives.get("command", "")
    assert command.startswith("tta-timeline "), f"{block.where}: say which command writes it (<!-- command: … -->)"
    folder = prepared(block, tmp_path)
    result = run(folder, *command.split()[1:])
    assert result.exit_code == int(block.directives.get("exit", 0)), result.output
    problems = shape_problems(shown, json.loads(result.stdout))
    assert not problems, f"{block.where} ({command}):\n" + "\n".join(problems)


@pytest.mark.parametrize("block", EXCERPTS, ids=[b.where for b in EXCERPTS])
def test_excerpt_example(block: Block, tmp_path: Path) -> None:
    """An excerpt of a document (the report): its lines appear in what the command writes, in order."""
    command = block.directives["command"]
    folder = prepared(block, tmp_path)
    result = run(folder, *command.split()[1:])
    assert result.exit_code == 0, result.output
    got = normalise(result.stdout, folder)
    at = 0
    for line in filter(None, normalise(block.text)):
        assert line in got[at:], (
            f"{block.where} ({command}): {line!r} is not in the output (after line {at}):\n{result.stdout}"
        )
        at += got[at:].index(line) + 1


def test_every_block_is_covered() -> None:
    """A console or JSON block is either run or says why not; a fixture name is one the test knows."""
    for block in CONSOLE + JSON + EXCERPTS:
        assert block.directives.get("fixture", "demo") in FIXTURES, block.where
    not_run = [b.where for b in CONSOLE if "not run" in b.directives]
    assert len(not_run) <= len(CONSOLE) // 2, f"most console blocks must run; not run: {not_run}"


def _print_current() -> None:  # pragma: no cover - a maintainer's aid, `python -m tests.test_readme`
    import tempfile

    for block in CONSOLE:
        if "not run" in block.directives:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = prepared(block, Path(tmp))
            for step in steps(block):
                print(f"--- {block.where}\n{step.line}")
                print(run(folder, *step.args).output, end="")


if __name__ == "__main__":  # pragma: no cover
    _print_current()
