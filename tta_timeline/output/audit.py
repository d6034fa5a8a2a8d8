"""What `audit` prints: one summary line, or the first problem and how many more (JSON lists them all)."""

from __future__ import annotations

from typing import Any

from tta_timeline.core.words import counted
from tta_timeline.domain.audit import Audit

AUDIT_VERSION = 1


def audit_document(result: Audit, store: str, trusted: list[str]) -> dict[str, Any]:
    return {
        "version": AUDIT_VERSION,
        "ok": result.ok,
        "store": store,
        "chain": {"links": result.links, "head": result.head, "runs": result.runs, "events": result.events},
        "certificates": {"checked": result.certificates, "signed": result.signed, "keys": result.keys},
        "trusted_keys": trusted,
        "problems": [problem.document() for problem in result.problems],
    }


def summary(result: Audit) -> str:
    signed = f", {result.signed} signed" if result.signed else ""
    keys = f" (by {', '.join(sorted(result.keys))})" if result.keys else ""
    return (
        f"{counted(result.links, 'link')} ({counted(result.runs, 'run')}, {counted(result.events, 'event')}), "
        f"{counted(result.certificates, 'certificate')}{signed}{keys}"
    )


def audit_lines(result: Audit, trusted: list[str]) -> list[str]:
    if result.ok:
        trust = f"; every advancement signed by a trusted key ({', '.join(trusted)})" if trusted else ""
        return [f"audit: OK: {summary(result)}: the chain is unbroken and every certificate holds{trust}"]
    first, rest = result.problems[0], len(result.problems) - 1
    lines = [f"audit: BROKEN: {first.line()}"]
    if rest:
        lines.append(
            f"and {counted(rest, 'more problem', 'more problems')} (`tta-timeline audit --json` lists them all)"
        )
    lines.append(f"audited {summary(result)}")
    return lines
