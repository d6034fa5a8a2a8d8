"""Hostile inputs to checks are bounded: regex time, file size and kind, command output, HTTP bodies.

Work is measured (CPU seconds, bytes kept, peak memory of a child), not wall-clock time.
"""

from __future__ import annotations

import http.server
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tta_timeline.checks import command, env, file
from tta_timeline.checks import http as http_check
from tta_timeline.checks.base import CheckContext
from tta_timeline.checks.http_probe import MAX_BODY_BYTES
from tta_timeline.core.results import Status
from tta_timeline.services import capture

CATASTROPHIC = "(a+)+b"
BUDGET = 1.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _ctx(root: Path, timeout: float = BUDGET, **env_vars: str) -> CheckContext:
    return CheckContext(root=root, env={**os.environ, **env_vars}, timeout=timeout)


def _assert_backtracking_error(outcome, cpu_before: float) -> None:
    assert outcome.status is Status.ERROR, outcome.message
    assert f"/{CATASTROPHIC}/ did not finish matching" in outcome.message
    assert _cpu() - cpu_before < BUDGET + 5  # `re` would spin for hours; the budget is CPU seconds


def test_file_contains_catastrophic_regex_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a" * 40_000)
    before = _cpu()
    out = file.run(file.FileSpec(path="a.txt", contains=CATASTROPHIC), _ctx(tmp_path))
    _assert_backtracking_error(out, before)


def test_file_not_contains_catastrophic_regex_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a" * 40_000)
    before = _cpu()
    out = file.run(file.FileSpec(path="a.txt", not_contains=CATASTROPHIC), _ctx(tmp_path))
    _assert_backtracking_error(out, before)


def test_command_stdout_catastrophic_regex_is_an_error(tmp_path: Path) -> None:
    spec = command.CommandSpec(run=[sys.executable, "-c", "print('a' * 40000)"], stdout_contains=CATASTROPHIC)
    before = _cpu()
    out = command.run(spec, _ctx(tmp_path, timeout=30))
    assert out.status is Status.ERROR and f"/{CATASTROPHIC}/ did not finish" in out.message
    assert _cpu() - before < 30 + 5


def test_env_matches_catastrophic_regex_is_an_error(tmp_path: Path) -> None:
    before = _cpu()
    out = env.run(env.EnvSpec(name="BOMB_VALUE", matches=CATASTROPHIC), _ctx(tmp_path, BOMB_VALUE="a" * 40_000))
    _assert_backtracking_error(out, before)


