"""`command`: a program exits with the expected code and prints what it should."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tta_timeline.checks import detail, lint
from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.checks.patterns import MULTILINE, Budget, Pattern, compile_pattern
from tta_timeline.core import expansion
from tta_timeline.core.errors import CheckConfigError
from tta_timeline.core.results import Status
from tta_timeline.services import procs


class CommandSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    run: str | list[str] = Field(
        description="split like a shell would, then ${VAR} expands inside each argument "
        "(no shell unless shell: true), or a list"
    )
    shell: bool = Field(False, description="run through a shell (which then expands ${VAR} itself)")
    cwd: str | None = Field(None, description="working folder, relative to the root")
    env: dict[str, str] = Field(default_factory=dict, description="added to the inherited environment")
    exit_code: int = Field(0, description="the expected exit code")
    stdout_contains: str | None = Field(None, description="a regular expression stdout must match")
    stderr_contains: str | None = Field(None, description="a regular expression stderr must match")

    @model_validator(mode="after")
    def _splits(self) -> CommandSpec:
        if not self.shell:
            expansion.splittable(self.run)
        return self


def resolve_cwd(cwd: str | None, root: Path) -> Path:
    """The working directory: the root, or `cwd` relative to it (an absolute cwd wins)."""
    return root if cwd is None else (root / cwd)


def check_lint(spec: CommandSpec, ctx: lint.LintContext) -> list[lint.Finding]:
    """Invalid output patterns, an empty command, a program not found here, a cwd outside the checkout."""
    found = lint.patterns("stdout_contains", spec.stdout_contains, MULTILINE)
    found += lint.patterns("stderr_contains", spec.stderr_contains, MULTILINE)
    env = {**ctx.env, **spec.env}
    found += lint.command_line(spec.run, spec.shell, resolve_cwd(spec.cwd, ctx.root), env)
    return found + lint.cwd(spec.cwd, ctx)


def stopped_outcome(result: procs.ProcResult, timeout: float, evidence: dict) -> Outcome | None:
    """The `error` for a run that was stopped early, shared with the pytest kind."""
    if result.timed_out:
        return Outcome(Status.ERROR, f"timed out after {timeout:.1f}s", evidence)
    if result.cancelled:
        return Outcome(Status.ERROR, "cancelled", evidence)
    return None


def _compile(spec: CommandSpec) -> dict[str, Pattern]:
    wanted = {"stdout": spec.stdout_contains, "stderr": spec.stderr_contains}
    return {name: compile_pattern(p, MULTILINE) for name, p in wanted.items() if p is not None}


def run(spec: CommandSpec, ctx: CheckContext) -> Outcome:
    try:
        return _run(spec, ctx)
    except CheckConfigError as exc:  # an invalid pattern, or one that backtracks past its budget
        return Outcome(Status.ERROR, str(exc))


def _run(spec: CommandSpec, ctx: CheckContext) -> Outcome:
    patterns = _compile(spec)
    env = {**ctx.env, **spec.env}
    argv = expansion.argv(spec.run, env, spec.shell)
    if not argv:
        return Outcome(Status.ERROR, "empty command")
    cwd = resolve_cwd(spec.cwd, ctx.root)
    if not cwd.is_dir():
        return Outcome(Status.ERROR, f"working directory {spec.cwd} does not exist")
    try:
        result = procs.run_captured(
            argv, cwd=cwd, env=env, timeout=ctx.timeout, cancelled=ctx.cancelled, shell=spec.shell
        )
    except OSError as exc:
        # Not found / not executable: retrying will not help.
        shown = argv if isinstance(argv, str) else argv[0]
        return Outcome(Status.ERROR, f"cannot run {shown}: {exc.strerror or exc}", {"argv": argv})
    evidence = {
        "argv": result.argv,
        "exit_code": result.returncode,
        "stdout": procs.tail(result.stdout),
        "stderr": procs.tail(result.stderr),
        "duration_ms": round(result.duration * 1000),
    }
    stopped = stopped_outcome(result, ctx.timeout, evidence)
    if stopped:
        stopped.detail = output_tail(result)
        return stopped
    return _judge(spec, result, patterns, evidence, Budget(ctx.timeout))


def output_tail(result: procs.ProcResult) -> str:
    """The last lines of stderr, or of stdout when stderr is empty: where a program says why."""
    return detail.last_lines(result.stderr if result.stderr.strip() else result.stdout)


def _judge(spec: CommandSpec, result: procs.ProcResult, patterns: dict, evidence: dict, budget: Budget) -> Outcome:
    problems = []
    if result.returncode != spec.exit_code:
        problems.append(f"exit code {result.returncode}, expected {spec.exit_code}")
    for stream, pattern in patterns.items():
        if not budget.search(pattern, getattr(result, stream)):
            problems.append(f"{stream} does not contain /{pattern.pattern}/")
    if problems:
        return Outcome(Status.FAIL, "; ".join(problems), evidence, detail=output_tail(result))
    return Outcome(Status.PASS, f"exit code {result.returncode}", evidence)
