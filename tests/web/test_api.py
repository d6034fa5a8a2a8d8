"""`serve` over real HTTP: the API equals the `--json` commands, health, metrics, escaping, secrets, access."""

from __future__ import annotations

import http.client
import json
import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.helpers import PASSING, cli, write_phases
from tests.store.conftest import run
from tests.web.serving import serving, tool
from tta_timeline.core.results import Status
from tta_timeline.store.base import Event
from tta_timeline.store.sqlite import SqliteStore

ENV = {"TTA_TIMELINE_ACTOR": "alice"}
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def advanced(tmp_path: Path) -> Path:
    """Phase 1 advanced, phase 2 not started: nothing in the documents depends on the clock."""
    path = write_phases(tmp_path, PASSING)
    assert cli("--file", str(path), "verify", "--phase", "1", env=ENV).exit_code == 0
    assert cli("--file", str(path), "advance", "--phase", "1", env=ENV).exit_code == 0
    return tmp_path


def _cli_json(folder: Path, *args: str) -> str:
    done = cli("--file", str(folder / "phases.yaml"), *args, "--json", env=ENV)
    assert done.exit_code == 0, done.output
    return done.stdout


def test_api_documents_are_the_json_commands(advanced: Path) -> None:
    with serving(advanced, env=ENV) as web:
        pairs = [
            ("api/status", ("status",)),
            ("api/checklist", ("checklist",)),
            ("api/checklist?phase=2", ("checklist", "--phase", "2")),
            ("api/history", ("history",)),
            ("api/history?phase=1&limit=1", ("history", "--phase", "1", "--limit", "1")),
            ("api/history?check=runs", ("history", "--check", "runs")),
        ]
        for path, command in pairs:
            code, headers, body = web.get(path)
            assert code == 200 and headers["content-type"].startswith("application/json"), path
            assert body == _cli_json(advanced, *command), path
        served, printed = web.json("api/timeline"), json.loads(_cli_json(advanced, "timeline"))
        assert served.pop("now") and printed.pop("now")  # each names its own moment
        assert served == printed


def test_bad_queries_are_400_with_one_message(advanced: Path) -> None:
    with serving(advanced, env=ENV) as web:
        for path, words in (
            ("api/checklist?phase=9", "--phase 9: no such phase"),
            ("api/history?limit=0", "at least 1"),
            ("api/history?phase=x", "phase=x: expected a whole number"),
            ("api/history?since=yesterday", "--since"),
        ):
            code, _, body = web.get(path)
            assert code == 400 and words in json.loads(body)["error"], (path, body)


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_healthz_and_metrics(advanced: Path) -> None:
    with serving(advanced, env=ENV) as web:
        # named as from the folder serve was started in, like every message
        assert web.json("healthz") == {"status": "ok", "store": ".tta-timeline/state.db"}
        code, headers, text = web.get("metrics")
        assert code == 200 and headers["content-type"].startswith("text/plain; version=")
        m = _samples(text)
        assert m[("tta_timeline_phases_complete", ())] == 1 and m[("tta_timeline_phases_total", ())] == 2
        assert m[("tta_timeline_phase_state", (("phase", "1"), ("state", "complete")))] == 1
        assert m[("tta_timeline_checks_passing", (("phase", "1"), ("state", "complete")))] == 2
        assert m[("tta_timeline_checks", (("phase", "2"), ("status", "not_run")))] == 1
        assert m[("tta_timeline_advancements_total", (("phase", "1"),))] == 1
        assert m[("tta_timeline_waiver_debt", (("phase", "1"),))] == 0
        assert m[("tta_timeline_last_run_checks", (("phase", "1"), ("status", "pass")))] == 2
        assert m[("tta_timeline_last_run_timestamp_seconds", (("phase", "1"),))] > 0
        assert ("tta_timeline_last_run_timestamp_seconds", (("phase", "2"),)) not in m  # never run


