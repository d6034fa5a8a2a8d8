"""What `validate` can tell about a check without running it: each kind's `lint` hook returns findings.

A finding is an error when the check can never work as written (an invalid regular expression, an
empty command, a path the run refuses); a warning when it depends on the machine it runs on (an
interpreter that is not here may be on the CI machine, a folder outside the checkout may exist there).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tta_timeline.checks.patterns import pattern_error
from tta_timeline.core import expansion

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class Finding:
    #: keys and indexes below the place linted (a check's kind mapping), as written in the file
    loc: Loc
    message: str
    warning: bool = False

    def under(self, *prefix: Any) -> Finding:
        return Finding((*prefix, *self.loc), self.message, self.warning)


@dataclass(frozen=True)
class LintContext:
    """What linting may look at: the checkout, the environment, the services the file configures."""

    root: Path
    env: Mapping[str, str]
    services: frozenset[str] = frozenset()


def patterns(key: str, value: str | list[str] | None, flags: int = 0) -> list[Finding]:
    """An error per pattern that is not a valid regular expression, with where in the pattern it breaks."""
    if value is None:
        return []
    items = [(key,)] if isinstance(value, str) else [(key, i) for i in range(len(value))]
    texts = [value] if isinstance(value, str) else value
    found = []
    for loc, text in zip(items, texts):
        error = pattern_error(text, flags)
        if error:
            found.append(Finding(loc, f"invalid regular expression {text!r}: {error}"))
    return found


def outside_root(path: str, root: Path) -> bool:
    """Whether `path` (relative to the root, or absolute) names a place outside it, judged on the text."""
    base = os.path.normpath(root)
    target = os.path.normpath(os.path.join(base, path))
    return os.path.commonpath([base, target]) != base


def cwd(value: str | None, ctx: LintContext, key: str = "cwd") -> list[Finding]:
    """A working directory outside the checkout, or one not there yet, works only where that folder exists: a warning."""
    if value is None:
        return []
    if outside_root(value, ctx.root):
        where = "an absolute folder" if os.path.isabs(value) else "a folder"
        return [Finding((key,), f"{value} is {where} outside the project root {ctx.root}", warning=True)]
    if not (ctx.root / value).is_dir():
        message = f"{value} is not a folder under {ctx.root} (a setup or a build may make it)"
        return [Finding((key,), message, warning=True)]
    return []


def command_line(run: str | list[str], shell: bool, where: Path, env: Mapping[str, str]) -> list[Finding]:
    """An empty command is an error; a program that is not found here is a warning (it may be on the CI machine)."""
    if isinstance(run, str):
        if not run.strip():
            return [Finding(("run",), 'empty command: give the program to run, e.g. run: "make test"')]
        if shell:
            return []
        try:
            argv, written = expansion.split_args(run, env), expansion.split_args(run)
        except ValueError:
            return []  # the model already reported the unclosed quote
        if (not argv or not argv[0].strip()) and "$" in written[0]:  # the environment may differ where it runs
            return [Finding(("run",), f"the program {written[0]} expands to nothing here", warning=True)]
    else:
        argv = list(run)
    if not argv or not argv[0].strip():
        loc = ("run",) if isinstance(run, str) or not argv else ("run", 0)
        return [Finding(loc, "empty command: give the program to run, e.g. run: [make, test]")]
    if shell:
        return []
    missing = program_missing(argv[0], where, env)
    return [Finding(("run",) if isinstance(run, str) else ("run", 0), missing, warning=True)] if missing else []


def program_missing(program: str, where: Path, env: Mapping[str, str]) -> str | None:
    """Why `program` would not start from folder `where` with `env`'s PATH, or None when it is found."""
    if "/" in program:
        path = where / program
        if path.is_file() and os.access(path, os.X_OK):
            return None
        return f"{program} is not an executable file under {where} (it may exist where the checks run)"
    if shutil.which(program, path=env.get("PATH", "")):
        return None
    return f"{program} is not found on PATH (it may exist where the checks run)"


def service(name: str, ctx: LintContext, default: str) -> list[Finding]:
    """A service check without `services.<name>` in the file talks to the default address."""
    if name in ctx.services:
        return []
    return [Finding((), f"no services.{name} is configured: the check uses {default}", warning=True)]
