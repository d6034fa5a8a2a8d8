"""The command-line boundary: thin Typer wrappers over commands/, errors mapped to exit codes here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from tta_timeline import __version__
from tta_timeline.cli import completion, global_options, plain_help
from tta_timeline.cli.option_specs import FORMAT, JSON, PHASE, Spec
from tta_timeline.cli.runner import run_command
from tta_timeline.output.registry import formats, help_text


class _Typer(typer.Typer):
    """Every command also takes the global options, so they work after the command as well as before it.

    Help is Click's plain help in sections (cli/plain_help.py): Typer's Rich help costs more than the start-up floor.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", plain_help.Group)
        super().__init__(*args, rich_markup_mode=None, **kwargs)

    # forwards Typer's own (long) signature unchanged, hence the override ignore
    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:  # type: ignore[override]
        register = super().command(*args, **{"cls": plain_help.Command, **kwargs})

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            register(global_options.with_global_options(func))
            return func

        return decorator


app = _Typer(
    name="tta-timeline",
    help="Track a development timeline in phases; verify each phase's checks; gate advancement.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion; ids complete from the phases file
    pretty_exceptions_enable=False,  # tracebacks could show secrets in locals; --debug prints a plain one
    # help fills the terminal (or COLUMNS), as Rich's did; Click would stop at 80 columns
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 10_000},
)


def spec_option(spec: Spec, **extra: Any) -> Any:
    """A typer.Option from its plain declaration (cli/option_specs.py)."""
    return typer.Option(spec.default, *spec.flags, metavar=spec.metavar, help=spec.help, **extra)


JsonOpt = spec_option(JSON)


def format_option(document: str, *notes: str) -> Any:
    """--format with the document's formats, default and help all read from the output registry."""
    return typer.Option(
        formats(document)[0],
        *FORMAT.flags,
        metavar=FORMAT.metavar,
        help=help_text(document, *notes),
        autocompletion=lambda incomplete: [f for f in formats(document) if f.startswith(incomplete)],
    )


PhaseOpt = spec_option(PHASE, autocompletion=completion.phase_ids)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tta-timeline {__version__}")
        raise typer.Exit(0)


