"""What `audit` prints: one summary line, or the first problem and how many more (JSON lists them all)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tta_timeline.core.documents import VERSIONS
from tta_timeline.core.words import counted
from tta_timeline.domain.audit import Audit, Problem


def audit_document(result: Audit, store: str, trusted: list[str]) -> dict[str, Any]:
    return {
        "version": VERSIONS["audit"],
        "ok": result.ok,
        "store": store,
        "chain": {"links": result.links, "head": result.head, "runs": result.runs, "events": result.events},
        "certificates": {"checked": result.certificates, "signed": result.signed, "keys": result.keys},
        "trusted_keys": trusted,
        "problems": [problem.document() for problem in result.problems],
    }


def summary(doc: dict[str, Any]) -> str:
    chain, certs = doc["chain"], doc["certificates"]
    signed = f", {certs['signed']} signed" if certs["signed"] else ""
    keys = f" (by {', '.join(sorted(certs['keys']))})" if certs["keys"] else ""
    return (
        f"{counted(chain['links'], 'link')} ({counted(chain['runs'], 'run')}, {counted(chain['events'], 'event')}), "
        f"{counted(certs['checked'], 'certificate')}{signed}{keys}"
    )


def audit_lines(doc: dict[str, Any]) -> list[str]:
    if doc["ok"]:
        trusted = doc["trusted_keys"]
        trust = f"; every advancement signed by a trusted key ({', '.join(trusted)})" if trusted else ""
        return [f"audit: OK: {summary(doc)}: the chain is unbroken and every certificate holds{trust}"]
    first, rest = Problem(**doc["problems"][0]), len(doc["problems"]) - 1
    lines = [f"audit: BROKEN: {first.line()}"]
    if rest:
        lines.append(
            f"and {counted(rest, 'more problem', 'more problems')} (`tta-timeline audit --json` lists them all)"
        )
    lines.append(f"audited {summary(doc)}")
    return lines


def audit_view(doc: dict[str, Any]) -> list[Text]:
    """The text format: plain Text, so a field such as `results[0]` is never read as markup."""
    return [Text(line) for line in audit_lines(doc)]
