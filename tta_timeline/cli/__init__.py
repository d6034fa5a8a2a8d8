"""The command line: Typer wiring, the session and the one error-to-exit-code mapping."""

from __future__ import annotations

from typing import Any

from tta_timeline.cli.entry import main

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":  # lazy: the console script builds the Typer app only when the quick path does not apply
        from tta_timeline.cli.typer_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
