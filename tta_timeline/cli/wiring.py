"""What the Typer callbacks share: options built from their plain declarations, and the one body they all have.

A callback declares its command line in its signature and docstring (Typer reads those) and names, with
`runs`, the command function it runs; the body ("run that function on the session the global options made,
with the values given, and exit with its code") is written once, here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import typer

from tta_timeline.cli import completion
from tta_timeline.cli.option_specs import FORMAT, JSON, PHASE, Spec
from tta_timeline.cli.runner import load, run_command
from tta_timeline.output.registry import formats, help_text


def spec_option(spec: Spec, **extra: Any) -> Any:
    """A typer.Option from its plain declaration (cli/option_specs.py)."""
    return typer.Option(spec.default, *spec.flags, metavar=spec.metavar, help=spec.help, **extra)


JsonOpt = spec_option(JSON)
PhasesOpt = spec_option(PHASE, autocompletion=completion.phase_ids)
BackendOpt = typer.Option(
    None, "--backend", help="mock or real (env TTA_TIMELINE_BACKEND, default: the file's defaults.backend)."
)


def format_option(document: str, *notes: str) -> Any:
    """--format with the document's formats, default and help all read from the output registry."""
    return typer.Option(
        formats(document)[0],
        *FORMAT.flags,
        metavar=FORMAT.metavar,
        help=help_text(document, *notes),
        autocompletion=lambda incomplete: [f for f in formats(document) if f.startswith(incomplete)],
    )


def phase_option(default: Any, help: str) -> Any:
    """--phase / -p naming one phase id (PhasesOpt takes several)."""
    return typer.Option(default, "--phase", "-p", autocompletion=completion.phase_ids, help=help)


def target_argument(help: str | None = None) -> Any:
    """The PHASE.CHECK a manual-check command is about."""
    return typer.Argument(..., metavar="PHASE.CHECK", autocompletion=completion.check_targets, help=help)


Callback = Callable[..., None]


class Runs(NamedTuple):
    """The command function a callback runs (`module:function`), and the keywords it is given the values as."""

    target: str
    renames: Mapping[str, str]  # a parameter -> the function's keyword, where the two are spelt differently

    def keywords(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {self.renames.get(name, name): value for name, value in values.items()}


def runs(target: str, **renames: str) -> Callable[[Callback], Callback]:
    """The body of a declared callback: the command function `module:function`, given the callback's values.

    A parameter's name is Click's, shown in its messages, so it stays as the command line has always had it;
    `renames` says which keyword of the function it fills where the two differ.
    """
    plan = Runs(target, renames)

    def body(declaration: Callback) -> Callback:
        @functools.wraps(declaration)  # Typer reads the declaration's signature and docstring through __wrapped__
        def callback(ctx: typer.Context, **values: Any) -> None:
            raise typer.Exit(run_command(ctx.obj, load(plan.target), **plan.keywords(values)))

        callback.runs = plan  # type: ignore[attr-defined]
        return callback

    return body
