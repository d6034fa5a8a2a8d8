"""Replacing a file whole: written beside the target, then renamed, so a reader never sees half of it."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def replace_text(target: Path, text: str) -> None:
    """Write `text` to a new file beside `target`, then rename it over `target`; raises OSError.

    A crash or an error leaves the old file as it was and no temporary file behind.
    """
    fd, tmp = temporary_beside(target)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def temporary_beside(target: Path) -> tuple[int, str]:
    """A new file beside the target with the mode a plain write would give it.

    mkstemp would make it 0600 whatever the umask; created with 0666 the kernel applies the umask,
    and a file being replaced keeps its own mode (a 0644 report stays 0644).
    """
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    for _ in range(100):
        tmp = target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        if mode is not None:
            os.fchmod(fd, mode)
        return fd, str(tmp)
    raise FileExistsError(f"no free temporary name beside {target}")
