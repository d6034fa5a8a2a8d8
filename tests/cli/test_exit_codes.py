"""One test per documented exit code (README, "Exit codes")."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.core.exit_codes import ExitCode

FAILING = """\
version: 1
project: P
phases:
  - id: 1
    name: A
    checks:
      - id: missing
        file: {path: does-not-exist.txt}
"""

SLOW = """\
version: 1
project: P
phases:
  - id: 1
    name: A
    checks:
      - id: slow
        command: {run: "sleep 30"}
"""


def test_the_readme_table_lists_every_exit_code_and_only_those() -> None:
    table = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = table.split("## Exit codes", 1)[1].split("\n\n", 2)[1]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert documented == set(ExitCode)  # and each one is produced by a scenario below


def test_exit_0_success(tmp_path: Path) -> None:
    result = cli("--file", str(write_phases(tmp_path)), "status")
    assert result.exit_code == ExitCode.OK


def test_exit_1_checks_failed(tmp_path: Path) -> None:
    result = cli("--file", str(write_phases(tmp_path, FAILING)), "verify", "--phase", "1")
    assert result.exit_code == ExitCode.FAILED, result.output
    assert "missing" in result.output


def test_exit_2_configuration_error(tmp_path: Path) -> None:
    result = cli("--file", str(write_phases(tmp_path, "version: 2\n")), "status")
    assert result.exit_code == ExitCode.USAGE
    assert "error:" in result.stderr


def test_exit_2_unknown_format_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = cli("--file", str(write_phases(tmp_path)), "verify", "--phase", "1", "--format", "yaml")
    assert result.exit_code == ExitCode.USAGE
    assert "yaml" in result.stderr and "junit" in result.stderr  # names what was given and what is known
    assert "Traceback" not in result.stderr and not (tmp_path / ".tta-timeline").exists()  # nothing ran


def test_exit_2_usage_error(tmp_path: Path) -> None:
    result = cli("--file", str(write_phases(tmp_path)), "checklist", "--phase", "9")
    assert result.exit_code == ExitCode.USAGE
    assert "--phase 9: no such phase" in result.stderr


def test_exit_3_internal_error_is_one_line_without_a_traceback(tmp_path: Path, monkeypatch) -> None:
    import tta_timeline.commands.status as status_module

    def broken(session, **options):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(status_module, "status", broken)
    result = cli("--file", str(write_phases(tmp_path)), "status")
    assert result.exit_code == ExitCode.INTERNAL
    assert result.stderr == (
        "internal error: RuntimeError: a bug over two lines; run with --debug for the traceback, and please report it\n"
    )
    debug = cli("--file", str(write_phases(tmp_path)), "--debug", "status")
    assert debug.exit_code == ExitCode.INTERNAL and "Traceback" in debug.stderr


@pytest.mark.parametrize(
    ("sig", "code"),
    [(signal.SIGINT, ExitCode.INTERRUPTED), (signal.SIGTERM, ExitCode.TERMINATED), (signal.SIGHUP, ExitCode.HANGUP)],
    ids=["130-SIGINT", "143-SIGTERM", "129-SIGHUP"],
)
def test_exit_128_plus_signal_interrupted(tmp_path: Path, sig: signal.Signals, code: ExitCode) -> None:
    path = write_phases(tmp_path, SLOW)
    exe = Path(sys.executable).with_name("tta-timeline")
    proc = subprocess.Popen(
        [str(exe), "--file", str(path), "verify", "--phase", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not _has_sleep_child(proc.pid):
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert "Traceback" not in err


def _has_sleep_child(pid: int) -> bool:
    """True once the verify process has started the check's `sleep` (its direct child)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if name == "sleep" and int(rest[1]) == pid:
            return True
    return False
