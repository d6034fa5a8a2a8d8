"""The root's git commit and whether the tree is dirty, when the root is a git checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False)
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


def name_status(root: Path, start: str, end: str) -> list[tuple[str, str]] | None:
    """Files added (A), modified (M) or deleted (D) under `root` from commit `start` to `end`, sorted by path.

    None when `root` is not in a git repository or either commit is unknown there.
    """
    # --no-renames: a rename is a deletion and an addition, as the hand-kept lists count them; -z: any file name
    out = _git(
        root,
        "-c",
        "core.quotepath=false",
        "diff",
        "--name-status",
        "--no-renames",
        "--relative",
        "-z",
        start,
        end,
        "--",
    )
    if out is None:
        return None
    fields = out.split("\0")
    pairs = [(fields[i][:1], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]
    return sorted(pairs, key=lambda pair: pair[1])
