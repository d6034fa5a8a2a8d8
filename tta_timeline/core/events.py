"""Timeline events (tick, untick, waive, advance, reopen): append-only records every store keeps."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from msgspec import Struct, field

EventKind = Literal["advance", "reopen", "tick", "untick", "waive", "note"]
#: events whose latest one per phase says whether the phase is complete
GATE_KINDS = ("advance", "reopen")


def new_id() -> str:
    return uuid.uuid4().hex


class Event(Struct, kw_only=True):
    """A timeline event. `verify` runs are kept as Runs, not events, and merged by `history`."""

    id: str = field(default_factory=new_id)
    kind: EventKind
    phase: int
    check: str | None = None
    at: datetime
    actor: str
    reason: str | None = None
    note: str | None = None
    until: datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)