def test_a_hostile_name_is_shown_as_text(tmp_path: Path) -> None:
    write_phases(
        tmp_path,
        PASSING.replace("name: One", f'name: "{HOSTILE}"').replace(
            "      - id: readme\n", f'      - id: readme\n        name: "{HOSTILE}"\n'
        ),
    )
    assert cli("--file", str(tmp_path / "phases.yaml"), "verify", "--phase", "1", env=ENV).exit_code == 0
    with serving(tmp_path, env=ENV) as web:
        for path in ("", "fragment"):
            code, headers, page = web.get(path)
            assert code == 200 and HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
            assert "script-src 'self'" in headers["content-security-policy"]
        assert HOSTILE in web.get("api/status")[2]  # JSON carries the name as it is; only HTML escapes


def test_page_shows_cards_certificate_checklist_history_and_waiver_debt(advanced: Path) -> None:
    with SqliteStore(advanced / ".tta-timeline" / "state.db") as store:
        past = datetime.now(timezone.utc) - timedelta(days=3)
        store.append_event(
            Event(
                kind="waive",
                phase=2,
                check="runs",
                at=past,
                actor="bob",
                reason="flaky CI",
                until=past + timedelta(days=1),
            )
        )
    with serving(advanced, env=ENV) as web:
        page = web.get("")[2]
    assert 'id="phase-1"' in page and 'id="phase-2"' in page and "COMPLETED" in page
    assert "Certificate: advanced by alice" in page
    assert 'id="check-1-runs"' in page and "pass on " in page and "exit code 0" in page
    assert "<code>2.runs</code>: waiver expired" in page and "flaky CI" in page
    # advance verifies afresh: two runs, one advancement
    assert page.count('<tr class="verify">') == 2 and page.count('<tr class="advance">') == 1
    assert "Forecast:" in page


def test_secrets_never_reach_the_page_or_the_api(tmp_path: Path) -> None:
    secret = "hunter2-very-secret"
    text = PASSING + 'services:\n  redis: {url: "redis://:${CACHE_PW}@localhost:6379/0"}\n'
    text = text.replace('run: "python -c pass"}', 'run: "python -c pass", env: {TOKEN: "${CACHE_PW}"}}', 1)
    write_phases(tmp_path, text.replace("name: Two", "name: Two ${CACHE_PW}"))
    env = {**ENV, "CACHE_PW": secret}
    assert tool("verify", "--phase", "1", cwd=tmp_path, env=env).returncode == 0
    with serving(tmp_path, "--token", "t0ken-for-this-test-only", env=env) as web:
        auth = {"Authorization": "Bearer t0ken-for-this-test-only"}
        for path in (
            "",
            "fragment",
            "api/status",
            "api/checklist",
            "api/history",
            "api/timeline",
            "metrics",
            "healthz",
        ):
            code, _, body = web.get(path, auth)
            assert code == 200 and secret not in body and "t0ken-for-this-test-only" not in body, path
        assert "Two ***" in web.get("", auth)[2]


def test_the_token_is_checked_on_every_request(advanced: Path) -> None:
    token = "s3cret-token-0123456789"
    with serving(advanced, "--token", token, env=ENV) as web:
        for path in ("", "fragment", "api/status", "api/events", "healthz", "metrics", "static/dashboard.js"):
            assert web.get(path)[0] == 401, path
            assert web.get(path, {"Authorization": "Bearer wrong-token-0123456789"})[0] == 401, path
        assert web.get("api/status", {"Authorization": f"Bearer {token}"})[0] == 200
        code, headers, _ = web.get(f"?token={token}")
        assert code == 200 and "HttpOnly" in headers["set-cookie"]
        cookie = headers["set-cookie"].split(";", 1)[0]
        assert web.get("api/status", {"Cookie": cookie})[0] == 200
        assert web.get("api/status", {"Cookie": "tta_timeline_token=nope"})[0] == 401


def test_public_host_needs_a_token_or_an_explicit_insecure_flag(advanced: Path) -> None:
    refused = tool("serve", "--host", "0.0.0.0", "--port", "0", cwd=advanced, env=ENV)
    assert refused.returncode == 2 and "give --token" in refused.stderr and "Traceback" not in refused.stderr
    short = tool("serve", "--token", "short", "--port", "0", cwd=advanced, env=ENV)
    assert short.returncode == 2 and "at least 16 characters" in short.stderr
    with serving(advanced, "--host", "0.0.0.0", "--insecure-public", env=ENV) as web:
        port = urlsplit(web.url).port
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
        connection.close()


