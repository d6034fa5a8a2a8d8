"""The tenacity policy: exponential back-off, transient-only retries, attempts and wait reported."""

from __future__ import annotations

import pytest

from tta_timeline.config.model import RetryPolicy
from tta_timeline.core.retry import CallFailed, backoff_schedule, call_with_retry


def _flaky(failures: int, exc: Exception):
    calls = {"n": 0}

    def fn():
        calls["n"] += 1
        if calls["n"] <= failures:
            raise exc
        return "ok"

    return fn, calls


def test_transient_errors_are_retried_with_exponential_backoff():
    slept: list[float] = []
    fn, calls = _flaky(3, ConnectionRefusedError("refused"))
    value, attempts, waited = call_with_retry(
        fn, RetryPolicy(attempts=5, initial=0.5, max=8), lambda e: True, slept.append
    )
    assert (value, attempts, calls["n"]) == ("ok", 4, 4)
    assert slept == [0.5, 1.0, 2.0]
    assert waited == pytest.approx(3.5)


def test_backoff_is_capped_at_max_and_defaults_match_the_docs():
    assert backoff_schedule(RetryPolicy(attempts=6, initial=1, max=3)) == [1, 2, 3, 3, 3]
    assert backoff_schedule(None) == [0.5, 1.0, 2.0, 4.0]  # default: 5 attempts, 0.5s..8s


def test_exhausted_attempts_raise_callfailed_with_history():
    slept: list[float] = []
    fn, calls = _flaky(99, ConnectionResetError("reset"))
    with pytest.raises(CallFailed) as info:
        call_with_retry(fn, RetryPolicy(attempts=3, initial=0.1, max=1), lambda e: True, slept.append)
    assert info.value.attempts == 3 == calls["n"]
    assert info.value.waited == pytest.approx(0.3)
    assert info.value.transient and isinstance(info.value.cause, ConnectionResetError)


def test_permanent_errors_fail_at_once_without_sleeping():
    slept: list[float] = []
    fn, calls = _flaky(99, ValueError("syntax error"))
    with pytest.raises(CallFailed) as info:
        call_with_retry(fn, RetryPolicy(attempts=5), lambda e: isinstance(e, ConnectionError), slept.append)
    assert (info.value.attempts, calls["n"], slept) == (1, 1, [])
    assert not info.value.transient
