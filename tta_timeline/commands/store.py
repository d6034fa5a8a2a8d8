"""`tta-timeline store migrate --to URL`: move a timeline's history to another store."""
from __future__ import annotations

from pathlib import Path

from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.cli.session import Session


def _open_target(session: Session, to: str):  # type: ignore[no-untyped-def]
    from tta_timeline.store import open_store

    if "://" in to:
        return open_store(to, env=session.runtime.env, redactor=session.redactor, project=session.timeline.project)
    path = Path(to)
    return open_store(str(path if path.is_absolute() else session.runtime.cwd / path))


def migrate(session: Session, to: str, force: bool = False, as_json: bool = False) -> int:
    from tta_timeline.core.secrets import mask_url
    from tta_timeline.store.migrate import migrate as copy

    timeline, source = session.timeline, session.store  # both fail (exit 2) before anything is written
    with _open_target(session, to) as target:
        result = copy(source, target, timeline, session.runtime.now(), force=force)
    if as_json:
        session.write_json({**result.document(), "from": source.display, "to": mask_url(to)})
    else:
        console = session.console()
        console.print(f"Copied {result.copied_runs} runs and {result.copied_events} events "
                      f"from {source.display} to {mask_url(to)}", markup=False)
        for problem in result.problems:
            console.print(f"[blocked]Mismatch:[/] {problem}")
        if result.ok:
            console.print(f"Verified: {vars(result.target)} and identical status --json", markup=False)
    return ExitCode.OK if result.ok else ExitCode.FAILED
