"""action.yml's steps run through bash as a runner runs them: inputs via `env:`, GITHUB_* files in a temp folder."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.ci.conftest import PROJECT, clean_env

ACTION = yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([a-z-]+)\s*\}\}")
SECRET = "hunter2-ci-Zq9"


@dataclass
class StepRun:
    code: int
    printed: str  # stdout and stderr: what the job log would show (before the runner applies masks)
    outputs: dict[str, str]
    summary: str


class Runner:
    """Just enough of a GitHub runner: one temp folder per job, a fresh output/summary file per step."""

    def __init__(self, action_path: Path, runner_temp: Path, env: dict[str, str]):
        self.action_path, self.temp, self.env = action_path, runner_temp, env
        self.path_file = runner_temp / "github_path"
        self.path_file.touch()

    def run_step(self, step: dict, inputs: dict[str, str], workspace: Path) -> StepRun:
        files = {name: Path(tempfile.mkstemp(prefix=name, dir=self.temp)[1]) for name in ("output", "summary")}
        values = {name: inputs.get(name, spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
        step_env = {k: EXPRESSION.sub(lambda m: values[m.group(1)], str(v)) for k, v in step.get("env", {}).items()}
        prepended = [line for line in self.path_file.read_text().splitlines() if line]
        env = {
            **self.env,
            **step_env,
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "GITHUB_WORKFLOW": "gate",
            "GITHUB_JOB": "verify",
            "GITHUB_RUN_ID": "77",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_ACTION_PATH": str(self.action_path),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(files["output"]),
            "GITHUB_STEP_SUMMARY": str(files["summary"]),
            "GITHUB_PATH": str(self.path_file),
            "PATH": ":".join([*prepended, self.env["PATH"]]),
        }
        cwd = workspace / EXPRESSION.sub(lambda m: values[m.group(1)], step.get("working-directory", "."))
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        outputs = dict(line.split("=", 1) for line in files["output"].read_text().splitlines() if "=" in line)
        summary = files["summary"].read_text(encoding="utf-8")
        for path in files.values():
            path.unlink()
        return StepRun(done.returncode, done.stdout + done.stderr, outputs, summary)


@pytest.fixture(scope="module")
def runner(hook_repo: Path, pip_offline: dict[str, str]) -> Iterator[Runner]:
    """The install step, once per module: a real pip install of the project, as the action's own ref."""
    with tempfile.TemporaryDirectory(prefix="tta-ci-runner-") as temp:
        job = Runner(hook_repo, Path(temp), clean_env(**pip_offline))
        install = job.run_step(ACTION["runs"]["steps"][0], {}, Path(temp))
        assert install.code == 0, install.printed
        assert "tta-timeline 0.1.0" in install.printed
        yield job


def verify(runner: Runner, workspace: Path, **inputs: str) -> StepRun:
    return runner.run_step(ACTION["runs"]["steps"][1], inputs, workspace)


def workflow_commands(printed: str) -> list[str]:
    return [line for line in printed.splitlines() if line.startswith("::")]


def test_no_input_is_interpolated_into_a_script() -> None:
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"], step["name"]
    wired = {
        m for step in ACTION["runs"]["steps"] for v in step.get("env", {}).values() for m in EXPRESSION.findall(str(v))
    }
    assert wired | {"working-directory"} == set(ACTION["inputs"])  # every input reaches a step


def test_install_puts_the_tool_on_later_steps_path(runner: Runner) -> None:
    venv_bin = (runner.temp / "tta-timeline-venv" / "bin").resolve()
    assert [Path(p).resolve() for p in runner.path_file.read_text().split()] == [venv_bin]
    assert (venv_bin / "tta-timeline").exists()


