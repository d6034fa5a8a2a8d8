"""The `redis` check kind against a real redis-server and against the fakeredis mock."""

from __future__ import annotations

from pathlib import Path

import pytest

from tta_timeline.checks.base import CheckContext, TransientError
from tta_timeline.checks.redis import RedisSpec, run
from tta_timeline.config.model import MockSim, RedisService, RetryPolicy, Services
from tta_timeline.core.results import Status
from tta_timeline.services.registry import open_adapters

OPS = ["ping", "roundtrip", "conditional-set", "expiry"]


def _ctx(backend: str, service: RedisService, retry: RetryPolicy | None = None):
    adapters = open_adapters(Services(redis=service), backend, sleep=lambda _: None)
    ctx = CheckContext(root=Path("."), env={}, timeout=5, backend=backend, services=adapters.for_check(retry))
    return ctx, adapters


@pytest.fixture
def real_ctx(redis_server):
    ctx, adapters = _ctx("real", RedisService(url=redis_server.url))
    yield ctx
    adapters.close()


@pytest.mark.servers
@pytest.mark.parametrize("op", OPS)
def test_every_op_passes_on_a_real_server(real_ctx, op):
    out = run(RedisSpec(op=op), real_ctx)
    assert out.status is Status.PASS, out.message
    assert out.backend == "real" and "(mock)" not in out.message
    assert out.evidence["attempts"] == 1 and out.evidence["waited"] == 0


@pytest.mark.servers
def test_command_with_expect_compares_the_decoded_reply(real_ctx):
    services = real_ctx.services
    services("redis").execute("SET", "tta-test:counter", 5)
    assert run(RedisSpec(command=["GET", "tta-test:counter"], expect=5), real_ctx).status is Status.PASS
    assert run(RedisSpec(command=["GET", "tta-test:counter"], expect="5"), real_ctx).status is Status.PASS
    failed = run(RedisSpec(command=["GET", "tta-test:counter"], expect="6"), real_ctx)
    assert failed.status is Status.FAIL and "'5'" in failed.message and failed.evidence["reply"] == "5"
    assert failed.detail == "expected: '6'\ngot:      '5'"
    assert run(RedisSpec(command=["GET", "tta-test:nothing"], expect=None), real_ctx).status is Status.PASS
    services("redis").execute("DEL", "tta-test:counter")


@pytest.mark.servers
def test_wrong_type_is_a_fail_not_a_retry(real_ctx):
    real_ctx.services("redis").execute("RPUSH", "tta-test:wt", "x")
    out = run(RedisSpec(command=["GET", "tta-test:wt"], expect="x"), real_ctx)
    assert out.status is Status.FAIL and "WRONGTYPE" in out.message and out.evidence["attempts"] == 1
    assert out.detail.startswith("the server answered: ") and "WRONGTYPE" in out.detail
    real_ctx.services("redis").execute("DEL", "tta-test:wt")


@pytest.mark.servers
def test_stopped_server_is_an_error_with_attempts_and_wait(redis_instance):
    ctx, adapters = _ctx("real", RedisService(url=redis_instance.url), RetryPolicy(attempts=3, initial=0.01, max=0.02))
    assert run(RedisSpec(op="ping"), ctx).status is Status.PASS
    redis_instance.stop()
    with pytest.raises(TransientError) as raised:  # signalled as every kind does; the adapter has retried
        run(RedisSpec(op="roundtrip"), ctx)
    out = raised.value.outcome()
    assert out.status is Status.ERROR and out.evidence["attempts"] == 3
    assert out.detail.startswith("connection error after 3 attempts: ")
    assert out.evidence["waited"] == pytest.approx(0.03)
    redis_instance.start()
    assert run(RedisSpec(op="roundtrip"), ctx).status is Status.PASS
    adapters.close()


@pytest.mark.parametrize("op", OPS)
def test_every_op_passes_on_the_mock_and_says_so(op):
    ctx, _ = _ctx("mock", RedisService())
    out = run(RedisSpec(op=op), ctx)
    assert out.status is Status.PASS and out.backend == "mock"
    assert out.message.endswith("(mock)")


def test_offline_mock_errors_after_the_configured_attempts():
    service = RedisService(mock=MockSim(state="offline"), retry=RetryPolicy(attempts=4, initial=0.01, max=0.01))
    ctx, _ = _ctx("mock", service)
    with pytest.raises(TransientError) as raised:
        run(RedisSpec(op="ping"), ctx)
    out = raised.value.outcome()
    assert out.status is Status.ERROR and out.evidence["attempts"] == 4
    assert "(mock)" in out.message and out.backend == "mock"


def test_flaky_mock_with_seed_passes_with_the_same_attempts_every_run():
    def attempts() -> list[int]:
        service = RedisService(mock=MockSim(failure_rate=0.6, seed=11), retry=RetryPolicy(attempts=20, initial=0.01))
        ctx, _ = _ctx("mock", service)
        return [run(RedisSpec(op="roundtrip"), ctx).evidence["attempts"] for _ in range(6)]

    first = attempts()
    assert first == attempts() and max(first) > 1


def test_missing_services_is_an_error_not_a_crash():
    out = run(RedisSpec(op="ping"), CheckContext(root=Path("."), env={}, timeout=1, backend="mock"))
    assert out.status is Status.ERROR and "no service adapters" in out.message
