"""Session-wide fixtures. Real-server fixtures live in tests/servers.py; add new ones below."""

from __future__ import annotations

# --- advancement commands (advance/tick/waive/reopen/history): a project with an injected clock ---
import io as _io  # noqa: E402
import os as _os  # noqa: E402
from datetime import datetime as _dt  # noqa: E402
from datetime import timedelta as _td
from datetime import timezone as _tz
from pathlib import Path as _Path

import pytest  # noqa: E402

from tests.servers import bolt_server, leftovers, neo4j_service, redis_factory, redis_instance, redis_server  # noqa: F401

_CI_VARS = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE")


#: a terminal's size, exported by some shells and by pytest-xdist's workers: it would wrap every unwrapped line
_TERMINAL_VARS = ("COLUMNS", "LINES")


def pytest_configure(config: pytest.Config) -> None:
    """The suite runs in CI too: the CI's own variables would change every recorded actor."""
    for name in _CI_VARS + _TERMINAL_VARS:
        _os.environ.pop(name, None)


def _children() -> list[str]:
    """Running processes whose parent is this pytest process (read from /proc; none are seen without it)."""
    # Zombies are left out: a process that has exited holds nothing but its exit status
    me, found = str(_os.getpid()), []
    for stat in _Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = stat.read_text().split(" (", 1)[1].rsplit(") ", 1)
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        state, parent = rest.split()[:2]
        if parent == me and state != "Z" and not _helper(stat.parent):
            found.append(f"{name} pid {stat.parent.name}")
    return found


def _helper(proc: _Path) -> bool:
    """multiprocessing's resource tracker / fork server: they live as long as pytest and end with it."""
    try:
        argv = (proc / "cmdline").read_bytes()
    except OSError:
        return True  # gone meanwhile
    return b"from multiprocessing." in argv


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The suite leaves nothing behind: every server folder removed, no process of ours still running."""
    left = leftovers() + _children()
    if not left:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_line("the test session left behind: " + ", ".join(left), red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


class FakeClock:
    """A clock tests move by hand: waiver expiry and regressions without sleeping."""

    def __init__(self, now: _dt):
        self.now = now

    def __call__(self) -> _dt:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += _td(**delta)


class Project:
    """A phases file in a temp folder; `run(command, ...)` calls a command function with a fresh Session."""

    def __init__(self, folder, clock: FakeClock, env: dict):
        self.folder, self.clock, self.env = folder, clock, env
        self.stdout = ""

    def session(self, **env: str):
        from tta_timeline.commands.session import Session
        from tta_timeline.core.runtime import Runtime

        runtime = Runtime(env={**self.env, **env}, clock=self.clock, cwd=self.folder)
        return Session(file=self.folder / "phases.yaml", runtime=runtime, stdout=_io.StringIO(), stderr=_io.StringIO())

    def run(self, command, *args, env: dict | None = None, **kwargs) -> int:
        session = self.session(**(env or {}))
        try:
            return int(command(session, *args, **kwargs))
        finally:
            self.stdout = session.stdout.getvalue()
            session.close()

    def store(self):
        return self.session().store


@pytest.fixture
def project(tmp_path):
    env = {k: v for k, v in _os.environ.items() if k not in _CI_VARS}
    env["TTA_TIMELINE_ACTOR"] = "alice"
    return Project(tmp_path, FakeClock(_dt(2030, 1, 1, 12, 0, tzinfo=_tz.utc)), env)
