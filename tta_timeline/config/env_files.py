"""Variables from dotenv files: `.env` beside the phases file, then each `--env-file`; the process wins.

The files are data: python-dotenv's parser reads `NAME=value` lines (quotes, `export`, comments);
nothing is executed and `${...}` in a value stays literal (the phases file does its own expansion).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from tta_timeline.core.errors import ConfigError

DOTENV = ".env"


def read_env_file(path: Path) -> dict[str, str]:
    from dotenv.parser import parse_stream  # only when there is a file: status stays lean

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}"]) from None
    values: dict[str, str] = {}
    problems = []
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            problems.append(f"{path}:{binding.original.line}: not a NAME=value line")
        elif binding.key is not None and binding.value is not None:  # a bare NAME sets nothing
            values[binding.key] = binding.value
    if problems:
        raise ConfigError(problems)
    return values


def environment(process: Mapping[str, str], phases_file: Path, given: list[Path]) -> tuple[dict[str, str], list[Path]]:
    """The environment with the files' variables under the process's own; and the files read."""
    beside = phases_file.parent / DOTENV
    files = [beside] if beside.is_file() else []
    for path in given:
        if not path.is_file():
            raise ConfigError([f"--env-file {path}: no such file"])
        files.append(path)
    merged: dict[str, str] = {}
    for path in files:
        merged.update(read_env_file(path))  # a later file wins over an earlier one
    return {**merged, **process}, files
