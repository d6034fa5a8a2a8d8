"""Retry policy for transient errors, built on tenacity; shared by the adapters and the engine.

The sleep is injectable so tests run the real back-off schedule without waiting for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # tenacity loads when a retry is first built, not on the way to `status`
    from tenacity import Retrying

T = TypeVar("T")

DEFAULT_ATTEMPTS = 5
DEFAULT_INITIAL = 0.5
DEFAULT_MAX = 8.0


class CallFailed(Exception):
    """The last error of a call, with how many attempts it took and how long we backed off."""

    def __init__(self, cause: BaseException, attempts: int, waited: float, transient: bool):
        super().__init__(str(cause))
        self.cause = cause
        self.attempts = attempts
        self.waited = waited
        self.transient = transient


def policy_values(policy: Any | None) -> tuple[int, float, float]:
    """(attempts, initial, max) from a RetryPolicy-like object; duck-typed to keep imports light."""
    if policy is None:
        return DEFAULT_ATTEMPTS, DEFAULT_INITIAL, DEFAULT_MAX
    return int(policy.attempts), float(policy.initial), float(policy.max)


def backoff_schedule(policy: Any | None) -> list[float]:
    """The waits between attempts the policy would use: initial, 2*initial, ... capped at max."""
    attempts, initial, cap = policy_values(policy)
    return [min(cap, initial * 2**i) for i in range(attempts - 1)]


def build_retrying(
    policy: Any | None,
    is_transient: Callable[[BaseException], bool],
    sleep: Callable[[float], None] = time.sleep,
) -> Retrying:
    # lazy: tenacity is needed only where a call is retried, never by status
    from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

    attempts, initial, cap = policy_values(policy)
    return Retrying(
        stop=stop_after_attempt(attempts),
        # min=initial so the first wait is `initial`, not multiplier*2**0 rounded by tenacity's defaults
        wait=wait_exponential(multiplier=initial, min=initial, max=cap),
        retry=retry_if_exception(is_transient),
        sleep=sleep,
        reraise=True,
    )


def call_with_retry(
    fn: Callable[[], T],
    policy: Any | None,
    is_transient: Callable[[BaseException], bool],
    sleep: Callable[[float], object] = time.sleep,
) -> tuple[T, int, float]:
    """Run `fn`, retrying transient errors per `policy`: returns (value, attempts, waited seconds).

    Raises CallFailed (cause = the last error) when a permanent error occurs or attempts run out.
    """
    try:  # the common case, a first attempt that succeeds, needs no tenacity object at all
        return fn(), 1, 0.0
    except Exception as exc:  # noqa: BLE001 - judged below
        if not is_transient(exc):
            raise CallFailed(exc, 1, 0.0, False) from exc
        first_failure: list[BaseException] = [exc]
    state: dict[str, float] = {"attempts": 0, "waited": 0.0}

    def counted_sleep(seconds: float) -> None:
        state["waited"] += seconds
        sleep(seconds)

    def attempt() -> T:
        state["attempts"] += 1
        if first_failure:  # replay the first attempt's error, so tenacity's schedule starts from it
            raise first_failure.pop()
        return fn()

    try:
        value = build_retrying(policy, is_transient, counted_sleep)(attempt)
    except Exception as exc:  # noqa: BLE001 - re-raised with its retry history
        raise CallFailed(exc, int(state["attempts"]), round(state["waited"], 6), is_transient(exc)) from exc
    return value, int(state["attempts"]), round(state["waited"], 6)
