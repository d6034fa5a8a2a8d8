"""Mock simulation: seeded, so the same config fails the same attempts on every run."""

from __future__ import annotations

import pytest

from tta_timeline.config.model import MockSim
from tta_timeline.services.base import SimulatedOutage
from tta_timeline.services.simulate import DEGRADED_EXTRA, FAILING_RATE, Simulator


def _pattern(sim: MockSim, n: int = 40) -> list[bool]:
    s = Simulator(sim, sleep=lambda _: None)
    out = []
    for _ in range(n):
        try:
            s.before_call()
            out.append(True)
        except SimulatedOutage:
            out.append(False)
    return out


def test_same_seed_same_failures_different_seed_different_failures():
    first = _pattern(MockSim(failure_rate=0.5, seed=7))
    assert first == _pattern(MockSim(failure_rate=0.5, seed=7))
    assert first != _pattern(MockSim(failure_rate=0.5, seed=8))
    assert 5 < first.count(False) < 35  # the rate is honoured, roughly


def test_unseeded_mock_is_still_reproducible():
    assert _pattern(MockSim(failure_rate=0.3)) == _pattern(MockSim(failure_rate=0.3))


def test_offline_always_fails_and_healthy_never_does():
    assert _pattern(MockSim(state="offline")) == [False] * 40
    assert _pattern(MockSim()) == [True] * 40


def test_failing_state_raises_the_rate():
    assert Simulator(MockSim(state="failing")).failure_rate == FAILING_RATE
    assert _pattern(MockSim(state="failing", seed=1)).count(False) > 20


def test_latency_jitter_and_degraded_state_are_slept():
    slept: list[float] = []
    Simulator(MockSim(latency=0.05, jitter=0.02, seed=3), sleep=slept.append).before_call()
    assert 0.05 <= slept[0] <= 0.07
    slept.clear()
    Simulator(MockSim(latency=0.01, state="degraded"), sleep=slept.append).before_call()
    assert slept == [pytest.approx(0.01 + DEGRADED_EXTRA)]
