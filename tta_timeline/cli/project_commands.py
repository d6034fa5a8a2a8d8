"""The commands that set a project up and keep it: import, init, serve and the store's administration.

Each callback's signature and docstring are its command line and help; `runs` (cli/wiring.py) is its body.
"""

from __future__ import annotations

from pathlib import Path

import typer

from tta_timeline.cli.wiring import JsonOpt, format_option, runs


@runs("tta_timeline.commands.import_timeline:import_timeline")
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


@runs("tta_timeline.commands.init:init")
def init(
    ctx: typer.Context,
    source: Path | None = typer.Option(None, "--from", help="Import this markdown timeline instead of looking around."),
    force: bool = typer.Option(False, "--force", help="Replace an existing phases file."),
) -> None:
    """Write a starter phases.yaml from what this repository holds (tests, Dockerfile, compose, CI, entry point)."""


@runs("tta_timeline.web.serve:serve")
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


@runs("tta_timeline.commands.store:migrate")
def store_migrate(
    ctx: typer.Context,
    to: str = typer.Option(..., "--to", help="Target store: a file path, redis://… or bolt://… / neo4j://…"),
    force: bool = typer.Option(False, "--force", help="Merge into a target that already has history."),
    fmt: str = format_option("migrate"),
    as_json: bool = JsonOpt,
) -> None:
    """Copy the whole history (runs, results, events, certificates) to another store and verify it."""
