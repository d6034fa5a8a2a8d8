"""The advancement rules on hand-built state: every refusal reason, and how checks are counted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tta_timeline.config.model import Timeline
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Status
from tta_timeline.domain.gate import evaluate
from tta_timeline.domain.state import derive_from

T0 = datetime(2030, 1, 1, tzinfo=timezone.utc)

TIMELINE = {
    "version": 1,
    "project": "gate",
    "phases": [
        {"id": 1, "name": "Base", "checks": [{"id": "a", "file": {"path": "x"}}]},
        {
            "id": 2,
            "name": "Work",
            "checks": [
                {"id": "build", "command": {"run": "true"}},
                {"id": "lint", "command": {"run": "true"}, "required": False},
                {"id": "review", "manual": "Reviewed"},
            ],
        },
        {"id": 3, "name": "Live", "requires_real": True, "checks": [{"id": "cache", "redis": {"op": "ping"}}]},
    ],
}


def result(phase: int, check: str, status: str = "pass", kind: str = "command", at: datetime = T0, **kw) -> CheckResult:
    return CheckResult(phase=phase, check=check, kind=kind, status=Status(status), at=at, **kw)


def event(kind: str, phase: int, check: str | None = None, at: datetime = T0, **kw) -> Event:
    return Event(kind=kind, phase=phase, check=check, at=at, actor="tester", **kw)


def judge(events=(), latest=(), fresh=(), phase=2, backend="mock", now=T0 + timedelta(hours=1), **kw):
    state = derive_from(Timeline.model_validate(TIMELINE), list(latest), list(events), {}, now)
    return evaluate(state, phase, list(fresh), backend, **kw)


PHASE1_DONE = [event("advance", 1)]
GOOD = [result(2, "build"), result(2, "lint", "fail"), result(2, "review", "pending", kind="manual")]
TICKED = [event("tick", 2, "review")]


def test_all_rules_hold_and_each_check_says_how_it_counted():
    verdict = judge(PHASE1_DONE + TICKED, fresh=GOOD)
    assert verdict.allowed
    assert verdict.counted == {"build": "pass", "review": "ticked"}  # the optional lint failure is ignored


def test_every_reason_is_listed_at_once():
    fresh = [result(2, "build", "fail", message="exit 1")]
    verdict = judge([], fresh=fresh)
    assert len(verdict.reasons) == 3
    assert any("dependency phase 1" in r and "not complete" in r for r in verdict.reasons)
    assert any("2.build is fail: exit 1" in r for r in verdict.reasons)
    assert any("2.review is not ticked" in r for r in verdict.reasons)


def test_regressed_dependency_blocks_unless_allowed():
    later_failure = result(1, "a", "fail", kind="file", at=T0 + timedelta(minutes=5))
    args = dict(events=PHASE1_DONE + TICKED, latest=[later_failure], fresh=GOOD)
    refused = judge(**args)
    assert refused.reasons == ["dependency phase 1 (Base) regressed (a); fix it or pass --allow-regressed"]
    assert judge(**args, allow_regressed=True).allowed


def test_a_manual_check_passes_only_when_ticked_even_if_a_result_says_pass():
    fresh = [result(2, "build"), result(2, "review", "pass", kind="manual")]
    verdict = judge(PHASE1_DONE, fresh=fresh)
    assert verdict.reasons == ["required manual check 2.review is not ticked"]


def test_an_untick_withdraws_the_tick():
    events = PHASE1_DONE + [event("untick", 2, "review", at=T0 + timedelta(seconds=1))] + TICKED
    assert not judge(events, fresh=GOOD).allowed


@pytest.mark.parametrize("status", ["fail", "error", "skip", "blocked"])
def test_a_required_check_other_than_pass_refuses(status):
    fresh = [result(2, "build", status, message="why"), *GOOD[1:]]
    verdict = judge(PHASE1_DONE + TICKED, fresh=fresh)
    assert verdict.reasons == [f"required check 2.build is {status}: why"]


def test_a_check_missing_from_the_fresh_run_refuses():
    verdict = judge(PHASE1_DONE + TICKED, fresh=GOOD[1:])
    assert verdict.reasons == ["required check 2.build has no result in the fresh verify"]


def test_an_unexpired_waiver_counts_as_passing():
    waiver = event("waive", 2, "build", reason="flaky CI", until=T0 + timedelta(days=2))
    fresh = [result(2, "build", "fail"), *GOOD[1:]]
    verdict = judge(PHASE1_DONE + TICKED + [waiver], fresh=fresh)
    assert verdict.allowed and verdict.counted["build"] == "waived"


def test_an_expired_waiver_blocks_again_and_says_so():
    waiver = event("waive", 2, "build", reason="flaky CI", until=T0 + timedelta(days=2))
    fresh = [result(2, "build", "fail"), *GOOD[1:]]
    verdict = judge(PHASE1_DONE + TICKED + [waiver], fresh=fresh, now=T0 + timedelta(days=3))
    assert len(verdict.reasons) == 1
    assert "2.build is fail" in verdict.reasons[0] and "waiver expired" in verdict.reasons[0]


def test_requires_real_refuses_a_mock_run():
    phase2_done = PHASE1_DONE + [event("advance", 2)]
    fresh = [result(3, "cache", "skip", kind="redis", message="not applicable")]
    verdict = judge(phase2_done, fresh=fresh, phase=3, backend="mock")
    assert any("requires_real" in r and "mock backend" in r for r in verdict.reasons)


def test_requires_real_refuses_mock_evidence_even_in_a_real_run():
    phase2_done = PHASE1_DONE + [event("advance", 2)]
    fresh = [result(3, "cache", kind="redis", backend="mock")]
    verdict = judge(phase2_done, fresh=fresh, phase=3, backend="real")
    assert verdict.reasons == [
        "phase 3 requires_real, but evidence for cache came from the mock backend; run with --backend real"
    ]
    real = [result(3, "cache", kind="redis", backend="real")]
    assert judge(phase2_done, fresh=real, phase=3, backend="real").allowed
