"""TAP version 13: `ok`/`not ok` per check with a YAML diagnostic block for what went wrong."""

from __future__ import annotations

import json

from tta_timeline.core.results import CheckResult, Status
from tta_timeline.output.report_json import Report


def _escape(text: str) -> str:
    """One line, and a `#` in a name must not start a directive."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("#", "\\#")


def _directive(r: CheckResult) -> str:
    if r.status is Status.SKIP:
        return f" # SKIP {_escape(r.message)}"
    if r.status is Status.PENDING:
        return f" # TODO {_escape(r.message)}"
    if not r.required and r.status.is_failure:
        return " # TODO advisory"  # a TODO `not ok` does not fail a TAP consumer, like an advisory check
    return ""


def _diagnostics(r: CheckResult) -> list[str]:
    # JSON strings are valid YAML scalars, and safe for any message text
    fields = {
        "status": r.status.value,
        "message": r.message,
        "duration": round(r.duration, 3),
        "attempts": r.attempts,
        "waited": round(r.waited, 3),
    }
    if r.backend:
        fields["backend"] = r.backend
    if r.detail:
        fields["detail"] = r.detail
    return ["  ---", *(f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()), "  ..."]


def render(report: Report) -> str:
    results = report.run.results
    lines = ["TAP version 13", f"1..{len(results)}"]
    for n, r in enumerate(results, 1):
        ok = "ok" if r.status in (Status.PASS, Status.SKIP) else "not ok"
        title = _escape(r.key if r.name in ("", r.check) else f"{r.key} {r.name}")
        lines.append(f"{ok} {n} - {title}{_directive(r)}")
        if r.status not in (Status.PASS, Status.SKIP):
            lines += _diagnostics(r)
    return "\n".join(lines) + "\n"
