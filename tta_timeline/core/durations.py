"""Durations as written in phases.yaml: `500ms`, `2s`, `1m`, `1h30m`, or a number of seconds.

No pydantic here: the views format durations, and a warm `status` imports no pydantic. The models'
`Duration` field type is in core/duration_field.py.
"""

from __future__ import annotations

import math
import re
from typing import Any

_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
PATTERN = r"^\s*(\d+(\.\d+)?(ms|s|m|h|d))+\s*$|^\s*\d+(\.\d+)?\s*$"


#: longest accepted duration: a year; beyond it a value is a typo (or `.inf`) and would break timers
MAX_SECONDS = 365 * 86400.0


def parse_duration(value: Any) -> float:
    """Seconds from a duration; raises ValueError with the accepted forms."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 500ms, 2s, 1m or 1h30m")
    if isinstance(value, (int, float)):
        return _bounded(float(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        try:
            number = float(text)
        except ValueError:
            pass
        else:
            return _bounded(number)
        pos, total = 0, 0.0
        for match in _PART.finditer(text):
            if match.start() != pos:
                break
            total += float(match.group(1)) * _UNIT[match.group(2)]
            pos = match.end()
        if text and pos == len(text):
            return _bounded(total)
    raise ValueError(f"expected a duration such as 500ms, 2s, 1m or 1h30m, got {value!r}")


def _bounded(seconds: float) -> float:
    if math.isnan(seconds):
        raise ValueError("a duration must be a number of seconds, not NaN")
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    if seconds > MAX_SECONDS:
        raise ValueError("a duration can be at most a year (365d)")
    return seconds


def format_duration(seconds: float | None) -> str:
    """Short human form: 850ms, 2.5s, 3m20s, 2h, 1h30m, 1d4h."""
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    if seconds < 60:
        return f"{seconds:.1f}s".replace(".0s", "s")
    total, parts = int(round(seconds)), list[tuple[int, str]]()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, total = divmod(total, size)
        if amount or parts:
            parts.append((amount, unit))
    # the two most significant units are enough for a table cell
    return "".join(f"{n}{u}" for n, u in parts[:2] if n)
