"""What the web layer serves from: one session, read under a lock, and the store's change token."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tta_timeline.commands.session import Session

T = TypeVar("T")


@dataclass
class Served:
    session: Session
    token: str | None = None
    #: set by the server: streams end when it is shutting down
    stopping: Callable[[], bool] = lambda: False
    # One store connection is shared by every request thread: reads take turns.
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, build: Callable[..., T], *args: Any) -> T:
        with self.lock:
            return build(*args)

    def version(self) -> str:
        return self.read(self.session.store.version)

    def json(self, document: Any) -> str:
        """Byte for byte what the matching `--json` command prints."""
        return self.session.json_text(document)
