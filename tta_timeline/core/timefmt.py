"""The one timestamp shape of every JSON document: RFC 3339 in UTC with `Z` (`2026-11-25T14:39:45Z`).

Documents are built from stored records of several ages and shapes (`str(datetime)`, `isoformat()`
with `+00:00`, pydantic's `Z`), so the shape is fixed where JSON is written, not where each value is made.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)")


def rfc3339(value: datetime) -> str:
    """UTC with `Z`; fractions of a second only when there are some. A naive time is taken as UTC."""
    value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value.isoformat().replace("+00:00", "Z")


def timestamps(value: Any) -> Any:
    """Every datetime, and every string that is a whole timestamp with an offset, in the one shape."""
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, str):
        if len(value) <= 40 and _TIMESTAMP.fullmatch(value):
            return rfc3339(datetime.fromisoformat(value.replace("Z", "+00:00")))
        return value
    if isinstance(value, dict):
        return {k: timestamps(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [timestamps(v) for v in value]
    return value


def json_default(value: Any) -> Any:
    """For json.dumps: times in the one shape, dates as YYYY-MM-DD, anything else as its text."""
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
