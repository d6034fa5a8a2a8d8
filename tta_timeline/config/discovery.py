"""Where the phases file is when none is named: here, or in a parent folder up to the repository root.

Like git, pre-commit and ruff, a command run from a subfolder finds the project's file; the search
stops at a folder holding `.git` (a folder, or a file in a worktree) so it never leaves the repository.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_NAME = "phases.yaml"


def discover(start: Path, name: str = DEFAULT_NAME) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / name
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None
