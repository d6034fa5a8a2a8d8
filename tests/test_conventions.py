"""Conventions of the package that a reviewer would otherwise check by hand.

Imports belong at the top of a module; one made inside a function is an exception (a driver that
`status` and `--help` must not load, a costly module only some commands need) and says why in a
one-line comment on it or just above its run of imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tta_timeline"


def _lazy_imports(path: Path) -> list[tuple[int, list[str]]]:
    """(line, the module's lines) of each import inside a function."""
    source = path.read_text(encoding="utf-8")
    found = []
    for function in ast.walk(ast.parse(source)):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found += [node.lineno for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom))]
    lines = source.splitlines()
    return [(line, lines) for line in sorted(set(found))]


def _explained(line: int, lines: list[str]) -> bool:
    """A comment on the import, or above it with only imports and blank lines between."""
    index = line - 1
    while index >= 0:
        text = lines[index].strip()
        if "#" in lines[index]:
            return True
        if index != line - 1 and not (text.startswith(("from ", "import ")) or text == ""):
            return False
        index -= 1
    return False


def _unexplained(path: Path) -> list[str]:
    return [
        f"{path.name}:{line}: {lines[line - 1].strip()}"
        for line, lines in _lazy_imports(path)
        if not _explained(line, lines)
    ]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_import_inside_a_function_says_why(path: Path) -> None:
    assert _unexplained(path) == []


def test_the_rule_finds_an_unexplained_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import os\n\n"
        "def a():\n    # lazy: a driver\n    import json\n\n    import csv\n    return json, csv\n\n"
        "def b():\n    x = 1\n    import re\n    return re, x\n",
        encoding="utf-8",
    )
    assert _unexplained(module) == ["m.py:12: import re"]
