"""`${VAR}`, `${VAR:-default}` and `$$` in phases.yaml: an environment value is data, never code.

Most strings expand when the file loads. A command line written as one string does not: it is split
into arguments first and each argument expands on its own, so a value is always exactly one argument
(or part of one) whatever spaces or quotes it holds. A `shell: true` line keeps its references, and
the shell reads the values from its environment: a shell never runs what a variable's value contains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

VAR = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
# Stand-ins for references while a line is split (private-use characters: never in a real command).
_HOLE = re.compile("\ue000(\\d+)\ue001")


def substitute(text: str, env: Mapping[str, str], missing: Callable[[str], None] | None = None) -> str:
    """Every reference replaced by its value (or default); `missing(name)` for one with neither."""

    def value(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        var, default = match.group(1), match.group(2)
        if var in env and (env[var] != "" or default is None):
            return env[var]
        if default is None and missing is not None:
            missing(var)
        return default or ""

    return VAR.sub(value, text) if "$" in text else text


def split_args(line: str, env: Mapping[str, str] | None = None) -> list[str]:
    """Split like a shell, then expand inside each argument (env None: references are kept).

    Raises ValueError when the line's own quotes do not close.
    """
    found: list[str] = []

    def hole(match: re.Match[str]) -> str:
        found.append(match.group(0))
        return f"\ue000{len(found) - 1}\ue001"

    # lazy: shlex only where a command line is split; a warm `status` reads VAR alone
    import shlex

    args = shlex.split(VAR.sub(hole, line))
    fill = (lambda m: found[int(m.group(1))]) if env is None else (lambda m: substitute(found[int(m.group(1))], env))
    return [_HOLE.sub(fill, arg) for arg in args]


def for_shell(line: str) -> str:
    """What a shell runs: `$$` becomes `$`; `${VAR}` and `${VAR:-default}` are left for the shell."""
    return VAR.sub(lambda m: "$" if m.group(0) == "$$" else m.group(0), line) if "$" in line else line


def argv(run: str | list[str], env: Mapping[str, str], shell: bool = False) -> str | list[str]:
    """The process arguments of a `run` (a list was expanded per item when the file loaded)."""
    if shell:
        # lazy: shlex only where a command line is joined; a warm `status` reads VAR alone
        import shlex

        return for_shell(run) if isinstance(run, str) else shlex.join(run)
    return split_args(run, env) if isinstance(run, str) else list(run)


def escape(text: str) -> str:
    """Text that loads back as itself: `$` written as `$$`."""
    return text.replace("$", "$$")


def splittable(run: str | list[str]) -> str | list[str]:
    """Validation of a command line: its own quotes must close (a value's quotes never matter)."""
    if isinstance(run, str):
        try:
            split_args(run)
        except ValueError as exc:
            raise ValueError(f"cannot split into arguments: {str(exc).lower()} (quote or escape it)") from None
    return run
