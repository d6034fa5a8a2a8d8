"""`tta-timeline store migrate --to URL`: move a timeline's history to another store."""

from __future__ import annotations

from tta_timeline.commands.session import Session
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.words import counted


def migrate(session: Session, to: str, force: bool = False, as_json: bool = False) -> int:
    from tta_timeline.domain.state import derive
    from tta_timeline.output.status_json import status_document
    from tta_timeline.store.migrate import migrate as copy

    timeline, source = session.timeline, session.store  # both fail (exit 2) before anything is written
    session.redactor.add_url(to, source="the --to URL password")
    with session.open_store(to) as target:
        now = session.runtime.now()
        result = copy(source, target, lambda store: status_document(derive(timeline, store, now)), force=force)
    if as_json:
        session.write_json({**result.document(), "from": source.display, "to": to})
    else:
        console = session.console()
        console.print(
            f"Copied {counted(result.copied_runs, 'run')} and {counted(result.copied_events, 'event')} from {source.display} to {to}",
            markup=False,
        )
        for problem in result.problems:
            console.print(f"[blocked]Mismatch:[/] {problem}")
        if result.ok:
            console.print(
                f"Verified: the target holds {_counts(result.target)}; status --json is identical", markup=False
            )
    return ExitCode.OK if result.ok else ExitCode.FAILED


def _counts(counts: object) -> str:
    """`3 runs, 12 results, 5 events, 1 certificate, 4 latest results`, not a Python dict."""
    words = {
        "runs": "run",
        "results": "result",
        "events": "event",
        "certificates": "certificate",
        "latest": "latest result",
    }
    return ", ".join(counted(n, words.get(k, k)) for k, n in vars(counts).items())
