"""The console script: the read commands' quick path when argv is plainly one of them, else the Typer app."""

from __future__ import annotations

import sys

from tta_timeline.cli import quick
from tta_timeline.core import interrupts
from tta_timeline.output.streams import tolerate_legacy_encodings


def main() -> None:
    tolerate_legacy_encodings()
    interrupts.install()
    try:
        code = quick.dispatch(sys.argv[1:])
        if code is not None:
            raise SystemExit(code)
        # lazy: building the Typer app (and Typer's pydantic coercion) costs more than a warm `status` itself
        from tta_timeline.cli.typer_app import app

        app()
    except KeyboardInterrupt as exc:  # during option parsing, before a command's own handler
        raise SystemExit(interrupts.exit_code(exc)) from None
