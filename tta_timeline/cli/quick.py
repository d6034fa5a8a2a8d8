"""The quick path of the read commands: `status`, `checklist` and `timeline` without building the Typer app.

Typer builds every command's Click objects and coerces each option through a pydantic TypeAdapter, which
costs more than a warm `status` itself. When argv is plainly one read command with the options declared
in cli/option_specs.py (each flag spelt in full, every value present and not option-like), it is parsed
here and run through cli/runner.py as the Typer app would run it. Anything else (help, --version, an
unknown or malformed option, an extra argument, shell completion) returns None: the Typer app handles
it, with its own messages and exit codes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from tta_timeline.cli.option_specs import FORMAT, GLOBAL, JSON, PHASE, Spec, apply, given
from tta_timeline.output.registry import formats

#: command -> ("module:function" run on the session, the options it takes besides the global ones)
READ: dict[str, tuple[str, tuple[Spec, ...]]] = {
    "status": ("tta_timeline.commands.status:status", (FORMAT, JSON)),
    "checklist": ("tta_timeline.commands.checklist:checklist", (PHASE, FORMAT, JSON)),
    "timeline": ("tta_timeline.commands.timeline:timeline", (FORMAT, JSON)),
}


class Plan(NamedTuple):  # a NamedTuple: it costs a fraction of a dataclass to define, at every start-up
    command: str
    options: dict[str, Any]  # the command function's keywords
    global_values: dict[str, Any]  # as Typer would hand them over, before and after


def _plain(token: str) -> bool:
    """Text Click and pydantic take as it is (undecodable bytes of argv arrive as lone surrogates)."""
    try:
        token.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _spec(flag: str, command: str | None) -> Spec | None:
    """The option a flag names: global ones anywhere, the command's own only after it."""
    specs = GLOBAL + (READ[command][1] if command else ())
    return next((spec for spec in specs if flag in spec.flags), None)


def _value(argv: Sequence[str], at: int, spec: Spec) -> tuple[Any, int] | None:
    """(the option's value, where the next token is), or None when Typer should judge the option."""
    flag, equals, inline = argv[at].partition("=")
    if spec.kind is bool:
        return (True, at + 1) if not equals else None
    if equals:
        if not flag.startswith("--"):  # Click reads `-f=x` as the value "=x"
            return None
        text, after = inline, at + 1
    elif at + 1 < len(argv):
        text, after = argv[at + 1], at + 2
    else:
        return None
    if not text or text.startswith("-") or not _plain(text):
        return None
    return spec.kind(text), after


def parse(argv: Sequence[str], environ: Mapping[str, str]) -> Plan | None:
    """The plan for a plainly read command line; None for anything the Typer app should see."""
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in environ):
        return None  # shell completion: Typer answers it
    command: str | None = None
    values: dict[str, Any] = {}
    at = 0
    while at < len(argv):
        token = argv[at]
        if not _plain(token):
            return None
        if not token.startswith("-"):
            if command is not None or token not in READ:
                return None
            command, at = token, at + 1
            continue
        spec = _spec(token.partition("=")[0], command)
        found = _value(argv, at, spec) if spec else None
        if spec is None or found is None:
            return None
        value, at = found
        values[spec.name] = [*values.get(spec.name, []), value] if spec.multiple else value
    if command is None:
        return None
    own = READ[command][1]
    options = {spec.name: values.get(spec.name, spec.default) for spec in own}
    if FORMAT in own and options[FORMAT.name] is None:
        options[FORMAT.name] = formats(command)[0]
    return Plan(command, options, {spec.name: values[spec.name] for spec in GLOBAL if spec.name in values})


def dispatch(argv: Sequence[str]) -> int | None:
    """Run a plainly read command line and return its exit code; None when the Typer app should run instead."""
    plan = parse(argv, os.environ)
    if plan is None:
        return None
    # lazy: what a read command needs is imported only once argv is known to be one
    from tta_timeline.cli.runner import load, run_command
    from tta_timeline.commands.session import Session

    session = Session()
    apply(session, given(plan.global_values))
    return run_command(session, load(READ[plan.command][0]), **plan.options)
