"""Global options, declared once and accepted before the command (the group callback) or after it (every command).

Typer has no parameter groups, so the group callback's and each command's signatures are extended with
fresh copies of these options: Click parses them as the command's own, and `with_global_options` moves
the values given onto the session (the group's first), so one after the command overrides one before it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import typer

from tta_timeline.cli import option_specs

PANEL = "Global options (before or after the command)"


def _declarations() -> dict[str, tuple[Any, Any]]:
    """name (a Session field) -> (type, a fresh typer.Option): Typer must not share one OptionInfo."""
    return {
        spec.name: (
            spec.annotation,
            typer.Option(spec.default, *spec.flags, metavar=spec.metavar, rich_help_panel=PANEL, help=spec.help),
        )
        for spec in option_specs.GLOBAL
    }


def parameters() -> list[inspect.Parameter]:
    return [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
        for name, (kind, option) in _declarations().items()
    ]


def split(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Remove the global options from a command's arguments; return those given."""
    return option_specs.given({spec.name: kwargs.pop(spec.name, None) for spec in option_specs.GLOBAL})


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

        option_specs.apply(kwargs[context].ensure_object(Session), given)
        return func(*args, **kwargs)

    extra = parameters()
    command.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])  # type: ignore[attr-defined]
    command.__annotations__ = {
        **{n: p.annotation for n, p in signature.parameters.items()},
        **{p.name: p.annotation for p in extra},
    }
    return command
