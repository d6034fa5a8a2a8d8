"""The commands that read the timeline and show it, recording nothing: their command lines, declared for Typer.

Each callback's signature and docstring are its command line and help; `runs` (cli/wiring.py) is its body.
"""

from __future__ import annotations

from pathlib import Path

import typer

from tta_timeline.cli import completion
from tta_timeline.cli.wiring import JsonOpt, PhasesOpt, format_option, phase_option, runs


@runs("tta_timeline.commands.status:status")
def status(ctx: typer.Context, fmt: str = format_option("status"), as_json: bool = JsonOpt) -> None:
    """Show the project's progress: one row per phase, and what to do next."""


@runs("tta_timeline.commands.checklist:checklist", phase="phases")
def checklist(
    ctx: typer.Context,
    phase: list[str] | None = PhasesOpt,
    fmt: str = format_option("checklist"),
    as_json: bool = JsonOpt,
) -> None:
    """Show each phase's checks as a tree with their latest status, message and age."""


@runs("tta_timeline.commands.validate:validate")
def validate(
    ctx: typer.Context,
    files: list[Path] | None = typer.Argument(
        None, metavar="FILE", help="Phases files to check instead of --file (as pre-commit passes them)."
    ),
    fmt: str = format_option("validate"),
    as_json: bool = JsonOpt,
    strict: bool = typer.Option(False, "--strict", help="Warnings fail too (exit 1 when there is no error)."),
) -> None:
    """Check phases.yaml without running it: every error and warning with file:line:column (exit 2 on errors)."""


@runs("tta_timeline.commands.schema:schema")
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of phases.yaml (for `# yaml-language-server: $schema=`)."""


@runs("tta_timeline.commands.history:history")
def history(
    ctx: typer.Context,
    phase: int | None = phase_option(None, "Only this phase."),
    check: str | None = typer.Option(
        None, "--check", autocompletion=completion.check_ids, help="Only records about this check id."
    ),
    limit: int | None = typer.Option(None, "--limit", help="At most N entries."),
    since: str | None = typer.Option(None, "--since", help="YYYY-MM-DD or ISO datetime (UTC if no offset)."),
    certificate: bool = typer.Option(False, "--certificate", help="Print the phase's advancement certificate."),
    fmt: str = format_option("history"),
    as_json: bool = JsonOpt,
) -> None:
    """The audit trail: verify runs, advancements, ticks, waivers and reopenings, newest first."""


@runs("tta_timeline.commands.report:report", now="with_now")
def report(
    ctx: typer.Context,
    fmt: str = format_option("report", " (html: one self-contained file)"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    check: bool = typer.Option(
        False, "--check", help="Exit 1 if FILE differs from what would be rendered now (for CI)."
    ),
    now: bool = typer.Option(False, "--now", help="Include the current time (makes the document change on every run)."),
    as_json: bool = JsonOpt,
) -> None:
    """Render the whole timeline as a document to commit: phases, checks, progress, timeline."""


@runs("tta_timeline.commands.timeline:timeline")
def timeline(ctx: typer.Context, fmt: str = format_option("timeline"), as_json: bool = JsonOpt) -> None:
    """Estimate against actual per phase, the slip, now, and a forecast for the phases left."""


@runs("tta_timeline.commands.audit:audit")
def audit(
    ctx: typer.Context,
    trust: list[Path] | None = typer.Option(
        None,
        "--trust",
        metavar="KEY.pub",
        help="A trusted public key (repeatable): every advancement must be signed by one.",
    ),
    fmt: str = format_option("audit"),
    as_json: bool = JsonOpt,
) -> None:
    """Check the history is untampered: the hash chain, every certificate, every signature (exit 1 if not)."""
