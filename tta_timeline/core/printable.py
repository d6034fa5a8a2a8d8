"""Control characters never reach a terminal or a report: an ESC sequence could rewrite what a reader sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# C0 controls become their visible Unicode pictures (ESC -> ␛); newline and tab stay; DEL and C1 too.
_TABLE = {code: 0x2400 + code for code in range(32) if chr(code) not in "\n\t"}
_TABLE[0x7F] = 0x2421
_TABLE.update({code: 0xFFFD for code in range(0x80, 0xA0)})


def printable(text: str) -> str:
    return text.translate(_TABLE)


def map_strings(fn: Callable[[str], str], value: Any) -> Any:
    """fn applied to every string inside dicts, lists and tuples (keys too)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, dict):
        return {map_strings(fn, k): map_strings(fn, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(map_strings(fn, v) for v in value)
    return value


def printable_deep(value: Any) -> Any:
    return map_strings(printable, value)
