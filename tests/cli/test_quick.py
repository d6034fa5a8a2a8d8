"""The read commands' quick path (cli/quick.py) behaves exactly as the Typer app, or leaves argv to it.

Every argument vector runs twice in one folder: through the console script's dispatch (the quick path,
falling back to the Typer app) and through the Typer app alone. Output, errors and exit codes must match.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from tests.helpers import write_phases
from tta_timeline.cli import app, quick
from tta_timeline.cli.option_specs import GLOBAL

ENV = "extra.env"
Outcome = tuple[int | str | None, str, str]  # exit code, stdout, stderr

#: taken by the quick path
QUICK = [
    ["status"],
    ["status", "--json"],
    ["status", "--format", "json"],
    ["status", "--format=json"],
    ["status", "--format", "bogus"],  # the command's own usage error (exit 2)
    ["--no-color", "status", "--debug"],
    ["--file", "phases.yaml", "status"],
    ["status", "-f", "phases.yaml", "--json"],
    ["--store", "one.db", "status", "--store", "two.db", "--json"],  # after the command wins
    ["--env-file", ENV, "status", "--env-file", ENV, "--namespace", "ns", "--root", "."],
    ["--file", "missing.yaml", "status"],  # the config error of a missing file (exit 2)
    ["checklist"],
    ["checklist", "-p", "1"],
    ["checklist", "--phase", "1,2", "--phase=2", "--json"],
    ["checklist", "-p", "9"],  # no such phase (exit 2)
    ["checklist", "--phase", "x"],  # not a phase id (exit 2)
    ["timeline"],
    ["timeline", "--json", "--no-color"],
    ["timeline", "--format", "json", "--store=three.db"],
]

#: left to the Typer app: help, version, malformed or unknown options, extra arguments, other commands
TYPER = [
    [],
    ["status", "--help"],
    ["status", "-h"],
    ["checklist", "--help"],
    ["--version"],
    ["-V", "status"],
    ["status", "--bogus"],
    ["status", "extra"],
    ["status", "status"],
    ["status", "--json=1"],
    ["status", "--format"],
    ["status", "--format", "--json"],
    ["status", "--format="],
    ["checklist", "-p"],
    ["checklist", "-p1"],
    ["-f=phases.yaml", "status"],
    ["--json", "status"],
    ["status", "--phase", "1"],
    ["status", "--"],
    ["stat"],
    ["validate"],
    ["timeline", "-j"],
]


def _normalised(text: str) -> str:
    """Clock readings differ between two runs; everything else must not."""
    return re.sub(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?", "<time>", text)


def _outcome(capsys: pytest.CaptureFixture[str], run: Callable[[list[str]], int], argv: list[str]) -> Outcome:
    try:
        code = run(argv)
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, _normalised(captured.out), _normalised(captured.err)


def _typer(argv: list[str]) -> int:
    app(args=argv, prog_name="tta-timeline")
    raise AssertionError("the Typer app always exits")


def _dispatched(argv: list[str]) -> int:
    code = quick.dispatch(argv)
    return _typer(argv) if code is None else code


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_phases(tmp_path)
    (tmp_path / ENV).write_text("TTA_EXTRA=1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("TTA_TIMELINE_FILE", "TTA_TIMELINE_STORE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize("argv", QUICK + TYPER, ids=lambda argv: " ".join(argv) or "(none)")
def test_same_outcome_as_the_typer_app(folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    _outcome(capsys, _typer, ["status"])  # the load cache is written: both runs below are warm
    took = quick.parse(argv, {})
    assert (took is not None) == (argv in QUICK)
    typer_way = _outcome(capsys, _typer, argv)
    quick_way = _outcome(capsys, _dispatched, argv)
    assert quick_way == typer_way
    assert typer_way[1] or typer_way[2]  # each vector says something


def test_the_outcomes_differ_where_they_should(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The comparison above can see a difference: two different vectors give two different outcomes."""
    assert _outcome(capsys, _dispatched, ["status"]) != _outcome(capsys, _dispatched, ["status", "--json"])
    codes = {_outcome(capsys, _dispatched, argv)[0] for argv in (["status"], ["checklist", "-p", "9"])}
    assert codes == {0, 2}


def test_global_option_values_as_typer_gives_them() -> None:
    plan = quick.parse(
        ["--env-file", "a", "-f", "x.yaml", "checklist", "--env-file=b", "-p", "1", "--file", "y.yaml"], {}
    )
    assert plan is not None
    assert plan.command == "checklist"
    assert plan.options == {"phases": ["1"], "fmt": "table", "as_json": False}
    assert plan.global_values == {"env_files": [Path("a"), Path("b")], "file": Path("y.yaml")}


def test_shell_completion_is_left_to_typer() -> None:
    assert quick.parse(["status"], {"_TTA_TIMELINE_COMPLETE": "complete_bash"}) is None
    assert quick.parse(["status"], {"PATH": "/bin"}) is not None


def test_undecodable_argv_is_left_to_typer() -> None:
    assert quick.parse(["status", "--store", "a\udcffb"], {}) is None
    assert quick.parse(["status\udcff"], {}) is None


def test_the_quick_path_knows_exactly_the_options_click_has() -> None:
    """One declaration (cli/option_specs.py): the Typer app's read commands take what the quick path parses."""
    root = typer.main.get_command(app)

    def options(params) -> dict[str, tuple[bool, bool]]:  # type: ignore[no-untyped-def]
        return {opt: (p.is_flag, p.multiple) for p in params if p.param_type_name == "option" for opt in p.opts}

    def spec_options(specs) -> dict[str, tuple[bool, bool]]:  # type: ignore[no-untyped-def]
        return {flag: (spec.kind is bool, spec.multiple) for spec in specs for flag in spec.flags}

    group = options(root.params)
    for flag in ("--version", "-V", "--install-completion", "--show-completion"):
        group.pop(flag, None)
    assert group == spec_options(GLOBAL)
    for name, (_, own) in quick.READ.items():
        command = options(root.commands[name].params)  # type: ignore[attr-defined]
        assert command == spec_options(GLOBAL + own), name
        assert not [p for p in root.commands[name].params if p.param_type_name == "argument"]  # type: ignore[attr-defined]


def test_the_console_script_takes_the_quick_path(tmp_path: Path) -> None:
    """A warm status through the real entry point imports no Typer at all."""
    write_phases(tmp_path)
    probe = (
        "import sys\nfrom tta_timeline.cli import main\nsys.argv = ['tta-timeline', 'status']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "sys.stderr.write('EXIT=%s TYPER=%s\\n' % (code, 'typer' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "EXIT=0 TYPER=False\n" in done.stderr, done.stderr
    assert "Test project" in done.stdout
