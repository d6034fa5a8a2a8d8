"""Durations as written in phases.yaml: `500ms`, `2s`, `1m`, `1h30m`, or a number of seconds."""
from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
PATTERN = r"^\s*(\d+(\.\d+)?(ms|s|m|h|d))+\s*$|^\s*\d+(\.\d+)?\s*$"


def parse_duration(value: Any) -> float:
    """Seconds from a duration; raises ValueError with the accepted forms."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 500ms, 2s, 1m or 1h30m")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        try:
            return parse_duration(float(text))
        except ValueError:
            pass
        pos, total = 0, 0.0
        for match in _PART.finditer(text):
            if match.start() != pos:
                break
            total += float(match.group(1)) * _UNIT[match.group(2)]
            pos = match.end()
        if text and pos == len(text):
            return total
    raise ValueError(f"expected a duration such as 500ms, 2s, 1m or 1h30m, got {value!r}")


def format_duration(seconds: float | None) -> str:
    """Short human form: 850ms, 2.5s, 3m20s, 2h, 1h30m, 1d4h."""
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    if seconds < 60:
        return f"{seconds:.1f}s".replace(".0s", "s")
    total, parts = int(round(seconds)), []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, total = divmod(total, size)
        if amount or parts:
            parts.append((amount, unit))
    # the two most significant units are enough for a table cell
    return "".join(f"{n}{u}" for n, u in parts[:2] if n)


Duration = Annotated[
    float,
    BeforeValidator(parse_duration),
    PlainSerializer(lambda v: v, return_type=float),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": PATTERN}, {"type": "number", "minimum": 0}]}),
]
