"""The `env` kind reads ctx.env (never os.environ) and never shows a secret's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tta_timeline.checks.base import CheckContext
from tta_timeline.checks.env import EnvSpec, run
from tta_timeline.core.results import Status
from tta_timeline.core.secrets import secret_name


@pytest.fixture
def ctx(tmp_path: Path) -> CheckContext:
    env = {"APP_ENV": "staging", "PORT": "8080", "DB_PASSWORD": "hunter22", "API_KEY": "abc-123"}
    return CheckContext(root=tmp_path, env=env, timeout=5)


def _spec(**kw) -> EnvSpec:
    return EnvSpec.model_validate(kw)


def test_set_passes_and_shows_value(ctx):
    out = run(_spec(name="APP_ENV"), ctx)
    assert out.status is Status.PASS
    assert out.message == "APP_ENV is 'staging'"


def test_unset_fails(ctx):
    out = run(_spec(name="HOME"), ctx)  # present in os.environ, not in ctx.env
    assert out.status is Status.FAIL
    assert out.message == "HOME is not set"


def test_equals(ctx):
    assert run(_spec(name="APP_ENV", equals="staging"), ctx).status is Status.PASS
    out = run(_spec(name="APP_ENV", equals="production"), ctx)
    assert out.status is Status.FAIL
    assert out.message == "APP_ENV is 'staging', expected 'production'"


def test_matches_is_a_full_match(ctx):
    assert run(_spec(name="PORT", matches=r"\d+"), ctx).status is Status.PASS
    out = run(_spec(name="PORT", matches=r"\d"), ctx)
    assert out.status is Status.FAIL
    assert out.message == r"PORT is '8080', expected to match /\d/"


def test_secret_values_are_never_shown(ctx):
    outcomes = [
        run(_spec(name="DB_PASSWORD"), ctx),
        run(_spec(name="DB_PASSWORD", equals="wrong-guess"), ctx),
        run(_spec(name="API_KEY", matches="[0-9]+"), ctx),
    ]
    assert [o.status for o in outcomes] == [Status.PASS, Status.FAIL, Status.FAIL]
    assert outcomes[1].message == "DB_PASSWORD is set but not to the expected value (hidden)"
    for out in outcomes:
        text = out.message + repr(out.evidence)
        assert "hunter22" not in text and "abc-123" not in text and "wrong-guess" not in text
        assert out.evidence["value"] == "***"


def test_secret_names():
    assert all(
        map(secret_name, ["GITHUB_TOKEN", "aws_secret_access_key", "DB_PASSWORD", "NEO4J_AUTH", "SMTP_PASS", "DB_PWD"])
    )
    assert not any(map(secret_name, ["PORT", "APP_ENV", "PATH", "PWD", "OLDPWD", "SSH_AUTH_SOCK"]))


def test_bad_regex_is_error(ctx):
    out = run(_spec(name="PORT", matches="(["), ctx)
    assert out.status is Status.ERROR
