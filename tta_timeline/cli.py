"""The command-line boundary: thin Typer wrappers over commands/, errors mapped to exit codes here."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from tta_timeline import __version__
from tta_timeline.error_handler import Exit, error_handler
from tta_timeline.session import Session

app = typer.Typer(
    name="tta-timeline",
    help="Track a development timeline in phases; verify each phase's checks; gate advancement.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # tracebacks could show secrets in locals; --debug prints a plain one
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOpt = typer.Option(False, "--json", help="Machine-readable output on stdout (versioned JSON).")
PhaseOpt = typer.Option(None, "--phase", "-p", help="Phase id (repeatable).")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tta-timeline {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    ctx: typer.Context,
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="The phases file (env TTA_TIMELINE_FILE, default ./phases.yaml)."),
    root: Optional[Path] = typer.Option(None, "--root", help="What checks run against (overrides `root:` in the file)."),
    store: Optional[str] = typer.Option(None, "--store", help="State store: a file path, redis://… or bolt://… (env TTA_TIMELINE_STORE)."),
    no_color: bool = typer.Option(False, "--no-color", help="No colours (NO_COLOR is honoured too)."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on internal errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    ctx.obj = Session(file=file, root=root, store_target=store, no_color=no_color, debug=debug)


def run(ctx: typer.Context, command: Callable[..., int], *args: Any, **kwargs: Any) -> None:
    """Run one command function; the only place exit codes are decided."""
    session: Session = ctx.obj
    try:
        with error_handler(lambda: session.redactor, session.debug):
            try:
                code = command(session, *args, **kwargs)
            finally:
                session.close()
    except Exit as exc:
        code = exc.code
    raise typer.Exit(int(code))


@app.command()
def status(ctx: typer.Context, as_json: bool = JsonOpt) -> None:
    """Show the project's progress: one row per phase, and what to do next."""
    from tta_timeline.commands.status import status as command

    run(ctx, command, as_json=as_json)


@app.command()
def checklist(ctx: typer.Context, phase: Optional[List[int]] = PhaseOpt, as_json: bool = JsonOpt) -> None:
    """Show each phase's checks as a tree with their latest status, message and age."""
    from tta_timeline.commands.checklist import checklist as command

    run(ctx, command, phases=phase, as_json=as_json)


@app.command()
def validate(ctx: typer.Context, as_json: bool = JsonOpt) -> None:
    """Check phases.yaml and report every problem with file:line:column (exit 2 if any)."""
    from tta_timeline.commands.validate import validate as command

    run(ctx, command, as_json=as_json)


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of phases.yaml (for `# yaml-language-server: $schema=`)."""
    from tta_timeline.commands.schema import schema as command

    run(ctx, command)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # during option parsing, before a command's own handler
        raise SystemExit(130)
