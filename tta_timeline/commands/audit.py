"""`tta-timeline audit`: walk the hash chain, check every record, certificate and signature."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tta_timeline.commands.emit import emit, output_format
from tta_timeline.commands.session import Session
from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.signature import SigningKeyError, key_id, load_public
from tta_timeline.output.audit import audit_document
from tta_timeline.run.audit import run_audit


def audit(session: Session, trust: list[Path] | None = None, as_json: bool = False, fmt: str = "text") -> int:
    fmt = output_format("audit", fmt, as_json)
    trusted = trusted_keys(session, trust or [])  # a bad key file is exit 2 before the store is read
    result = run_audit(session.store, trusted)
    emit(session, "audit", fmt, audit_document(result, session.store.display, sorted(trusted)))
    return ExitCode.OK if result.ok else ExitCode.FAILED


def trusted_keys(session: Session, paths: list[Path]) -> dict[str, Any]:
    """{key id: public key} of each --trust file; an unreadable or wrong file is a usage error naming it."""
    keys = {}
    for given in paths:
        path = given if given.is_absolute() else session.runtime.cwd / given
        try:
            key = load_public(path.read_bytes())
        except OSError as exc:
            raise UsageError(f"--trust {given}: cannot read: {exc.strerror or exc}") from None
        except SigningKeyError as exc:
            raise UsageError(f"--trust {given}: {exc}") from None
        keys[key_id(key)] = key
    return keys
