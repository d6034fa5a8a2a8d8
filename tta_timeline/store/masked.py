"""The session's view of a store: what is written is masked first (notes, reasons, results, evidence).

Results are masked by the engine already; tick notes, waiver and reopening reasons, and whatever
`store migrate` copies from an older store are not, and a store record must not keep a secret either.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from msgspec.structs import replace

from tta_timeline.core.errors import UnreadableRecord
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run
from tta_timeline.core.secrets import Redactor


class MaskedStore:
    """Delegates everything to the wrapped store; the three writes mask their records first."""

    def __init__(self, inner: Any, secrets: Redactor):
        self._inner = inner
        self._secrets = secrets
        self.display = secrets.text(inner.display)

    def _text(self, value: str | None) -> str | None:
        return self._secrets.text(value) if value else value

    def _result(self, result: CheckResult) -> CheckResult:
        return replace(
            result,
            message=self._text(result.message),
            name=self._text(result.name),
            detail=self._text(result.detail),
            evidence=self._secrets.deep(result.evidence),
        )

    def _run(self, run: Run) -> Run:
        return replace(run, results=[self._result(r) for r in run.results], actor=self._text(run.actor))

    def _event(self, event: Event) -> Event:
        return replace(
            event,
            reason=self._text(event.reason),
            note=self._text(event.note),
            actor=self._text(event.actor),
            data=self._secrets.deep(event.data),
        )

    def record_run(self, run: Run) -> None:
        self._inner.record_run(self._run(run))

    def append_event(self, event: Event) -> None:
        self._inner.append_event(self._event(event))

    def advance(self, event: Event) -> bool:
        return bool(self._inner.advance(self._event(event)))

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._inner, name)
        return _naming(value, self.display) if callable(value) else value

    def __enter__(self) -> MaskedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()


def _naming(method: Callable[..., Any], display: str) -> Callable[..., Any]:
    """The store's method, whose unreadable records are said to be in this store (the codec cannot know which)."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except UnreadableRecord as exc:
            raise UnreadableRecord(exc.reason, display) from None

    return call
