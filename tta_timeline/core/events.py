"""Timeline events (tick, untick, waive, advance, reopen): append-only records every store keeps."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EventKind = Literal["advance", "reopen", "tick", "untick", "waive", "note"]
#: events whose latest one per phase says whether the phase is complete
GATE_KINDS = ("advance", "reopen")


def new_id() -> str:
    return uuid.uuid4().hex


class Event(BaseModel):
    """A timeline event. `verify` runs are kept as Runs, not events, and merged by `history`."""

    #: validators and serializers built on first use: a warm `status` with nothing recorded builds none
    model_config = ConfigDict(defer_build=True)

    id: str = Field(default_factory=new_id)
    kind: EventKind
    phase: int
    check: str | None = None
    at: datetime
    actor: str
    reason: str | None = None
    note: str | None = None
    until: datetime | None = None
    data: dict[str, Any] = Field(default_factory=dict)
