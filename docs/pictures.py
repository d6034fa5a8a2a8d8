"""Regenerate the README's pictures: the demo project's `status` and `timeline` views as SVG.

Runs the demo (examples/demo) on a throw-away store and records what the commands print with
Rich's own SVG export. Usage: python docs/pictures.py
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

from tta_timeline.commands.advance import advance
from tta_timeline.commands.session import Session
from tta_timeline.commands.status import status
from tta_timeline.commands.timeline import timeline
from tta_timeline.commands.verify import verify
from tta_timeline.core.runtime import Runtime

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent / "examples" / "demo"


def _session(folder: Path) -> Session:
    out = io.StringIO()
    out.isatty = lambda: True  # type: ignore[method-assign]  # render as a terminal would, colours included
    runtime = Runtime(env={**os.environ, "COLUMNS": "100", "TTA_TIMELINE_ACTOR": "demo"}, cwd=folder)
    return Session(file=folder / "phases.yaml", runtime=runtime, stdout=out, stderr=io.StringIO())


def _run(folder: Path, command, **options) -> str:  # type: ignore[no-untyped-def]
    session = _session(folder)
    try:
        command(session, **options)
    finally:
        session.close()
    return session.stdout.getvalue()  # type: ignore[union-attr]


def _svg(title: str, ansi: str, path: Path) -> None:
    console = Console(record=True, width=100, file=io.StringIO(), force_terminal=True)
    console.print(Text.from_ansi(ansi))
    console.save_svg(str(path), title=title)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".tta-timeline"))
        for phase in (1, 2):
            _run(folder, verify, phases=[phase], backend="mock")
        _run(folder, advance, phase=1)
        _svg("tta-timeline status", _run(folder, status), HERE / "status-demo.svg")
        _svg("tta-timeline timeline", _run(folder, timeline), HERE / "timeline-demo.svg")


if __name__ == "__main__":
    main()
