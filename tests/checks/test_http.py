"""The `http` kind against a real local server: every pass, fail, error and transient path."""

from __future__ import annotations

import base64
import os

import pytest

from tta_timeline.checks.base import CheckContext, TransientError
from tta_timeline.checks.http import HttpSpec, mismatch, run
from tta_timeline.core.results import Status


def _spec(**kw) -> HttpSpec:
    return HttpSpec.model_validate(kw)


def test_health_passes_with_evidence(http_server, ctx):
    out = run(_spec(url=f"{http_server}/health", json={"status": "ok"}), ctx)
    assert out.status is Status.PASS, out.message
    assert out.evidence["status"] == 200
    assert out.evidence["url"] == f"{http_server}/health"
    assert out.evidence["latency_ms"] >= 0
    assert '"status": "ok"' in out.evidence["body"]


def test_status_mismatch_is_fail_not_transient(http_server, ctx):
    out = run(_spec(url=f"{http_server}/500"), ctx)
    assert out.status is Status.FAIL
    assert out.message == "status 500, expected 200"
    assert "broken" in out.evidence["body"]
    status, body = out.detail.splitlines()
    assert status == "status 500, application/json" and body.startswith("body: ") and "broken" in body


def test_status_list(http_server, ctx):
    assert run(_spec(url=f"{http_server}/500", status=[500, 503]), ctx).status is Status.PASS
    out = run(_spec(url=f"{http_server}/text", status=[201, 204]), ctx)
    assert out.message == "status 200, expected 201 or 204"


def test_json_subset_nested_and_list_containment(http_server, ctx):
    want = {"deps": {"db": "up"}, "items": [{"id": 2}]}
    assert run(_spec(url=f"{http_server}/health", json=want), ctx).status is Status.PASS


def test_json_subset_mismatch_names_the_path(http_server, ctx):
    out = run(_spec(url=f"{http_server}/health", json={"deps": {"db": "down"}}), ctx)
    assert out.status is Status.FAIL
    assert out.message == 'json $.deps.db: expected "down", got "up"'
    assert out.detail.splitlines()[:2] == ["status 200, application/json", '$.deps.db: expected "down", got "up"']


def test_json_on_a_text_body_is_fail(http_server, ctx):
    out = run(_spec(url=f"{http_server}/text", json={"a": 1}), ctx)
    assert out.status is Status.FAIL
    assert out.message == "response is not JSON"


@pytest.mark.parametrize(
    "expected, actual, problem",
    [
        ({"a": 1}, {"a": 1, "b": 2}, None),
        ({"c": 1}, {"a": 1}, "json $.c: missing"),
        ([1, 3], [3, 2, 1], None),
        ([4], [1, 2], "json $: no item matches 4"),
        (True, 1, "json $: expected true, got 1"),
        ({"a": [1]}, {"a": 1}, "json $.a: expected a list, got 1"),
    ],
)
def test_json_subset_rules(expected, actual, problem):
    assert mismatch(expected, actual) == problem


def test_contains_literal_and_regex(http_server, ctx):
    url = f"{http_server}/text"
    assert run(_spec(url=url, contains="(a+b)"), ctx).status is Status.PASS  # literal, regex would miss
    assert run(_spec(url=url, contains=r"build \d+"), ctx).status is Status.PASS
    out = run(_spec(url=url, contains="goodbye"), ctx)
    assert out.status is Status.FAIL
    assert out.message == "body does not contain 'goodbye'"


def test_latency_over_limit_is_fail(http_server, ctx):
    out = run(_spec(url=f"{http_server}/slow?s=0.3", max_latency="100ms"), ctx)
    assert out.status is Status.FAIL
    assert out.message.startswith("latency ") and out.message.endswith("ms, expected at most 100ms")
    assert out.evidence["latency_ms"] >= 300


def test_post_json_body_and_headers(http_server, ctx):
    out = run(
        _spec(
            url=f"{http_server}/submit",
            method="post",
            json_body={"x": 1},
            status=201,
            json={"method": "POST", "body": '{"x": 1}', "ctype": "application/json"},
        ),
        ctx,
    )
    assert out.status is Status.PASS, out.message
    out = run(_spec(url=f"{http_server}/echo-headers", headers={"X-Probe": "yes"}, json={"x-probe": "yes"}), ctx)
    assert out.status is Status.PASS, out.message


def test_same_host_redirect_is_followed(http_server, ctx):
    out = run(_spec(url=f"{http_server}/redirect-same", json={"status": "ok"}), ctx)
    assert out.status is Status.PASS, out.message
    assert out.evidence["url"] == f"{http_server}/health"


def test_other_host_redirect_is_not_followed(http_server, ctx):
    out = run(_spec(url=f"{http_server}/redirect-other"), ctx)
    assert out.status is Status.FAIL
    port = http_server.rsplit(":", 1)[1]
    assert (
        out.message
        == f"status 302, expected 200; redirect to another host not followed: http://127.0.0.2:{port}/health"
    )
    assert out.evidence["location"] == f"http://127.0.0.2:{port}/health"


def test_same_host_redirect_loop_is_reported_as_one(http_server, ctx):
    out = run(_spec(url=f"{http_server}/loop"), ctx)
    assert out.status is Status.FAIL
    assert out.message == f"status 302, expected 200; too many redirects (a redirect loop) at {http_server}/loop"
    assert "another host" not in out.message


def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_shown(http_server, ctx):
    host = http_server.removeprefix("http://")
    out = run(_spec(url=f"http://alice:p%40ss%3Aword@{host}/auth", json={"authorization": None}), ctx)
    expected = "Basic " + base64.b64encode(b"alice:p@ss:word").decode()
    assert out.status is Status.FAIL and expected in out.evidence["body"]  # the server got the decoded password
    assert "p%40ss" not in str(out.evidence) + out.message and out.evidence["url"] == f"{http_server}/auth"
    given = run(
        _spec(
            url=f"http://alice:secret@{host}/auth",
            headers={"Authorization": "Bearer t"},
            json={"authorization": "Bearer t"},
        ),
        ctx,
    )
    assert given.status is Status.PASS, given.message  # an explicit header wins over the URL's credentials


def test_connection_refused_is_transient(free_port, ctx):
    with pytest.raises(TransientError, match="refused"):
        run(_spec(url=f"http://127.0.0.1:{free_port}/"), ctx)


def test_connection_closed_without_reply_is_transient(http_server, ctx):
    with pytest.raises(TransientError, match="closed without a response"):
        run(_spec(url=f"{http_server}/close"), ctx)


def test_timeout_is_transient(http_server, tmp_path):
    ctx = CheckContext(root=tmp_path, env=dict(os.environ), timeout=0.3)
    with pytest.raises(TransientError, match="timed out"):
        run(_spec(url=f"{http_server}/slow?s=2"), ctx)


def test_credentials_are_masked_in_messages(free_port, ctx):
    with pytest.raises(TransientError) as info:
        run(_spec(url=f"http://user:hunter2@127.0.0.1:{free_port}/"), ctx)
    assert "hunter2" not in str(info.value) and "user:***@" in str(info.value)


@pytest.mark.parametrize("url", ["nota-url", "file:///etc/passwd", "ftp://127.0.0.1/x", "FILE:/etc/passwd"])
def test_only_http_urls_are_accepted(url):
    with pytest.raises(ValueError, match="only http:// and https:// URLs"):
        _spec(url=url)
