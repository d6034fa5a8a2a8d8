"""Who acts: an explicit TTA_TIMELINE_ACTOR, else the CI job, else the user."""

from __future__ import annotations

import pytest

from tta_timeline.core.runtime import Runtime

GITHUB = {"GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "gate", "GITHUB_JOB": "advance", "GITHUB_RUN_ID": "7"}


@pytest.mark.parametrize(
    ("env", "actor"),
    [
        ({"TTA_TIMELINE_ACTOR": "alice", **GITHUB, "USER": "runner"}, "alice"),
        ({**GITHUB, "USER": "runner"}, "github-actions:gate/advance#7"),
        ({"GITLAB_CI": "true", "CI_JOB_NAME": "gate", "CI_JOB_ID": "9"}, "gitlab-ci:gate#9"),
        ({"BUILDKITE": "true", "BUILDKITE_LABEL": "gate", "BUILDKITE_BUILD_NUMBER": "3"}, "buildkite:gate#3"),
        ({"CI": "true", "JOB_NAME": "nightly"}, "ci:nightly"),
        ({"TTA_TIMELINE_ACTOR": "", "USER": "bob"}, "bob"),
        ({"LOGNAME": "carol"}, "carol"),
    ],
)
def test_actor_precedence(env: dict[str, str], actor: str) -> None:
    assert Runtime(env=env).actor() == actor
