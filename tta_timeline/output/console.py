"""Rich consoles, built at run time: colour only on a terminal, never when NO_COLOR or --no-color."""
from __future__ import annotations

from typing import IO, Mapping

from rich.console import Console
from rich.theme import Theme

THEME = Theme(
    {
        "pass": "green",
        "fail": "bold red",
        "error": "bold magenta",
        "skip": "dim",
        "blocked": "yellow",
        "pending": "cyan",
        "complete": "green",
        "in_progress": "cyan",
        "planned": "dim",
        "regressed": "bold red",
        "current": "bold",
        "muted": "dim",
    }
)


def make_console(file: IO[str], no_color: bool, env: Mapping[str, str]) -> Console:
    is_tty = bool(getattr(file, "isatty", lambda: False)())
    columns = env.get("COLUMNS", "")
    # Without a terminal there is no width to detect: wide enough that tables don't wrap in CI logs.
    width = int(columns) if columns.isdigit() else (None if is_tty else 110)
    return Console(
        file=file,
        theme=THEME,
        no_color=no_color or "NO_COLOR" in env,
        highlight=False,
        width=width,
        force_terminal=None if is_tty else False,
        emoji=False,
    )
