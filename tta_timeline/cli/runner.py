"""Running one command function on a session: the only place exit codes are decided (Typer's path and the quick one)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tta_timeline.cli.error_handler import Exit, error_handler

if TYPE_CHECKING:  # the session pulls in the loader and the store; `--help` needs neither
    from tta_timeline.commands.session import Session


def load(target: str) -> Callable[..., int]:
    """The command function `module:function` names, imported only now: a command pays for no other's imports."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def run_command(session: Session, command: Callable[..., int], *args: Any, **kwargs: Any) -> int:
    """The command's exit code; every error becomes a message and its code (cli/error_handler.py)."""
    try:
        with error_handler(lambda: session.redactor, session.debug):
            try:
                session.load_env_files()
                code = command(session, *args, **kwargs)
            finally:
                session.close()
    except Exit as exc:
        code = exc.code
    if session.debug:
        _debug_secrets(session)
    return int(code)


def _debug_secrets(session: Session) -> None:
    """What --debug says about the secret registry: how many values, which were too short (never a value)."""
    secrets = session.redactor
    sys.stderr.write(f"debug: {len(secrets)} secret forms registered\n")
    for note in dict.fromkeys(secrets.notes):
        sys.stderr.write(f"debug: {note}\n")
