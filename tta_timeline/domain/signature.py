"""Ed25519 signatures over a certificate's canonical JSON (the `cryptography` package, imported only here).

A signature records its key's id and public key, so anyone can check it is intact; `audit --trust KEY.pub`
also says whether the key is one they trust. The private key is a secret: no message here shows it.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from tta_timeline.core.chain import canonical_json

ALGORITHM = "ed25519"


class SigningKeyError(ValueError):
    """A key that cannot be read; the message never contains the key itself."""


def _raw(public: Any) -> bytes:
    # lazy: cryptography is loaded only to sign (advance with a key) or verify (audit)
    from cryptography.hazmat.primitives import serialization

    return bytes(public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def key_id(public: Any) -> str:
    """`ed25519:` and the first 16 hex digits of the SHA-256 of the raw public key."""
    return f"{ALGORITHM}:{hashlib.sha256(_raw(public)).hexdigest()[:16]}"


def load_private(pem: bytes) -> Any:
    # lazy: cryptography is loaded only to sign (advance with a key) or verify (audit)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key: Any
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise SigningKeyError("not a PEM private key without a passphrase") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"not an Ed25519 key ({type(key).__name__.removeprefix('_')})")
    return key


def load_public(data: bytes) -> Any:
    """A PEM public key (`openssl pkey -pubout`) or an OpenSSH one (`ssh-ed25519 AAAA…`)."""
    # lazy: cryptography is loaded only to sign (advance with a key) or verify (audit)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key: Any
    try:
        if data.lstrip().startswith(b"ssh-"):
            key = serialization.load_ssh_public_key(data.strip())
        else:
            key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, IndexError):
        raise SigningKeyError("not a PEM or OpenSSH public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(f"not an Ed25519 public key ({type(key).__name__.removeprefix('_')})")
    return key


def sign(certificate: dict[str, Any], private: Any) -> dict[str, Any]:
    public = private.public_key()
    value = private.sign(canonical_json(certificate).encode("utf-8"))
    return {
        "algorithm": ALGORITHM,
        "key_id": key_id(public),
        "public_key": base64.b64encode(_raw(public)).decode("ascii"),
        "value": base64.b64encode(value).decode("ascii"),
    }


def verify(certificate: dict[str, Any], signature: dict[str, Any], trusted: dict[str, Any]) -> str | None:
    """None when the signature holds (and, when keys are trusted, is by one of them); else why not."""
    # lazy: cryptography is loaded only to sign (advance with a key) or verify (audit)
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if signature.get("algorithm") != ALGORITHM:
        return f"unknown algorithm {signature.get('algorithm')!r}"
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(str(signature.get("public_key")), validate=True))
        value = base64.b64decode(str(signature.get("value")), validate=True)
    except ValueError:
        return "the signature's public key or value is not valid base64 Ed25519 data"
    claimed = signature.get("key_id")
    if key_id(public) != claimed:
        return f"key id {claimed} is not the id of the public key it carries ({key_id(public)})"
    if trusted and claimed not in trusted:
        return f"signed by {claimed}, which is not a trusted key"
    try:
        (trusted.get(str(claimed)) or public).verify(value, canonical_json(certificate).encode("utf-8"))
    except InvalidSignature:
        return f"the signature by {claimed} does not match the certificate (edited after signing)"
    return None