@app.callback()
@global_options.with_global_options
def main_options(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """The session is made, and the global options given before the command applied, by the decorator."""


def run(ctx: typer.Context, command: Callable[..., int], *args: Any, **kwargs: Any) -> None:
    """Run one command function on the session the global options made (cli/runner.py decides the exit code)."""
    raise typer.Exit(run_command(ctx.obj, command, *args, **kwargs))


@app.command()
def status(ctx: typer.Context, fmt: str = format_option("status"), as_json: bool = JsonOpt) -> None:
    """Show the project's progress: one row per phase, and what to do next."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.status import status as command

    run(ctx, command, as_json=as_json, fmt=fmt)


@app.command()
def checklist(
    ctx: typer.Context,
    phase: list[str] | None = PhaseOpt,
    fmt: str = format_option("checklist"),
    as_json: bool = JsonOpt,
) -> None:
    """Show each phase's checks as a tree with their latest status, message and age."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.checklist import checklist as command

    run(ctx, command, phases=phase, as_json=as_json, fmt=fmt)


@app.command()
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
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.validate import validate as command

    run(ctx, command, as_json=as_json, files=files, strict=strict, fmt=fmt)


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of phases.yaml (for `# yaml-language-server: $schema=`)."""
    from tta_timeline.commands.schema import schema as command

    run(ctx, command)


@app.command()
def verify(
    ctx: typer.Context,
    selectors: list[str] | None = typer.Argument(
        None,
        metavar="[SELECTOR]...",
        show_default=False,
        autocompletion=completion.selectors,
        help="A phase id (4), a check (4.health) or a glob (4.redis-*); with --phase, the union.",
    ),
    phase: list[str] | None = PhaseOpt,
    all_phases: bool = typer.Option(False, "--all", help="Every phase (default: the current phase)."),
    pattern: str | None = typer.Option(
        None, "-k", help="Only checks whose id or a tag matches this glob (and what they need)."
    ),
    backend: str | None = typer.Option(
        None, "--backend", help="mock or real (env TTA_TIMELINE_BACKEND, default: the file's defaults.backend)."
    ),
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
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.verify import verify as command

    run(
        ctx,
        command,
        phases=phase,
        all_phases=all_phases,
        pattern=pattern,
        backend=backend,
        fmt=fmt,
        output=output,
        fail_fast=fail_fast,
        concurrency=concurrency,
        strict=strict,
        as_json=as_json,
        selectors=selectors,
    )


@app.command()
def services(
    ctx: typer.Context,
    backend: str | None = typer.Option(
        None, "--backend", help="mock or real (env TTA_TIMELINE_BACKEND, default: the file's defaults.backend)."
    ),
    fmt: str = format_option("services"),
    as_json: bool = JsonOpt,
) -> None:
    """Ping each configured service: reachable, version, latency, attempts (exit 1 if any is unreachable)."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.services import services as command

    run(ctx, command, backend=backend, as_json=as_json, fmt=fmt)


@app.command()
def advance(
    ctx: typer.Context,
    phase: int | None = typer.Option(
        None, "--phase", "-p", autocompletion=completion.phase_ids, help="Phase id (default: the current phase)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Verify and judge, but record nothing."),
    backend: str | None = typer.Option(None, "--backend", help="mock or real (default: defaults.backend)."),
    force: bool = typer.Option(False, "--force", help="Advance despite refusals (needs --reason; recorded)."),
    reason: str | None = typer.Option(None, "--reason", help="Why --force is justified."),
    allow_regressed: bool = typer.Option(False, "--allow-regressed", help="Accept regressed dependencies."),
    fmt: str = format_option("advance"),
    as_json: bool = JsonOpt,
) -> None:
    """Verify a phase afresh and, if every rule holds, record its advancement certificate."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.advance import advance as command

    run(
        ctx,
        command,
        phase=phase,
        dry_run=dry_run,
        backend=backend,
        force=force,
        reason=reason,
        allow_regressed=allow_regressed,
        as_json=as_json,
        fmt=fmt,
    )


@app.command()
def tick(
    ctx: typer.Context,
    target: str = typer.Argument(
        ..., metavar="PHASE.CHECK", autocompletion=completion.check_targets, help="A manual check, e.g. 1.reviewed."
    ),
    note: str | None = typer.Option(None, "--note", help="What was done, for the audit trail."),
) -> None:
    """Tick a manual check as done (recorded with who and when)."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.tick import tick as command

    run(ctx, command, target, note=note)


@app.command()
def note(
    ctx: typer.Context,
    phase: int = typer.Argument(..., help="The phase the note is about."),
    text: str = typer.Argument(..., help="What happened or what was learned."),
    lesson: bool = typer.Option(False, "--lesson", help="A lesson learned: the report lists it under the phase."),
) -> None:
    """Add a note to a phase (recorded with who and when; shown in history, status --json and the report)."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.note import note as command

    run(ctx, command, phase, text, lesson=lesson)


@app.command()
def untick(
    ctx: typer.Context,
    target: str = typer.Argument(..., metavar="PHASE.CHECK", autocompletion=completion.check_targets),
) -> None:
    """Withdraw the tick of a manual check."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.tick import untick as command

    run(ctx, command, target)


@app.command()
def waive(
    ctx: typer.Context,
    target: str = typer.Argument(..., metavar="PHASE.CHECK", autocompletion=completion.check_targets),
    reason: str = typer.Option(..., "--reason", help="Why the check may be skipped for now."),
    until: str | None = typer.Option(None, "--until", help="YYYY-MM-DD (through that day, UTC) or ISO datetime."),
) -> None:
    """Count a required check as passing for advancement, until the waiver expires."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.waive import waive as command

    run(ctx, command, target, reason=reason, until=until)


@app.command()
def reopen(
    ctx: typer.Context,
    phase: int = typer.Option(
        ..., "--phase", "-p", autocompletion=completion.phase_ids, help="The complete phase to reopen."
    ),
    reason: str = typer.Option(..., "--reason", help="Why it is no longer complete."),
) -> None:
    """Mark a complete phase as not complete again; its dependents show blocked."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.reopen import reopen as command

    run(ctx, command, phase, reason=reason)


@app.command()
def history(
    ctx: typer.Context,
    phase: int | None = typer.Option(
        None, "--phase", "-p", autocompletion=completion.phase_ids, help="Only this phase."
    ),
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
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.history import history as command

    run(
        ctx,
        command,
        phase=phase,
        check=check,
        limit=limit,
        since=since,
        certificate=certificate,
        as_json=as_json,
        fmt=fmt,
    )


@app.command()
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
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.report import report as command

    run(ctx, command, fmt=fmt, output=output, check=check, with_now=now, as_json=as_json)


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Path = typer.Argument(..., help="A markdown timeline (## Step 1: Title (COMPLETED) ...)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write phases.yaml here instead of stdout."),
    state: bool = typer.Option(
        False, "--state", help="Also record the document's ticks, lessons and completed phases in the store."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
    manual_only: bool = typer.Option(
        False, "--manual-only", help="Every item a manual check; draft no file, pytest or http checks."
    ),
    report: bool = typer.Option(False, "--report", help="Print each claim, the check drafted from it (or why not)."),
) -> None:
    """Turn a hand-kept markdown timeline into phases.yaml, drafting runnable checks from what it claims."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.import_timeline import import_timeline as command

    run(ctx, command, source, output=output, state=state, force=force, manual_only=manual_only, report=report)


@app.command()
def init(
    ctx: typer.Context,
    source: Path | None = typer.Option(None, "--from", help="Import this markdown timeline instead of looking around."),
    force: bool = typer.Option(False, "--force", help="Replace an existing phases file."),
) -> None:
    """Write a starter phases.yaml from what this repository holds (tests, Dockerfile, compose, CI, entry point)."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.init import init as command

    run(ctx, command, source=source, force=force)


@app.command()
def timeline(ctx: typer.Context, fmt: str = format_option("timeline"), as_json: bool = JsonOpt) -> None:
    """Estimate against actual per phase, the slip, now, and a forecast for the phases left."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.timeline import timeline as command

    run(ctx, command, as_json=as_json, fmt=fmt)


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8790, "--port", help="Port to listen on (0: any free port)."),
    token: str | None = typer.Option(
        None, "--token", help="Require this token on every request (env TTA_TIMELINE_SERVE_TOKEN); needed off loopback."
    ),
    insecure_public: bool = typer.Option(
        False, "--insecure-public", help="Serve a non-loopback --host without a token."
    ),
) -> None:
    """A read-only live dashboard of the timeline, its JSON API, /healthz and /metrics (needs the serve extra)."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.web.serve import serve as command

    run(ctx, command, host=host, port=port, token=token, insecure_public=insecure_public)


@app.command()
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
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.audit import audit as command

    run(ctx, command, trust=trust, as_json=as_json, fmt=fmt)


store_app = _Typer(help="Manage the state store.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("migrate")
def store_migrate(
    ctx: typer.Context,
    to: str = typer.Option(..., "--to", help="Target store: a file path, redis://… or bolt://… / neo4j://…"),
    force: bool = typer.Option(False, "--force", help="Merge into a target that already has history."),
    fmt: str = format_option("migrate"),
    as_json: bool = JsonOpt,
) -> None:
    """Copy the whole history (runs, results, events, certificates) to another store and verify it."""
    # lazy: only the command that runs is imported (status must not pay for the others)
    from tta_timeline.commands.store import migrate as command

    run(ctx, command, to=to, force=force, as_json=as_json, fmt=fmt)
