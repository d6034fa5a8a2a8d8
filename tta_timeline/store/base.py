"""The state store interface: append-only runs and events; phase state is derived from them."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any

from tta_timeline.core.chain import Link
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run


def namespace_of(options: dict[str, Any]) -> str:
    """The timeline's namespace in a store: --namespace, else `tta-timeline:<project-slug>`."""
    if options.get("namespace"):
        return str(options["namespace"])
    slug = re.sub(r"[^a-z0-9]+", "-", str(options.get("project") or "").lower()).strip("-")
    return "tta-timeline:" + slug if slug else "tta-timeline"


class Store(ABC):
    """One interface, several backends (sqlite, redis, neo4j); tests/store/ is the shared contract."""

    #: where the store lives, with credentials masked (for messages)
    display: str = ""
    #: (runs, events) recorded before the hash chain existed and sealed into it when this store was opened
    sealed: tuple[int, int] | None = None

    @abstractmethod
    def record_run(self, run: Run) -> None:
        """Record a run and all its results atomically; also updates latest results."""

    @abstractmethod
    def append_event(self, event: Event) -> None:
        """Append a tick, untick, waive, reopen or note event."""

    @abstractmethod
    def advance(self, event: Event) -> bool:
        """Atomically append an `advance` event unless the phase is already complete.

        Returns False (and records nothing) when the phase's latest gate event is already an advance.
        """

    @abstractmethod
    def latest_results(self) -> list[CheckResult]:
        """The newest result of every (phase, check) ever run; must not scan history."""

    @abstractmethod
    def first_result_at(self) -> dict[int, datetime]:
        """When each phase first got a result (the start of its actual duration)."""

    @abstractmethod
    def events(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Event]:
        """Timeline events, newest first."""

    @abstractmethod
    def runs(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Run]:
        """Verify runs with their results, newest first."""

    @abstractmethod
    def chain(self) -> list[Link]:
        """Every link of the hash chain, oldest first (`audit` reads them all)."""

    @abstractmethod
    def chain_head(self) -> tuple[int, str]:
        """(seq, hash) of the newest link, (0, GENESIS) when empty; O(1)."""

    def check_writable(self) -> None:  # noqa: B027 - optional hook: server stores proved it by connecting
        """Raise StoreError now if a write would fail, so it is found before any check runs.

        Server stores proved it by connecting; a file store has to try.
        """

    def first_run(self, phase: int) -> Run | None:
        """The phase's oldest recorded run (the report's "files changed" start from its commit).

        This default reads the phase's runs; a backend may answer it with one query.
        """
        runs = self.runs(phase)
        return runs[-1] if runs else None

    @abstractmethod
    def version(self) -> str:
        """A token that changes whenever a run or an event is recorded (and only then): watchers such
        as `serve` poll it instead of re-reading the timeline. Must be O(1), not a scan of history."""

    def close(self) -> None:  # noqa: B027 - optional hook: most stores have nothing to release
        """Release connections; the default has nothing to release."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
