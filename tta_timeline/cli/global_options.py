"""Global options, declared once and accepted before the command (the group callback) or after it (every command).

Typer has no parameter groups, so the group callback's and each command's signatures are extended with
fresh copies of these options: Click parses them as the command's own, and `with_global_options` moves
the values given onto the session (the group's first), so one after the command overrides one before it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from tta_timeline.commands.session import Session

PANEL = "Global options (before or after the command)"


def _declarations() -> dict[str, tuple[Any, Any]]:
    """name (a Session field) -> (type, a fresh typer.Option): Typer must not share one OptionInfo."""
    return {
        "file": (
            Path | None,
            typer.Option(
                None,
                "--file",
                "-f",
                metavar="FILE",
                rich_help_panel=PANEL,
                help="The phases file (env TTA_TIMELINE_FILE; default: phases.yaml here or in a parent folder).",
            ),
        ),
        "root": (
            Path | None,
            typer.Option(
                None,
                "--root",
                metavar="DIR",
                rich_help_panel=PANEL,
                help="What checks run against (overrides `root:` in the file).",
            ),
        ),
        "store_target": (
            str | None,
            typer.Option(
                None,
                "--store",
                metavar="STORE",
                rich_help_panel=PANEL,
                help="State store: a file path, redis://… or bolt://… (env TTA_TIMELINE_STORE).",
            ),
        ),
        "namespace": (
            str | None,
            typer.Option(
                None,
                "--namespace",
                metavar="NS",
                rich_help_panel=PANEL,
                help="The timeline's name in the store (default tta-timeline:<project-slug>).",
            ),
        ),
        "env_files": (
            list[Path] | None,
            typer.Option(
                None,
                "--env-file",
                metavar="FILE",
                rich_help_panel=PANEL,
                help="Read variables from this dotenv file too (repeatable; the process environment wins).",
            ),
        ),
        "no_color": (
            bool,
            typer.Option(False, "--no-color", rich_help_panel=PANEL, help="No colours (NO_COLOR is honoured too)."),
        ),
        "debug": (
            bool,
            typer.Option(
                False,
                "--debug",
                rich_help_panel=PANEL,
                help="Say which files were used; show a traceback on internal errors.",
            ),
        ),
    }


def parameters() -> list[inspect.Parameter]:
    return [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
        for name, (kind, option) in _declarations().items()
    ]


def split(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Remove the global options from a command's arguments; return those given."""
    return {name: value for name in _declarations() if (value := kwargs.pop(name, None)) not in (None, False, [], ())}


def apply(session: Session, given: dict[str, Any]) -> None:
    for name, value in given.items():
        if name == "env_files":  # repeatable: the ones before and after the command all count
            session.env_files = [*session.env_files, *value]
        else:
            setattr(session, name, value)


def with_global_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The command with the global options added to its signature; their values go to the session."""
    signature = inspect.signature(func, eval_str=True)  # real types: Typer reads this signature as it is
    context = next((name for name, p in signature.parameters.items() if p.annotation is typer.Context), None)
    if context is None:
        raise TypeError(f"{func.__name__} needs a typer.Context parameter to receive the global options")

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        given = split(kwargs)
        from tta_timeline.commands.session import Session  # not at import time: `--help` needs no pydantic

        apply(kwargs[context].ensure_object(Session), given)
        return func(*args, **kwargs)

    extra = parameters()
    command.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])  # type: ignore[attr-defined]
    command.__annotations__ = {
        **{n: p.annotation for n, p in signature.parameters.items()},
        **{p.name: p.annotation for p in extra},
    }
    return command
