"""The Typer app: its options, and the command callbacks of each family registered in the order --help lists them.

The callbacks are declared in cli/read_commands.py, cli/gate_commands.py and cli/project_commands.py, all
with the one body of cli/wiring.py; errors become exit codes in cli/runner.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from tta_timeline import __version__
from tta_timeline.cli import gate_commands as gate
from tta_timeline.cli import global_options, plain_help
from tta_timeline.cli import project_commands as project
from tta_timeline.cli import read_commands as read


class _Typer(typer.Typer):
    """Every command also takes the global options, so they work after the command as well as before it.

    Help is Click's plain help in sections (cli/plain_help.py): Typer's Rich help costs more than the start-up floor.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", plain_help.Group)
        super().__init__(*args, rich_markup_mode=None, **kwargs)

    # forwards Typer's own (long) signature unchanged, hence the override ignore
    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:  # type: ignore[override]
        register = super().command(*args, **{"cls": plain_help.Command, **kwargs})

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            register(global_options.with_global_options(func))
            return func

        return decorator


app = _Typer(
    name="tta-timeline",
    help="Track a development timeline in phases; verify each phase's checks; gate advancement.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion; ids complete from the phases file
    pretty_exceptions_enable=False,  # tracebacks could show secrets in locals; --debug prints a plain one
    # help fills the terminal (or COLUMNS), as Rich's did; Click would stop at 80 columns
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 10_000},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tta-timeline {__version__}")
        raise typer.Exit(0)


@app.callback()
@global_options.with_global_options
def main_options(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """The session is made, and the global options given before the command applied, by the decorator."""


#: command name -> its callback, in the order --help lists them
COMMANDS: dict[str, Callable[..., None]] = {
    "status": read.status,
    "checklist": read.checklist,
    "validate": read.validate,
    "schema": read.schema,
    "verify": gate.verify,
    "services": gate.services,
    "advance": gate.advance,
    "tick": gate.tick,
    "note": gate.note,
    "untick": gate.untick,
    "waive": gate.waive,
    "reopen": gate.reopen,
    "history": read.history,
    "report": read.report,
    "import": project.import_,
    "init": project.init,
    "timeline": read.timeline,
    "serve": project.serve,
    "audit": read.audit,
}
for _name, _callback in COMMANDS.items():
    app.command(_name)(_callback)

store_app = _Typer(help="Manage the state store.", no_args_is_help=True)
app.add_typer(store_app, name="store")
store_app.command("migrate")(project.store_migrate)
