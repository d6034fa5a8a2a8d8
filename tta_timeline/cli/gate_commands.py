"""The commands that run checks and record what gates a phase: verify, services, advance and the manual records.

Each callback's signature and docstring are its command line and help; `runs` (cli/wiring.py) is its body.
"""

from __future__ import annotations

from pathlib import Path

import typer

from tta_timeline.cli import completion
from tta_timeline.cli.wiring import BackendOpt, JsonOpt, PhasesOpt, format_option, phase_option, runs, target_argument


@runs("tta_timeline.commands.verify:verify", phase="phases")
def verify(
    ctx: typer.Context,
    selectors: list[str] | None = typer.Argument(
        None,
        metavar="[SELECTOR]...",
        show_default=False,
        autocompletion=completion.selectors,
        help="A phase id (4), a check (4.health) or a glob (4.redis-*); with --phase, the union.",
    ),
    phase: list[str] | None = PhasesOpt,
    all_phases: bool = typer.Option(False, "--all", help="Every phase (default: the current phase)."),
    pattern: str | None = typer.Option(
        None, "-k", help="Only checks whose id or a tag matches this glob (and what they need)."
    ),
    backend: str | None = BackendOpt,
    fmt: str = format_option("verify", " (prometheus: a node-exporter textfile)"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the --format report to FILE; the terminal shows the table."
    ),
    fail_fast: bool = typer.Option(
        False, "--fail-fast", help="Stop scheduling checks after the first required failure."
    ),
    concurrency: int = typer.Option(16, "--concurrency", "-j", help="Checks run at once."),
    strict: bool = typer.Option(False, "--strict", help="Required pending and skipped checks fail the run too."),
    as_json: bool = JsonOpt,
) -> None:
    """Run the checks of the current phase, or of the phases and checks selected; exit 1 if a required check does not pass."""


@runs("tta_timeline.commands.services:services")
def services(
    ctx: typer.Context, backend: str | None = BackendOpt, fmt: str = format_option("services"), as_json: bool = JsonOpt
) -> None:
    """Ping each configured service: reachable, version, latency, attempts (exit 1 if any is unreachable)."""


@runs("tta_timeline.commands.advance:advance")
def advance(
    ctx: typer.Context,
    phase: int | None = phase_option(None, "Phase id (default: the current phase)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Verify and judge, but record nothing."),
    backend: str | None = typer.Option(None, "--backend", help="mock or real (default: defaults.backend)."),
    force: bool = typer.Option(False, "--force", help="Advance despite refusals (needs --reason; recorded)."),
    reason: str | None = typer.Option(None, "--reason", help="Why --force is justified."),
    allow_regressed: bool = typer.Option(False, "--allow-regressed", help="Accept regressed dependencies."),
    fmt: str = format_option("advance"),
    as_json: bool = JsonOpt,
) -> None:
    """Verify a phase afresh and, if every rule holds, record its advancement certificate."""


@runs("tta_timeline.commands.tick:tick")
def tick(
    ctx: typer.Context,
    target: str = target_argument("A manual check, e.g. 1.reviewed."),
    note: str | None = typer.Option(None, "--note", help="What was done, for the audit trail."),
) -> None:
    """Tick a manual check as done (recorded with who and when)."""


@runs("tta_timeline.commands.note:note")
def note(
    ctx: typer.Context,
    phase: int = typer.Argument(..., help="The phase the note is about."),
    text: str = typer.Argument(..., help="What happened or what was learned."),
    lesson: bool = typer.Option(False, "--lesson", help="A lesson learned: the report lists it under the phase."),
) -> None:
    """Add a note to a phase (recorded with who and when; shown in history, status --json and the report)."""


@runs("tta_timeline.commands.tick:untick")
def untick(ctx: typer.Context, target: str = target_argument()) -> None:
    """Withdraw the tick of a manual check."""


@runs("tta_timeline.commands.waive:waive")
def waive(
    ctx: typer.Context,
    target: str = target_argument(),
    reason: str = typer.Option(..., "--reason", help="Why the check may be skipped for now."),
    until: str | None = typer.Option(None, "--until", help="YYYY-MM-DD (through that day, UTC) or ISO datetime."),
) -> None:
    """Count a required check as passing for advancement, until the waiver expires."""


@runs("tta_timeline.commands.reopen:reopen", phase="phase_id")
def reopen(
    ctx: typer.Context,
    phase: int = phase_option(..., "The complete phase to reopen."),
    reason: str = typer.Option(..., "--reason", help="Why it is no longer complete."),
) -> None:
    """Mark a complete phase as not complete again; its dependents show blocked."""
