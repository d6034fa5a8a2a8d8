"""Rich consoles, built at run time: colour only on a terminal, never when NO_COLOR or --no-color."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from rich.console import Console
from rich.theme import Theme

#: the width of a console that is not a terminal: no line is that long, so none is wrapped
UNWRAPPED = 100_000

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
    # Without a terminal there is no width to fit: lines are never wrapped (CI logs, grep), and tables,
    # which never expand, take the width their content needs. COLUMNS still sets a width on purpose.
    width = int(columns) if columns.isdigit() else (None if is_tty else UNWRAPPED)
    return Console(
        file=file,
        theme=THEME,
        no_color=no_color or "NO_COLOR" in env,
        highlight=False,
        width=width,
        soft_wrap=not is_tty and not columns.isdigit(),
        force_terminal=None if is_tty else False,
        emoji=False,
    )
