"""An environment value is data: never code for a shell, never extra arguments, never a crash."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.checks.base import CheckContext
from tta_timeline.checks.command import CommandSpec, run
from tta_timeline.core.expansion import escape, split_args, substitute
from tta_timeline.core.results import Status

HOSTILE = '$(touch pwned1); `touch pwned2`; touch pwned3 && echo it\'s "quoted" --force'
PRINT_ARGS = f"{sys.executable} -c 'import json, sys; print(json.dumps(sys.argv[1:]))'"
PRINT_ARGS_YAML = PRINT_ARGS.replace('"', '\\"')


def _run(tmp_path: Path, env: dict[str, str], **spec) -> object:  # type: ignore[no-untyped-def]
    ctx = CheckContext(root=tmp_path, env={"PATH": "/usr/bin:/bin", **env}, timeout=20)
    return run(CommandSpec.model_validate(spec), ctx)


def test_shell_never_runs_what_a_value_holds(tmp_path: Path) -> None:
    out = _run(tmp_path, {"V": HOSTILE}, run='echo ${V}; echo "${V}"', shell=True)
    assert out.status is Status.PASS, out.message
    assert not list(tmp_path.glob("pwned*"))
    assert out.evidence["stdout"].splitlines()[-1] == HOSTILE  # the value arrived as text
    assert out.evidence["argv"] == ['echo ${V}; echo "${V}"']  # the shell expanded it, not us


def test_shell_default_syntax_still_works(tmp_path: Path) -> None:
    out = _run(tmp_path, {"EMPTY": "", "X": "x value"}, run="echo ${EMPTY:-fallback} $${X} '$$'", shell=True)
    assert out.evidence["stdout"].strip() == "fallback x value $"


@pytest.mark.parametrize("value", [HOSTILE, "two words", "it's", 'say "hi"', "--rm -rf /", ""])
def test_a_value_is_exactly_one_argument(tmp_path: Path, value: str) -> None:
    out = _run(tmp_path, {"V": value}, run=f"{PRINT_ARGS} ${{V}} pre${{V}}post '${{V}}' \"${{V}}\"")
    assert out.status is Status.PASS, out.message
    assert json.loads(out.evidence["stdout"]) == [value, f"pre{value}post", value, value]
    assert not list(tmp_path.glob("pwned*"))


def test_split_then_expand() -> None:
    env = {"A": "x y", "Q": "it's"}
    assert split_args("cmd ${A} '${A:-d e}' ${MISSING:-d e} $$A", env) == ["cmd", "x y", "x y", "d e", "$A"]
    assert split_args("cmd ${Q}", env) == ["cmd", "it's"]
    assert substitute("${A}$$${Q}", env) == "x y$it's"


def test_a_line_whose_own_quote_does_not_close_is_a_config_error(tmp_path: Path) -> None:
    write_phases(
        tmp_path,
        """\
version: 1
project: P
phases:
  - id: 1
    name: One
    checks:
      - id: bad
        command: {run: "echo 'oops"}
""",
    )
    result = cli("--file", str(tmp_path / "phases.yaml"), "validate")
    assert result.exit_code == 2
    assert "phases.yaml:8:" in result.stderr and "checks[0].command" in result.stderr
    assert "cannot split into arguments: no closing quotation" in result.stderr


def test_a_value_with_one_quote_does_not_crash_verify(tmp_path: Path) -> None:
    write_phases(
        tmp_path,
        f"""\
version: 1
project: P
phases:
  - id: 1
    name: One
    checks:
      - id: quoted
        command: {{run: "{PRINT_ARGS_YAML} ${{V}}", stdout_contains: "it's"}}
""",
    )
    result = cli("--file", str(tmp_path / "phases.yaml"), "verify", "--format", "json", env={"V": "it's"})
    assert result.exit_code == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["results"][0]["status"] == "pass"


def test_http_accepts_only_http_urls(tmp_path: Path) -> None:
    write_phases(
        tmp_path,
        """\
version: 1
project: P
phases:
  - id: 1
    name: One
    checks:
      - id: passwd
        http: {url: "file:///etc/passwd"}
""",
    )
    result = cli("--file", str(tmp_path / "phases.yaml"), "validate")
    assert result.exit_code == 2
    assert "phases.yaml:8:" in result.stderr and "checks[0].http.url" in result.stderr
    assert "only http:// and https:// URLs" in result.stderr


def test_control_characters_never_reach_the_output(tmp_path: Path) -> None:
    write_phases(
        tmp_path,
        """\
version: 1
project: "P\\e]0;title\\a"
phases:
  - id: 1
    name: "One \\e[31mred"
    checks:
      - id: esc
        command: {run: "printf '\\\\033[2J\\\\033[31mwiped'", stdout_contains: nothing}
""",
    )
    for fmt in ("tap", "json", "markdown", "junit", "table"):
        result = cli("--file", str(tmp_path / "phases.yaml"), "verify", "--format", fmt)
        assert result.exit_code == 1, result.stdout + result.stderr
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout, fmt
    shown = cli("--file", str(tmp_path / "phases.yaml"), "checklist")
    assert "\x1b" not in shown.stdout and "\u241b" in shown.stdout


def test_import_escapes_dollars(tmp_path: Path) -> None:
    (tmp_path / "TIMELINE.md").write_text(
        "# Plan\n\n## Step 1: Setup\n\n- [ ] obj with ${NEO4J_PASSWORD} and $HOME\n", encoding="utf-8"
    )
    result = cli(
        "import",
        str(tmp_path / "TIMELINE.md"),
        "--output",
        str(tmp_path / "phases.yaml"),
        env={"NEO4J_PASSWORD": "hunter2-secret"},
    )
    assert result.exit_code == 0, result.stderr
    assert "$${NEO4J_PASSWORD} and $$HOME" in (tmp_path / "phases.yaml").read_text(encoding="utf-8")
    shown = cli("--file", str(tmp_path / "phases.yaml"), "checklist", env={"NEO4J_PASSWORD": "hunter2-secret"})
    assert "obj with ${NEO4J_PASSWORD} and $HOME" in shown.stdout and "hunter2" not in shown.stdout
    assert escape("a$b$$") == "a$$b$$$$"
