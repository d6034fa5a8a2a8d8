"""Hostile phases files end as one located error (exit 2), with the work they cause bounded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import cli, write_phases
from tta_timeline.config.yaml_source import MAX_ALIASED, MAX_DEPTH
from tta_timeline.core.exit_codes import ExitCode

#: 439 bytes that expand to 10**9 values: the classic "billion laughs"
BOMB = """\
version: 1
project: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
phases: *i
"""

PEAK_KB = """\
import sys
from tta_timeline.cli import main
sys.argv = ["tta-timeline", "--file", sys.argv[1], "validate"]
try:
    main()
except SystemExit as exc:
    code = exc.code
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(code, peak.split()[1])
"""


def _validate_in_child(path: Path) -> tuple[int, int]:
    """(exit code, peak resident KB) of `validate` in a fresh interpreter (VmHWM: its own peak, unlike
    ru_maxrss, which keeps the parent's across fork and exec)."""
    done = subprocess.run([sys.executable, "-c", PEAK_KB, str(path)], capture_output=True, text=True, timeout=120)
    code, peak = done.stdout.split()[-2:]
    return int(code), int(peak)


def _nested(depth: int) -> str:
    lines = ["version: 1", "project: P", "phases: []", "x:"]
    lines += [" " * (2 * i) + f"  k{i}:" for i in range(depth)]
    return "\n".join(lines) + " 1\n"


def test_alias_bomb_is_refused_with_its_place(tmp_path: Path) -> None:
    path = write_phases(tmp_path, BOMB)
    assert len(BOMB.encode()) < 500
    result = cli("--file", str(path), "validate")
    assert result.exit_code == ExitCode.USAGE
    assert f"YAML aliases expand to more than {MAX_ALIASED} values" in result.stderr
    assert f"{path}:" in result.stderr and "Traceback" not in result.stderr


def test_alias_bomb_memory_is_bounded(tmp_path: Path) -> None:
    baseline = _validate_in_child(write_phases(tmp_path, "version: 1\nproject: P\nphases: []\n", "small.yaml"))
    bombed = _validate_in_child(write_phases(tmp_path, BOMB, "bomb.yaml"))
    assert bombed[0] == ExitCode.USAGE
    assert bombed[1] < baseline[1] + 20_000  # KB: the expansion stops at MAX_ALIASED values (was 3.2 GB)


def test_moderate_aliases_still_work(tmp_path: Path) -> None:
    checks = "".join(f"      - {{id: c{i}, file: {{path: phases.yaml}}, retry: *retry}}\n" for i in range(200))
    text = (
        "version: 1\nproject: P\ndefaults: {retry: &retry {attempts: 3, initial: 1s}}\n"
        "phases:\n  - id: 1\n    name: A\n    checks:\n" + checks
    )
    result = cli("--file", str(write_phases(tmp_path, text)), "validate")
    assert result.exit_code == ExitCode.OK, result.stderr


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500])
def test_deep_nesting_is_refused_with_its_place(tmp_path: Path, depth: int) -> None:
    path = write_phases(tmp_path, _nested(depth))
    result = cli("--file", str(path), "validate")
    assert result.exit_code == ExitCode.USAGE
    assert f"nested more than {MAX_DEPTH} levels deep" in result.stderr
    line = result.stderr.split(f"{path}:")[1].split(":")[0]
    assert int(line) == 5 + MAX_DEPTH  # x: is on line 4, one more level per line


PHASE = """\
version: 1
project: P
phases:
  - id: {id}
    name: A
    checks:
      - id: c
        file: {{path: phases.yaml}}
        timeout: {timeout}
"""


@pytest.mark.parametrize(
    ("pid", "problem"),
    [
        ("true", "phases[0].id: Input should be a valid integer"),
        ("9223372036854775808", "phases[0].id: Input should be less than or equal to 1000000000"),
        ("-1", "phases[0].id: Input should be greater than or equal to 0"),
    ],
)
def test_phase_ids_out_of_range_are_refused(tmp_path: Path, pid: str, problem: str) -> None:
    path = write_phases(tmp_path, PHASE.format(id=pid, timeout="5s"))
    result = cli("--file", str(path), "validate")
    assert result.exit_code == ExitCode.USAGE
    assert f"{path}:4:9 {problem}" in result.stderr


@pytest.mark.parametrize(
    ("timeout", "problem"),
    [
        (".inf", "at most a year"),
        (".nan", "not NaN"),
        ("99999999999999999999999d", "at most a year"),
        ("366d", "at most a year"),
        ("-1", "cannot be negative"),
    ],
)
def test_durations_out_of_range_are_refused(tmp_path: Path, timeout: str, problem: str) -> None:
    path = write_phases(tmp_path, PHASE.format(id=1, timeout=timeout))
    result = cli("--file", str(path), "validate")
    assert result.exit_code == ExitCode.USAGE
    assert f"{path}:9:18 phases[0].checks[0].timeout: " in result.stderr and problem in result.stderr


def test_a_year_and_a_billion_are_accepted(tmp_path: Path) -> None:
    path = write_phases(tmp_path, PHASE.format(id=10**9, timeout="365d"))
    result = cli("--file", str(path), "validate")
    assert result.exit_code == ExitCode.OK, result.stderr
