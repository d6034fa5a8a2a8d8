"""Paths as messages show them: relative under the current folder, as compilers and linters print them."""

from __future__ import annotations

import os
from pathlib import Path


def shown(path: Path | str, cwd: Path) -> str:
    """`phases.yaml`, `sub/x.yaml` under `cwd`; an absolute path anywhere else (`..` resolved, links kept)."""
    full = os.path.normpath(os.path.join(cwd, path))
    base = os.path.normpath(cwd)
    return os.path.relpath(full, base) if full == base or full.startswith(base.rstrip(os.sep) + os.sep) else full
