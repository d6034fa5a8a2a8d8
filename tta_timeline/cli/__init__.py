"""The command line: Typer wiring, the session and the one error-to-exit-code mapping."""

from tta_timeline.cli.app import app, main

__all__ = ["app", "main"]
