"""The root's git commit and whether the tree is dirty, when the root is a git checkout."""
from __future__ import annotations

import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def commit_of(root: Path) -> tuple[str | None, bool | None]:
    """(commit sha, dirty) or (None, None) outside a git checkout."""
    sha = _git(root, "rev-parse", "HEAD")
    if not sha:
        return None, None
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    return sha.strip(), bool(status and status.strip())
