"""`tta-timeline report`: the whole timeline as a document to commit (markdown, HTML or JSON)."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.cli.session import Session

FORMATS = ("markdown", "html", "json")


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target, then rename: readers never see half a file, a crash leaves the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(session: Session, fmt: str, with_now: bool = False) -> str:
    """The document text; the clock appears only when asked, so the same store renders the same bytes."""
    from tta_timeline.domain.forecast import build
    from tta_timeline.output.document_json import report_document

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: unknown format (choose one of {', '.join(FORMATS)})")
    state = session.state()
    now = state.now if with_now else None
    doc = session.redactor.deep(report_document(state, build(state, now), now))
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        from tta_timeline.output.document_html import render_html

        return render_html(doc)
    from tta_timeline.output.document_md import render_markdown

    return render_markdown(doc)


def report(session: Session, fmt: str = "markdown", output: Path | None = None,
           check: bool = False, with_now: bool = False) -> int:
    if check and output is None:
        raise UsageError("--check compares against a file: give it with --output FILE")
    text = render(session, fmt, with_now)
    if output is None:
        (session.stdout or sys.stdout).write(text)
        return ExitCode.OK
    path = output if output.is_absolute() else session.runtime.cwd / output
    err = session.console(stderr=True)
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            err.print(f"{output} is up to date", markup=False, soft_wrap=True)
            return ExitCode.OK
        why = "does not exist" if current is None else "differs from what the store renders now"
        err.print(f"{output} {why}; run `tta-timeline report --format {fmt} --output {output}`",
                  markup=False, soft_wrap=True)
        return ExitCode.FAILED
    write_atomic(path, text)
    err.print(f"wrote {output}", markup=False, soft_wrap=True)
    return ExitCode.OK
