"""The signing key of `advance` (TTA_TIMELINE_SIGNING_KEY): read once, registered as a secret, never shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tta_timeline.commands.session import Session
from tta_timeline.core.errors import UsageError
from tta_timeline.domain.signature import SigningKeyError, load_private, sign

SIGNING_KEY_ENV = "TTA_TIMELINE_SIGNING_KEY"


def signing_key(session: Session) -> Any | None:
    """The Ed25519 private key: the variable holds the PEM text, or the path of a PEM file; None when unset.

    Every line of the key is masked too, so no part of it can appear in any output."""
    value = session.runtime.env.get(SIGNING_KEY_ENV, "").strip()
    if not value:
        return None
    session.redactor.add(value, source=SIGNING_KEY_ENV)
    if "-----BEGIN" in value:
        pem = value.encode()
    else:
        path = Path(value) if Path(value).is_absolute() else session.runtime.cwd / value
        try:
            pem = path.read_bytes()
        except OSError as exc:
            # the path is the variable's value: masked like it, so the message names only the variable
            raise UsageError(f"{SIGNING_KEY_ENV}: cannot read the key file it names: {exc.strerror or exc}") from None
    text = pem.decode("utf-8", "replace")
    session.redactor.add(text, *[line for line in text.splitlines() if "-----" not in line], source=SIGNING_KEY_ENV)
    try:
        return load_private(pem)
    except SigningKeyError as exc:
        raise UsageError(f"{SIGNING_KEY_ENV}: {exc}") from None


def certified(session: Session, cert: dict[str, Any], key: Any | None) -> dict[str, Any]:
    """The advance event's data: the certificate, with the chain's head it follows, signed when there is a key.

    It is masked first, as the store would mask it, so what is signed is exactly what is stored."""
    seq, head = session.store.chain_head()
    cert = session.redactor.deep({**cert, "chain": {"seq": seq, "head": head}})
    if key is None:
        return {"certificate": cert}
    return {"certificate": cert, "signature": sign(cert, key)}
