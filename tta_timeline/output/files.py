"""Files the tool writes (reports, step summaries): checked before any work, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from tta_timeline.core.atomic import replace_text
from tta_timeline.core.errors import RefusedError, UsageError


def writable_file(path: Path, what: str, append: bool = False) -> Path:
    """The path to write if a file can be written there; else a one-line UsageError naming `what`.

    Called before checks run, so a bad --output or GITHUB_STEP_SUMMARY costs nothing and records nothing.
    A replaced file (append=False) must be a regular file or absent, and its missing folders are made;
    an appended one may be any writable file (a pipe, /dev/stdout) in an existing folder.
    """
    # a symlinked report is replaced where it points, so its temp file lands beside the real one
    target = path if append else path.resolve()
    if target.is_dir():
        raise UsageError(f"{what} {path}: is a directory; give a file path")
    if target.exists() and not append and not target.is_file():
        raise UsageError(f"{what} {path}: is not a regular file (a report replaces its file)")
    if target.exists() and not os.access(target, os.W_OK):
        raise UsageError(f"{what} {path}: file is not writable")
    if append and target.exists():
        return target
    folder = target.parent
    while not folder.exists():
        if append:
            raise UsageError(f"{what} {path}: folder {target.parent} does not exist")
        folder = folder.parent
    if not folder.is_dir():
        raise UsageError(f"{what} {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{what} {path}: folder {folder} is not writable")
    return target


def new_file(path: Path, what: str, force: bool) -> Path:
    """A file the user keeps (phases.yaml) is not replaced unless asked: exit 1 before any work."""
    target = writable_file(path, what)
    if not force and (path.exists() or path.is_symlink()):
        raise RefusedError(f"{path} already exists; not overwriting it (use --force to replace it)")
    return target


def write_atomic(path: Path, text: str, what: str = "--output") -> None:
    """Write beside the target, then rename: readers never see half a file, a crash leaves the old one."""
    target = writable_file(path, what)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_text(target, text)
    except OSError as exc:
        raise UsageError(f"{what} {path}: cannot write: {exc.strerror or exc}") from None


def append_text(path: Path, text: str, what: str) -> None:
    """Append (GitHub's step summary is one file that several steps add to)."""
    try:
        with open(writable_file(path, what, append=True), "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"{what} {path}: cannot write: {exc.strerror or exc}") from None
