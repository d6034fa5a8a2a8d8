"""The registry: lazy, one adapter per service per run, per-check retry override, close."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tta_timeline.config.model import MockSim, RedisService, RetryPolicy, Services
from tta_timeline.services.base import AdapterError
from tta_timeline.services.registry import open_adapters


def test_adapters_are_created_lazily_and_shared():
    adapters = open_adapters(Services(), "mock")
    assert adapters.opened() == []
    services = adapters.for_check()
    assert services("redis") is services("redis") is adapters.get("redis")
    assert adapters.opened() == ["redis"]
    adapters.close()
    assert adapters.opened() == []


def test_policy_precedence_check_over_service_over_defaults():
    offline = MockSim(state="offline")
    services = Services(redis=RedisService(mock=offline, retry=RetryPolicy(attempts=2, initial=0.01)))
    adapters = open_adapters(services, "mock", default_retry=RetryPolicy(attempts=7), sleep=lambda _: None)
    with pytest.raises(AdapterError) as service_level:
        adapters.get("redis").ping()
    with pytest.raises(AdapterError) as check_level:
        adapters.for_check(RetryPolicy(attempts=3, initial=0.01))("redis").ping()
    assert (service_level.value.attempts, check_level.value.attempts) == (2, 3)
    assert adapters.get("redis").stats()["calls"] == 2  # the check's view shares the counters


def test_unknown_service_and_backend_are_rejected():
    with pytest.raises(ValueError):
        open_adapters(Services(), "staging")
    with pytest.raises(AdapterError, match="unknown service"):
        open_adapters(Services(), "mock").get("postgres")


def test_importing_the_registry_and_checks_loads_no_driver():
    code = (
        "import sys, tta_timeline.services.registry, tta_timeline.checks.all_kinds;"
        "from tta_timeline.services.registry import open_adapters;"
        "from tta_timeline.config.model import Services; open_adapters(Services(), 'real');"
        "print([m for m in ('neo4j', 'redis', 'fakeredis') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
