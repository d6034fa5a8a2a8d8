"""Points in time given on the command line (`waive --until`, `history --since`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from tta_timeline.core.errors import UsageError


def parse_when(text: str, option: str, end_of_day: bool = False) -> datetime:
    """YYYY-MM-DD or an ISO datetime, in UTC when no offset is given.

    A bare date used as a deadline means the whole of that day, so it ends at the next midnight
    (or, for 9999-12-31, at the last instant a datetime can hold).
    """
    try:
        if len(text) == 10:
            day = datetime.strptime(text, "%Y-%m-%d").date()
            start = datetime.combine(day, time(0), tzinfo=timezone.utc)
            if not end_of_day:
                return start
            return start + timedelta(days=1) if day < date.max else datetime.max.replace(tzinfo=timezone.utc)
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{option} {text!r}: expected YYYY-MM-DD or an ISO datetime") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
