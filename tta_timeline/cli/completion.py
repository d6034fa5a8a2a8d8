"""Shell completion of phase ids and check ids, read from the phases file (through Typer's mechanism).

Completion runs on every Tab, so it reads only the YAML (no validation, no store, no drivers), skips
very large files, and gives nothing, silently, when the file is missing or broken.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

MAX_BYTES = 2_000_000


def _phases_file(ctx: Any) -> Path | None:
    # lazy: completion runs on every Tab; import only what answering needs
    from tta_timeline.config.discovery import discover

    while ctx is not None:  # --file after the command, else before it
        if ctx.params.get("file"):
            return Path(ctx.params["file"])
        ctx = ctx.parent
    named = os.environ.get("TTA_TIMELINE_FILE")
    return Path(named) if named else discover(Path.cwd())


def _phases(ctx: Any) -> list[dict[str, Any]]:
    try:
        # lazy: completion runs on every Tab; import only what answering needs
        import yaml

        path = _phases_file(ctx)
        if path is None or path.stat().st_size > MAX_BYTES:
            return []
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        phases = data.get("phases") if isinstance(data, dict) else None
        return [p for p in phases if isinstance(p, dict) and "id" in p] if isinstance(phases, list) else []
    except Exception:  # a Tab must never print a traceback into the user's command line
        return []


def _checks(phase: dict[str, Any]) -> list[str]:
    checks = phase.get("checks")
    return [str(c["id"]) for c in checks if isinstance(c, dict) and "id" in c] if isinstance(checks, list) else []


def phase_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    ids = [str(p["id"]) for p in _phases(ctx)]
    return [i for i in ids if i.startswith(incomplete.rsplit(",", 1)[-1])]


def check_targets(ctx: typer.Context, incomplete: str) -> list[str]:
    """PHASE.CHECK for every check."""
    targets = [f"{p['id']}.{c}" for p in _phases(ctx) for c in _checks(p)]
    return [t for t in targets if t.startswith(incomplete)]


def selectors(ctx: typer.Context, incomplete: str) -> list[str]:
    """Phase ids, then PHASE.CHECK once a phase is typed."""
    phases = _phases(ctx)
    if "." not in incomplete:
        return [i for i in (str(p["id"]) for p in phases) if i.startswith(incomplete)] + (
            check_targets(ctx, incomplete) if incomplete else []
        )
    return [t for t in (f"{p['id']}.{c}" for p in phases for c in _checks(p)) if t.startswith(incomplete)]


def check_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    return sorted({c for p in _phases(ctx) for c in _checks(p) if c.startswith(incomplete)})
