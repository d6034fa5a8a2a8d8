"""`make bench` keeps README's benchmark table current: a script replaces the "measured" cell of its own row."""

from __future__ import annotations

import os
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def record(script: str, measured: str, readme: Path = README) -> bool:
    """Put `measured` (with the load average) in the last cell of the row of `script`; False if it has none."""
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    key = f"| `{script}` |"
    for index, line in enumerate(lines):
        if line.startswith(key):
            cells = line.rstrip("\n").split(" | ")
            load = os.getloadavg()[0]
            cells[-1] = f"{measured} (load average {load:.1f}) |"
            lines[index] = " | ".join(cells) + "\n"
            readme.write_text("".join(lines), encoding="utf-8")
            return True
    return False
