"""The run's secret registry: each registered value is replaced by *** wherever text leaves the process.

Like a CI system's log masking, values are registered once (secret-looking environment variables,
URL passwords, the store password, values a phases file marks secret) and every occurrence is masked.
One compiled alternation, longest value first, keeps masking linear in the size of the text.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import IO, Any
from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

MASK = "***"
#: shorter values would mask ordinary words and numbers all over the output
MIN_LENGTH = 4
#: keys of phases.yaml whose values are secret
SECRET_KEYS = {
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "x-api-key",
    "authorization",
    "proxy-authorization",
    "access_token",
    "private_key",
    "credentials",
}
#: environment variable names that look secret (case-insensitive, anywhere in the name)
SECRET_NAME = re.compile(
    r"PASS|PWD|SECRET|TOKEN|KEY|AUTH|CREDENTIAL|PRIVATE|COOKIE|SESSION|SIGNATURE|CERT|SALT", re.IGNORECASE
)
#: shells and desktops set these; their values are paths, not secrets
NOT_SECRET_NAMES = {"PWD", "OLDPWD", "SSH_AUTH_SOCK", "XAUTHORITY", "GPG_AGENT_INFO", "KEYTIMEOUT"}
#: flag values of secret-looking names (AUTH_ENABLED=true) would mask every `true` in the output
_FLAG_VALUES = {"true", "false", "yes", "no", "none", "null", "off", "on"}
# A URL password nobody registered (printed by a server, say): linear, it starts at a literal "://".
_URL_CRED = re.compile(r"://(?P<user>[^:@/\s]*):(?P<pw>[^@/\s]+)@")


def secret_name(name: str) -> bool:
    return name.upper() not in NOT_SECRET_NAMES and SECRET_NAME.search(name) is not None


def url_password(url: str) -> str | None:
    """The password of a URL, whatever characters it holds (urlsplit splits user info at the last @)."""
    try:
        return urlsplit(url).password if "://" in url else None
    except ValueError:
        return None


def mask_url(url: str) -> str:
    """`redis://u:pw@h/0` -> `redis://u:***@h/0`; a URL without a password is unchanged."""
    if url_password(url):
        parts = urlsplit(url)
        user_info, host = parts.netloc.rsplit("@", 1)
        url = urlunsplit(parts._replace(netloc=f"{user_info.split(':', 1)[0]}:{MASK}@{host}"))
    return _URL_CRED.sub(lambda m: f"://{m['user']}:{MASK}@", url)


def strip_credentials(url: str) -> str:
    """The URL with no user info at all (for display of store and service addresses)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=host))


def _forms(value: str) -> set[str]:
    """The value as it appears raw and as JSON, HTML/XML and URLs escape it."""
    return {
        value,
        json.dumps(value, ensure_ascii=False)[1:-1],
        json.dumps(value)[1:-1],
        html.escape(value),
        quote(value, safe=""),
        quote_plus(value, safe=""),
    }


class Redactor:
    """The registry of one run's secrets; `text` and `deep` mask them (shared by threads)."""

    def __init__(self, secrets: Iterable[str | None] = ()):
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()
        #: why some values were not registered (for --debug; never the values themselves)
        self.notes: list[str] = []
        self.add(*secrets)

    def __len__(self) -> int:
        return len(self._values)

    def add(self, *values: str | None, source: str = "a value") -> None:
        for value in values:
            if not value:
                continue
            if len(value) < MIN_LENGTH:
                self.notes.append(f"{source} is shorter than {MIN_LENGTH} characters: not registered as a secret")
                continue
            forms = {f for f in _forms(value) if len(f) >= MIN_LENGTH} - self._values
            if forms:
                with self._lock:
                    self._values |= forms
                    self._pattern = None

    def add_env(self, env: Mapping[str, str]) -> None:
        """Values of secret-looking variables, and passwords of URLs in any variable."""
        for name, value in env.items():
            if secret_name(name) and value.lower() not in _FLAG_VALUES:
                self.add(value, source=f"environment variable {name}")
            self.add_url(value, source=f"the URL in {name}")

    def add_url(self, url: str | None, source: str = "a URL password") -> None:
        password = url_password(url or "")
        if password:
            self.add(password, unquote(password), source=source)

    def _compiled(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._values:
                ordered = sorted(self._values, key=len, reverse=True)  # a longer value wins over its prefix
                self._pattern = re.compile("|".join(map(re.escape, ordered)))
            return self._pattern

    def text(self, value: str) -> str:
        return _masked(value, self._compiled())

    def deep(self, value: Any, then: Callable[[str], str] | None = None) -> Any:
        """Mask every string inside dicts, lists and tuples (keys too); a secret-named key's value whole.

        `then` is applied to every string once masked (one walk instead of two)."""
        return _masked_deep(value, self._compiled(), then)  # one look at the registry per value, not per string

    def stream(self, file: IO[str]) -> MaskedStream:
        return file if isinstance(file, MaskedStream) else MaskedStream(file, self)


def _masked(value: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is not None:
        value = pattern.sub(MASK, value)
    return _URL_CRED.sub(lambda m: f"://{m['user']}:{MASK}@", value) if "://" in value else value


def _masked_deep(value: Any, pattern: re.Pattern[str] | None, then: Callable[[str], str] | None) -> Any:
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return then(_masked(value, pattern)) if then else _masked(value, pattern)
    if isinstance(value, dict):
        return {
            _masked_deep(k, pattern, then): (
                MASK if str(k).lower() in SECRET_KEYS and v else _masked_deep(v, pattern, then)
            )
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return type(value)(_masked_deep(v, pattern, then) for v in value)
    return value


class MaskedStream:
    """A text stream that masks what is written to it; everything else is the wrapped stream's."""

    def __init__(self, file: IO[str], redactor: Redactor):
        self._file = file
        self._redactor = redactor

    def write(self, text: str) -> int:
        self._file.write(self._redactor.text(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


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
            password = url_password(node)
            if password:
                found.extend((password, unquote(password)))

    walk(data)
    return found
