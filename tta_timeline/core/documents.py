"""Every JSON document the tool writes, and its version, in one place.

Fields are only ever added within a version; a breaking change bumps the document's number here.
It lives in core because documents are built from several layers (the certificate in domain, the
migration result in store, the rest in output and commands).
"""

from __future__ import annotations

VERSIONS: dict[str, int] = {
    "status": 1,  # status --json, /api/status
    "checklist": 1,  # checklist --json, /api/checklist
    "history": 1,  # history --json, /api/history; and the envelope of history --certificate --json
    "timeline": 1,  # timeline --json, /api/timeline
    "services": 1,  # services --json
    "verify": 1,  # verify --format json
    "report": 1,  # report --format json
    "validate": 1,  # validate --json
    "advance": 1,  # advance --json
    "migrate": 1,  # store migrate --json
    "certificate": 1,  # the advancement certificate recorded with an advance
    "audit": 1,  # audit --json
}