def test_passing_phase_advances_and_sets_every_output(runner: Runner, demo: Path) -> None:
    step = verify(runner, demo.parent, **{"working-directory": "demo", "phases": "1", "advance": "true"})
    assert step.code == 0, step.printed
    assert step.outputs == {
        "passed": "3",
        "failed": "0",
        "errors": "0",
        "skipped": "0",
        "blocked": "0",
        "pending": "1",
        "exit-code": "0",
        "advanced": "true",
        "report": "tta-timeline-junit.xml",
    }
    junit = (demo / "tta-timeline-junit.xml").read_text(encoding="utf-8")
    assert 'name="health: health() reports healthy"' in junit and "<failure" not in junit
    assert "### Demo - a tiny API verify passed" in step.summary
    assert "| `health` health() reports healthy | ✅ pass |" in step.summary
    assert "✅ tta-timeline: phase 1 advanced" in step.summary
    assert "by github-actions:gate/verify#77" in step.summary  # the tool saw the runner's variables
    again = verify(runner, demo.parent, **{"working-directory": "demo", "phases": "1", "advance": "true"})
    assert again.code == 0 and again.outputs["advanced"] == "false"  # already complete: nothing new


def test_failure_is_passed_through_with_counts_and_a_report(runner: Runner, demo: Path) -> None:
    (demo / "app" / "main.py").write_text("def health():\n    return {}\n", encoding="utf-8")
    step = verify(runner, demo, phases="1", advance="true", format="json", output="out/verify.json")
    assert step.code == 1, step.printed
    assert step.outputs["exit-code"] == "1" and step.outputs["advanced"] == "false"
    assert (step.outputs["passed"], step.outputs["failed"]) == ("2", "1")
    assert '"status": "fail"' in (demo / "out" / "verify.json").read_text(encoding="utf-8")
    assert "verify failed" in step.summary and "advanced" not in step.summary


def test_bad_inputs_are_usage_errors(runner: Runner, demo: Path) -> None:
    step = verify(runner, demo, phases="1 $(touch pwned)")
    assert step.code == 2 and "phases: '$(touch' is not a phase id" in step.printed
    assert not (demo / "pwned").exists()
    step = verify(runner, demo, backend="--help")
    assert step.code == 2 and "--backend --help: expected one of mock, real" in step.printed
    step = verify(runner, demo, **{"phases-file": "missing.yaml"})
    assert step.code == 2 and step.outputs["exit-code"] == "2" and "missing.yaml: no such file" in step.printed


def test_check_output_cannot_issue_workflow_commands(runner: Runner, demo: Path) -> None:
    phases = demo / "phases.yaml"
    phases.write_text(
        phases.read_text(encoding="utf-8").replace("python -m app.main", "echo '::add-mask::x'"), encoding="utf-8"
    )
    step = verify(runner, demo, phases="1")
    commands = workflow_commands(step.printed)
    stop = next(c for c in commands if c.startswith("::stop-commands::"))
    token = stop.removeprefix("::stop-commands::")
    assert len(token) > 8 and commands[-1] == f"::{token}::"
    check_lines = step.printed.split(stop, 1)[1].split(commands[-1], 1)[0]
    assert "PASS 1.imports" in check_lines  # the tool's output is inside the stopped region


@pytest.mark.servers
def test_secret_store_url_is_masked_and_never_printed(runner: Runner, demo: Path, redis_factory) -> None:  # type: ignore[no-untyped-def]
    server = redis_factory(password=SECRET)
    url = f"redis://:{SECRET}@127.0.0.1:{server.port}/0"
    step = verify(runner, demo, phases="1", advance="true", store=url)
    assert step.code == 0, step.printed
    masked = [c for c in workflow_commands(step.printed) if c.startswith("::add-mask::")]
    assert masked == [f"::add-mask::{url}", f"::add-mask::{SECRET}"]  # the runner swallows these lines
    log = "\n".join(line for line in step.printed.splitlines() if not line.startswith("::add-mask::"))
    written = [step.summary, *step.outputs.values(), *(p.read_text(errors="replace") for p in demo.rglob("*.xml"))]
    for text in (log, *written):
        assert SECRET not in text
    assert not (demo / ".tta-timeline").exists()  # the run went to the Redis store
    shutil.rmtree(demo)