def test_ordinary_patterns_still_match(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("name = tta\nversion = 1\n")
    ok = file.run(
        file.FileSpec(path="a.txt", contains=[r"^version = \d+$", "tta"], not_contains="secret"), _ctx(tmp_path)
    )
    assert ok.status is Status.PASS, ok.message
    bad = file.run(file.FileSpec(path="a.txt", contains="(unclosed"), _ctx(tmp_path))
    assert bad.status is Status.ERROR and "invalid regular expression '(unclosed'" in bad.message


def test_device_is_refused_without_reading(tmp_path: Path) -> None:
    out = file.run(file.FileSpec(path="/dev/zero", contains="x"), _ctx(tmp_path))
    assert out.status is Status.ERROR
    assert (
        out.message
        == "/dev/zero is a character device, not a regular file; contains / not_contains read regular files only"
    )


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    out = file.run(file.FileSpec(path="pipe", contains="x"), _ctx(tmp_path))
    assert out.status is Status.ERROR and "pipe is a FIFO (named pipe), not a regular file" in out.message


def test_file_larger_than_max_size_is_refused(tmp_path: Path) -> None:
    with open(tmp_path / "big.log", "wb") as handle:  # sparse: 60 MB that take no disk
        handle.truncate(60_000_000)
    out = file.run(file.FileSpec(path="big.log", contains="x"), _ctx(tmp_path))
    assert out.status is Status.ERROR
    assert "big.log is larger than max_size (50,000,000 bytes)" in out.message
    small = file.FileSpec.model_validate({"path": "big.log", "contains": "x", "max_size": "1KB"})
    assert small.max_size == 1000
    assert "larger than max_size (1,000 bytes)" in file.run(small, _ctx(tmp_path)).message


def test_existence_alone_does_not_read_a_device(tmp_path: Path) -> None:
    assert file.run(file.FileSpec(path="/dev/zero"), _ctx(tmp_path)).status is Status.PASS


def test_capped_buffer_keeps_head_and_tail_only() -> None:
    buf = capture.Capped(head=10, tail=20)
    for i in range(10_000):
        buf.write(f"{i:05d}\n".encode())
        assert buf.kept <= 10 + 20 + 6
    text = buf.text()
    assert text.startswith("00000\n0000") and text.endswith("09998\n09999\n")
    assert f"[{60_000 - 30:,} bytes of output omitted]" in text


ENDLESS = "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"

PEAK = """\
import sys
from tta_timeline.services import procs
result = procs.run_captured([sys.executable, "-c", sys.argv[1]], cwd=".", env={}, timeout=float(sys.argv[2]))
omitted = result.stdout.split("[")[1].split(" bytes")[0].replace(",", "")
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1]
print(result.timed_out, len(result.stdout), omitted, peak)
"""


def test_endless_command_output_is_capped(tmp_path: Path) -> None:
    """In a child, so its peak memory is its own: the writer's gigabytes never accumulate."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, ENDLESS, "3"], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    timed_out, kept, omitted, peak_kb = done.stdout.split()
    assert timed_out == "True", done.stderr
    assert int(kept) <= capture.HEAD_BYTES + capture.TAIL_BYTES + 100
    assert int(omitted) > 10 * (capture.HEAD_BYTES + capture.TAIL_BYTES)  # it wrote far more than kept
    assert int(peak_kb) < 80_000  # KB, while the writer produced gigabytes
    assert not list(tmp_path.iterdir())  # nothing spilled to disk


def test_setup_log_is_capped(tmp_path: Path) -> None:
    from tta_timeline.config.model import SetupProcess
    from tta_timeline.run.setup_procs import LOG_HEAD_BYTES, LOG_TAIL_BYTES, start, stop

    spec = SetupProcess(name="chatty", run=[sys.executable, "-c", ENDLESS])
    started = start(spec, tmp_path, dict(os.environ))
    try:
        while started.log.buffer.total < 20 * (LOG_HEAD_BYTES + LOG_TAIL_BYTES):
            assert started.proc.poll() is None, started.output_tail()
            threading.Event().wait(0.05)
        assert started.log.buffer.kept <= LOG_HEAD_BYTES + LOG_TAIL_BYTES + capture.CHUNK
    finally:
        stop(started)


class _Endless(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"y" * 65536)
        except OSError:
            pass  # the client stopped reading

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def endless_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Endless)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_endless_http_body_is_cut(tmp_path: Path, endless_server: str) -> None:
    out = http_check.run(http_check.HttpSpec(url=endless_server, contains="y{10}"), _ctx(tmp_path, timeout=30))
    assert out.status is Status.PASS, out.message
    assert out.evidence["body_truncated_at"] == MAX_BODY_BYTES


@pytest.mark.parametrize(
    "kind",
    [
        lambda root: file.run(file.FileSpec(path="a.txt", contains="a(b"), _ctx(root)),
        lambda root: command.run(command.CommandSpec(run="true", stdout_contains="a(b"), _ctx(root)),
        lambda root: env.run(env.EnvSpec(name="SOME", matches="a(b"), _ctx(root, SOME="a(b")),
    ],
    ids=["file", "command", "env"],
)
def test_an_invalid_pattern_is_the_same_error_in_every_kind(tmp_path: Path, kind) -> None:
    (tmp_path / "a.txt").write_text("a(b\n")
    out = kind(tmp_path)
    assert out.status is Status.ERROR
    assert out.message.startswith("invalid regular expression 'a(b': missing )"), out.message


def test_a_request_that_cannot_be_made_is_an_error_not_a_retry(tmp_path: Path) -> None:
    out = http_check.run(http_check.HttpSpec(url="http://localhost:80/a b"), _ctx(tmp_path))  # no socket is opened
    assert out.status is Status.ERROR and out.message.startswith("http://localhost:80/a b: URL can't contain control")
