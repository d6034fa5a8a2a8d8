"""A kind declares its rules in the registry: new kinds in a private registry flow through every command.

The registry is handed to the Session (its `kinds` seam); the global KINDS and every other module stay as they are.
"""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, ConfigDict

from tests.helpers import write_phases
from tta_timeline.checks.all_kinds import KINDS
from tta_timeline.checks.base import CheckContext, CheckKind, Outcome
from tta_timeline.checks.service_call import run_op
from tta_timeline.commands.advance import advance
from tta_timeline.commands.report import report
from tta_timeline.commands.schema import schema
from tta_timeline.commands.status import status
from tta_timeline.commands.tick import tick
from tta_timeline.commands.validate import validate
from tta_timeline.commands.verify import verify
from tta_timeline.core.errors import ConfigError, RefusedError, UsageError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.results import Status


class AnswerSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    says: str


def answer(spec: AnswerSpec, ctx: CheckContext) -> Outcome:
    status = Status.PASS if spec.says == "yes" else Status.FAIL
    return Outcome(status, f"it says {spec.says}", {"says": spec.says})


def cache_ping(spec: AnswerSpec, ctx: CheckContext) -> Outcome:
    return run_op(ctx, "redis", "ping", lambda adapter: (Status.PASS, f"pong ({spec.says})", adapter.ping()))


PRIVATE = {
    **KINDS,
    "answer": CheckKind("answer", AnswerSpec, answer, "a fixed answer", uses_setup=False),
    "signoff": CheckKind("signoff", str, None, "a person signs it off", uses_setup=False, label=str),
    "cache": CheckKind("cache", AnswerSpec, cache_ping, "the cache answers", service="redis"),
}

PHASES = """\
version: 1
project: Private kinds
phases:
  - id: 1
    name: One
    checks:
      - id: sure
        answer: {says: "yes"}
      - id: signed
        signoff: Signed off by the lead
  - id: 2
    name: Two
    requires_real: true
    checks:
      - id: cached
        cache: {says: hello}
"""


@pytest.fixture
def proj(project):
    write_phases(project.folder, PHASES)
    session = project.session

    def private_session(**env: str):  # every command of this test gets the private registry
        made = session(**env)
        made.kind_registry = PRIVATE
        return made

    project.session = private_session
    return project


def test_the_built_in_registry_does_not_know_the_private_kinds(project) -> None:
    write_phases(project.folder, PHASES)
    with pytest.raises(ConfigError, match="answer"):
        project.run(validate)
    assert not {"answer", "signoff", "cache"} & set(KINDS)


def test_validate_and_schema_know_the_new_kinds(proj) -> None:
    assert proj.run(validate, as_json=True) == ExitCode.OK
    assert json.loads(proj.stdout)["kinds"] == {"answer": 1, "signoff": 1, "cache": 1}
    assert proj.run(schema) == ExitCode.OK
    check = json.loads(proj.stdout)["$defs"]["Check"]["properties"]
    assert {"answer", "signoff", "cache"} <= set(check) and {"file", "manual"} <= set(check)


def test_verify_runs_the_run_kinds_and_leaves_the_ticked_one_pending(proj) -> None:
    assert proj.run(verify, phases=[1, 2], fmt="json") == ExitCode.OK  # pending is not a failure
    results = {r["check"]: r for r in json.loads(proj.stdout)["results"]}
    assert results["sure"]["status"] == "pass" and results["sure"]["message"] == "it says yes"
    assert results["signed"]["status"] == "pending"
    assert results["signed"]["message"] == "waiting for a person to tick: Signed off by the lead"
    # a service kind: the run's adapter (mock backend), its retries, and the backend on the result
    assert results["cached"]["status"] == "pass" and results["cached"]["backend"] == "mock"


def test_tick_status_report_and_advance_follow_the_declared_rules(proj) -> None:
    with pytest.raises(UsageError, match="only manual checks"):
        proj.run(tick, "1.sure")  # a kind that runs is never ticked
    with pytest.raises(RefusedError) as refused:
        proj.run(advance, 1)
    assert refused.value.reasons == ["required manual check 1.signed is not ticked"]

    assert proj.run(tick, "1.signed", note="looks right") == ExitCode.OK
    assert proj.run(status, as_json=True) == ExitCode.OK
    one = json.loads(proj.stdout)["phases"][0]
    assert one["checks"]["passed"] == one["checks"]["total"] == 2

    assert proj.run(advance, 1, as_json=True) == ExitCode.OK
    cert = json.loads(proj.stdout)["certificate"]
    assert {c["id"]: c["counted_as"] for c in cert["checks"]} == {"sure": "pass", "signed": "ticked"}

    # the service kind's evidence came from the mock backend: a requires_real phase refuses it
    assert proj.run(advance, 2, as_json=True) == ExitCode.FAILED
    assert "mock backend" in " ".join(json.loads(proj.stdout)["reasons"])

    assert proj.run(report, fmt="json") == ExitCode.OK
    checks = {c["id"]: c for p in json.loads(proj.stdout)["phases"] for c in p["checks"]}
    assert checks["signed"]["title"] == "Signed off by the lead" and checks["signed"]["detail"].startswith("ticked")
    assert checks["sure"]["text"] == "answer check `sure`" and checks["sure"]["status"] == "pass"
    assert checks["cached"]["kind"] == "cache"
