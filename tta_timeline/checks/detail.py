"""Bounding a result's detail: a few lines that say why, never a whole log in a table cell."""

from __future__ import annotations

from collections.abc import Iterable

MAX_LINES = 20
MAX_CHARS = 4096
MAX_ITEMS = 10


def last_lines(text: str, lines: int = MAX_LINES, chars: int = MAX_CHARS) -> str:
    """The end of `text`: its last `lines` lines, at most `chars` characters, marked when cut."""
    whole = text.rstrip()
    out = "\n".join(whole.splitlines()[-lines:])[-chars:]
    return out if out == whole else "…" + out


def excerpt(text: str, chars: int = 500) -> str:
    """The start of `text` (a response body), one line per line, marked when cut."""
    text = text.strip()
    return text if len(text) <= chars else text[:chars] + " …"


def listing(items: Iterable[str], limit: int = MAX_ITEMS) -> str:
    """The first `limit` items, one a line, then "and N more"."""
    items = list(items)
    shown = items[:limit]
    if len(items) > limit:
        shown.append(f"and {len(items) - limit} more")
    return "\n".join(shown)


def lines(*parts: str | None) -> str:
    """The non-empty parts, one a line."""
    return "\n".join(p for p in parts if p)
