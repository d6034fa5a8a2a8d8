"""Plain Click help, in the sections the options name (Typer's `rich_help_panel`): "Global options" stays apart.

Typer's Rich help imports Rich's traceback, markdown and syntax highlighting, which costs more than
the whole start-up floor of the tool; `--help` should cost no more than a command. Plain help says
the same things with Click's own formatter, and reads the same in a pipe as on a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:  # Typer's own copy of Click, whose classes these override
    from typer._click.core import Context
    from typer._click.formatting import HelpFormatter


def format_sections(command: TyperCommand | TyperGroup, ctx: Context, formatter: HelpFormatter) -> None:
    """Arguments, then options, then each named panel, in the order their first parameter comes."""
    sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], "Options": []}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        default = "Arguments" if param.param_type_name == "argument" else "Options"
        sections.setdefault(getattr(param, "rich_help_panel", None) or default, []).append(record)
    for title, records in sections.items():
        if records:
            with formatter.section(title):
                formatter.write_dl(records)


class Command(TyperCommand):
    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        format_sections(self, ctx, formatter)


class Group(TyperGroup):
    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        format_sections(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Each command's first paragraph whole, wrapped (Click would cut it at about 45 characters)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, (command.short_help or command.help or "").split("\n\n")[0].strip()))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
