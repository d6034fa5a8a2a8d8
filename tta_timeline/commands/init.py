"""`tta-timeline init`: a starter phases.yaml for the repository it runs in (or from a markdown timeline)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from tta_timeline.commands.import_timeline import import_timeline
from tta_timeline.commands.session import Session
from tta_timeline.config.loader import load
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.paths import shown
from tta_timeline.core.words import counted
from tta_timeline.importer.repository import draft
from tta_timeline.output.files import new_file, write_atomic

HEADER = (
    "# Written by `tta-timeline init` from what it found here; edit freely, then `tta-timeline validate`.\n"
    "# Check kinds and keys: `tta-timeline schema`, or the README's format section.\n"
)


def init(session: Session, source: Path | None = None, force: bool = False) -> int:
    runtime = session.runtime
    target = session.file or Path("phases.yaml")
    target = target if target.is_absolute() else runtime.cwd / target
    new_file(target, "init", force)
    if source is not None:
        session.file = target
        return import_timeline(session, source, output=target, force=True)

    drafted = draft(target.parent, target.parent.resolve().name or "project")
    text = HEADER + yaml.safe_dump(drafted["data"], sort_keys=False, allow_unicode=True, width=10_000)
    _validate(text, target)
    write_atomic(target, text, "init")
    err = session.console(stderr=True)
    found = drafted["detected"] or ["nothing to draft checks from: a release phase only"]
    err.print("detected: " + "; ".join(found), markup=False)
    phases = drafted["data"]["phases"]
    err.print(
        f"wrote {shown(target, runtime.cwd)}: {counted(len(phases), 'phase')}, {counted(sum(len(p['checks']) for p in phases), 'check')}; "
        "next: `tta-timeline verify --all`",
        markup=False,
    )
    return ExitCode.OK


def _validate(text: str, target: Path) -> None:
    """What init writes must load like any phases file (with the defaults of its ${VAR:-…})."""

    with tempfile.TemporaryDirectory(prefix="tta-init-") as folder:
        probe = Path(folder) / target.name
        probe.write_text(text, encoding="utf-8")
        load(probe, {}, target.parent)
