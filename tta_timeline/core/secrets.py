"""Masking of passwords and URL credentials: nothing secret reaches output, reports or the store."""
from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
SECRET_KEYS = {"password", "passwd", "secret", "token", "api_key", "apikey"}
_URL_CRED = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^:@/\s]*):(?P<pw>[^@/\s]+)@")


def mask_url(url: str) -> str:
    """`redis://u:pw@h/0` -> `redis://u:***@h/0`; a URL without a password is unchanged."""
    return _URL_CRED.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", url)


def url_password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def strip_credentials(url: str) -> str:
    """The URL with no user info at all (for display of store and service addresses)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=host))


class Redactor:
    """Replaces every known secret value, and any URL password, with ***."""

    def __init__(self, secrets: Iterable[str] = ()):
        self._secrets: set[str] = set()
        self.add(*secrets)

    def add(self, *values: str | None) -> None:
        for value in values:
            # Very short values would mask ordinary text; they are still masked inside URLs.
            if value and len(value) >= 3:
                self._secrets.add(value)

    def text(self, value: str) -> str:
        value = mask_url(value)
        for secret in sorted(self._secrets, key=len, reverse=True):
            value = value.replace(secret, MASK)
        return value

    def deep(self, value: Any) -> Any:
        """Redact every string inside dicts, lists and tuples."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: (MASK if str(k).lower() in SECRET_KEYS and v else self.deep(v)) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.deep(v) for v in value)
        return value


def collect_secrets(data: Any) -> list[str]:
    """Secret values in a loaded phases file: password-like keys and URL passwords."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, val in node.items():
                if str(key).lower() in SECRET_KEYS and isinstance(val, str) and val:
                    found.append(val)
                walk(val)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and "://" in node:
            pw = url_password(node)
            if pw:
                found.append(pw)

    walk(data)
    return found
