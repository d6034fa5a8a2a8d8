"""The options the read commands share, declared once as plain data (no Typer).

Typer's options are built from these (cli/global_options.py, cli/wiring.py) and the quick path of the
read commands (cli/quick.py) parses argv with the same flags, so the two never disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from tta_timeline.commands.session import Session


class Spec(NamedTuple):  # a NamedTuple: it costs a fraction of a dataclass to define, at every start-up
    name: str  # the command function's keyword (a Session field for a global option)
    flags: tuple[str, ...]
    kind: type = str  # bool: a flag; str or Path: takes one value
    multiple: bool = False  # repeatable: the values given make a list
    metavar: str | None = None
    help: str = ""

    @property
    def annotation(self) -> Any:
        """The type Typer reads from a command's signature."""
        if self.kind is bool:
            return bool
        return list[self.kind] | None if self.multiple else self.kind | None  # type: ignore[name-defined]

    @property
    def default(self) -> Any:
        return False if self.kind is bool else None


GLOBAL = (
    Spec(
        "file",
        ("--file", "-f"),
        Path,
        metavar="FILE",
        help="The phases file (env TTA_TIMELINE_FILE; default: phases.yaml here or in a parent folder).",
    ),
    Spec("root", ("--root",), Path, metavar="DIR", help="What checks run against (overrides `root:` in the file)."),
    Spec(
        "store_target",
        ("--store",),
        metavar="STORE",
        help="State store: a file path, redis://… or bolt://… (env TTA_TIMELINE_STORE).",
    ),
    Spec(
        "namespace",
        ("--namespace",),
        metavar="NS",
        help="The timeline's name in the store (default tta-timeline:<project-slug>).",
    ),
    Spec(
        "env_files",
        ("--env-file",),
        Path,
        multiple=True,
        metavar="FILE",
        help="Read variables from this dotenv file too (repeatable; the process environment wins).",
    ),
    Spec("no_color", ("--no-color",), bool, help="No colours (NO_COLOR is honoured too)."),
    Spec("debug", ("--debug",), bool, help="Say which files were used; show a traceback on internal errors."),
)

JSON = Spec("as_json", ("--json",), bool, help="Same as --format json: machine-readable, versioned JSON on stdout.")
FORMAT = Spec("fmt", ("--format",), metavar="FORMAT")  # default and help: the output registry's, per document
PHASE = Spec(
    "phases",
    ("--phase", "-p"),
    multiple=True,
    metavar="N[,N…]",
    help="Phase ids: repeatable, or comma-separated (1,2).",
)


def given(values: dict[str, Any]) -> dict[str, Any]:
    """The global options actually given, out of their values (a default means not given)."""
    return {spec.name: value for spec in GLOBAL if (value := values.get(spec.name)) not in (None, False, [], ())}


def apply(session: Session, values: dict[str, Any]) -> None:
    """Global options onto the session; one after the command overrides one before it."""
    for name, value in values.items():
        if name == "env_files":  # repeatable: the ones before and after the command all count
            session.env_files = [*session.env_files, *value]
        else:
            setattr(session, name, value)