def test_a_taken_port_is_one_clear_message(advanced: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = tool("serve", "--port", str(taken.getsockname()[1]), cwd=advanced, env=ENV)
    assert done.returncode == 2 and "cannot listen there" in done.stderr and "Traceback" not in done.stderr


def test_ctrl_c_stops_the_server_with_130_even_with_a_stream_open(advanced: Path) -> None:
    with serving(advanced, env=ENV) as web:
        proc, parts = web.proc, urlsplit(web.url)
        stream = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        stream.request("GET", "/api/events")
        assert stream.getresponse().readline() == b"retry: 1000\n"
    stream.close()
    assert proc.returncode == 130, proc.stderr


def test_the_change_stream_tells_of_a_run_recorded_by_another_process(advanced: Path) -> None:
    with serving(advanced, env=ENV) as web:
        version = web.json("api/version")["version"]
        parts = urlsplit(web.url)
        stream = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        stream.request("GET", f"/api/events?since={version}")
        response = stream.getresponse()
        assert response.status == 200 and response.getheader("content-type").startswith("text/event-stream")
        assert response.readline() == b"retry: 1000\n"
        assert tool("verify", "--phase", "2", cwd=advanced, env=ENV).returncode == 0
        lines = [response.readline() for _ in range(3)]
        stream.close()
        assert lines[0] == b"\n" and lines[1] == b"event: change\n" and lines[2].startswith(b"data: ")
        assert lines[2].decode().split()[1] == web.json("api/version")["version"] != version


@pytest.mark.slow
def test_thousands_of_runs_serve_the_same_documents(tmp_path: Path) -> None:
    write_phases(tmp_path, PASSING)
    with SqliteStore(tmp_path / ".tta-timeline" / "state.db") as store:
        for i in range(2000):
            status = Status.PASS if i % 3 else Status.FAIL
            store.record_run(
                run(f"run-{i}", i / 10, (1, "readme", status), (1, "runs", Status.PASS), (2, "runs", status))
            )
        store.advance(Event(kind="advance", phase=1, at=datetime(2030, 1, 2, tzinfo=timezone.utc), actor="alice"))
        store.advance(Event(kind="advance", phase=2, at=datetime(2030, 1, 2, tzinfo=timezone.utc), actor="alice"))
    with serving(tmp_path, env=ENV) as web:
        assert web.get("api/status")[2] == _cli_json(tmp_path, "status")
        assert web.get("api/history?limit=300")[2] == _cli_json(tmp_path, "history", "--limit", "300")
        page = web.get("")[2]
        # the page shows the newest 50 entries: both advancements and 48 runs
        assert page.count('<tr class="advance">') == 2 and page.count('<tr class="verify">') == 48
        assert (
            _samples(web.get("metrics")[2])[("tta_timeline_last_run_checks", (("phase", "2"), ("status", "pass")))] == 1
        )  # run-1999


@pytest.mark.servers
def test_healthz_says_when_a_shared_store_stops_answering_without_its_password(tmp_path: Path, redis_factory) -> None:
    password = "redis-pass-for-healthz"
    server = redis_factory(password=password)
    write_phases(tmp_path, PASSING)
    store = server.url.replace("redis://", f"redis://:{password}@")
    with serving(tmp_path, env={**ENV, "TTA_TIMELINE_STORE": store}) as web:
        assert web.json("healthz")["status"] == "ok"
        server.stop()
        code, _, body = web.get("healthz")
        assert code == 503 and json.loads(body)["status"] == "unavailable"
        code, _, page = web.get("")
        assert code == 503 and "cannot" in page
        for text in (body, page, web.get("api/status")[2], web.get("metrics")[2]):
            assert password not in text and "***" in text
        server.start()
        assert web.json("healthz")["status"] == "ok"
