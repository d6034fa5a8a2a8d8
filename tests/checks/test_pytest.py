"""The `pytest` kind running a real pytest on generated suites."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

from tta_timeline.checks.base import CheckContext
from tta_timeline.checks.pytest import PytestSpec, run
from tta_timeline.core.results import Status

MIXED = """
    import pytest

    def test_one(): assert True
    def test_two(): assert True
    def test_three(): assert True
    def test_bad(): assert 1 == 2
    def test_skipped(): pytest.skip("not today")

    @pytest.fixture
    def broken(): raise RuntimeError("fixture exploded")

    def test_errors(broken): pass
"""


def _suite(root: Path, source: str = MIXED, name: str = "suite") -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "pytest.ini").write_text("[pytest]\n")  # isolates it from any outer config
    (folder / "test_mixed.py").write_text(textwrap.dedent(source))
    return folder


def _spec(**kw) -> PytestSpec:
    return PytestSpec.model_validate({"python": sys.executable, "cwd": "suite", **kw})


@pytest.fixture
def ctx(tmp_path: Path) -> CheckContext:
    """A nested pytest can take many seconds to start on a loaded machine: no 5 s budget here."""
    return CheckContext(root=tmp_path, env=dict(os.environ), timeout=120)


@pytest.fixture
def mixed(ctx, tmp_path):
    _suite(tmp_path)
    return ctx


def test_counts_and_message_from_junit(mixed):
    out = run(_spec(), mixed)
    assert out.status is Status.FAIL
    assert out.message == "3 passed, 1 failed, 1 errors, 1 skipped of 6: 2 failed or errors, expected at most 0"
    assert out.evidence["counts"] == {"passed": 3, "failed": 1, "errors": 1, "skipped": 1, "total": 6}
    assert sorted(out.evidence["failing"]) == ["test_mixed.py::test_bad", "test_mixed.py::test_errors"]
    assert out.detail.splitlines() == [
        "test_mixed.py::test_bad: assert 1 == 2",
        'test_mixed.py::test_errors: failed on setup with "RuntimeError: fixture exploded"',
    ]


def test_detail_lists_ten_then_the_rest(ctx, tmp_path):
    _suite(
        tmp_path,
        "".join(
            f"class TestMany:\n    def test_{i}(self): assert {i} < 0\n"
            if i == 0
            else f"    def test_{i}(self): assert {i} < 0\n"
            for i in range(13)
        ),
    )
    out = run(_spec(), ctx)
    lines = out.detail.splitlines()
    assert lines[0] == "test_mixed.py::TestMany::test_0: assert 0 < 0"
    assert len(lines) == 11 and lines[-1] == "and 3 more"


def test_collection_error_is_the_detail(ctx, tmp_path):
    _suite(tmp_path, "import no_such_module_here\n\ndef test_x(): pass\n")
    out = run(_spec(), ctx)
    assert out.status is Status.FAIL
    assert out.detail == "test_mixed.py: ModuleNotFoundError: No module named 'no_such_module_here'"


def test_thresholds_met_is_pass(mixed):
    out = run(_spec(max_failed=2, min_passed=3, min_pass_rate=0.6), mixed)
    assert out.status is Status.PASS, out.message
    assert out.message == "3 passed, 1 failed, 1 errors, 1 skipped of 6"


def test_pass_rate_and_min_passed_misses_are_named(mixed):
    out = run(_spec(max_failed=5, min_passed=4, min_pass_rate=0.9), mixed)
    assert out.status is Status.FAIL
    assert "3 passed, expected at least 4" in out.message
    assert "pass rate 60.0%, expected at least 90.0%" in out.message


def test_args_select_tests(mixed):
    out = run(_spec(args="-k 'one or two'"), mixed)
    assert out.status is Status.PASS, out.message
    assert out.evidence["counts"]["passed"] == 2


def test_env_reaches_the_tests(ctx, tmp_path):
    _suite(tmp_path, "import os\ndef test_env(): assert os.environ['SUITE_FLAG'] == 'on'\n")
    assert run(_spec(env={"SUITE_FLAG": "on"}), ctx).status is Status.PASS
    assert run(_spec(env={"SUITE_FLAG": "off"}), ctx).status is Status.FAIL


def test_no_tests_collected_is_fail_unless_allowed(ctx, tmp_path):
    _suite(tmp_path, "def helper(): pass\n")
    out = run(_spec(), ctx)
    assert out.status is Status.FAIL
    assert out.message == "no tests collected"
    allowed = run(_spec(min_passed=0), ctx)
    assert allowed.status is Status.PASS
    assert allowed.message == "0 passed, 0 failed, 0 errors, 0 skipped of 0 (no tests collected)"


def test_all_deselected_says_so(mixed):
    out = run(_spec(args=["-k", "nothing_matches_this"]), mixed)
    assert out.status is Status.FAIL
    assert out.message == "no tests selected (6 deselected)"


def test_missing_test_file_is_named(mixed):
    out = run(_spec(args=["tests/integration/test_gone.py", "-q"], min_passed=0), mixed)
    assert out.status is Status.FAIL  # even min_passed: 0 cannot make a wrong path pass
    assert out.message == "file or directory not found: tests/integration/test_gone.py"


def test_collection_error_quotes_the_first_exception(ctx, tmp_path):
    folder = _suite(tmp_path, "def test_fine(): pass\n")
    (folder / "test_a_broken.py").write_text("import no_such_module_for_tta\ndef test_x(): pass\n")
    (folder / "test_b_broken.py").write_text("def test_y(:\n")
    out = run(_spec(min_passed=1), ctx)
    assert out.status is Status.FAIL
    assert out.message == (
        "collection error in test_a_broken.py: ModuleNotFoundError: No module named 'no_such_module_for_tta'"
        " (and 1 more)"
    )
    assert out.evidence["collection_errors"][1].startswith("test_b_broken.py: SyntaxError")
    assert out.detail.splitlines()[0].startswith("test_a_broken.py: ModuleNotFoundError")
    assert out.evidence["failing"] == []


def test_collection_error_beside_tests_that_ran_is_appended(ctx, tmp_path):
    folder = _suite(tmp_path, "def test_fine(): pass\n")
    (folder / "test_broken.py").write_text("raise RuntimeError('boom at import')\n")
    out = run(_spec(args=["--continue-on-collection-errors"]), ctx)
    assert out.status is Status.FAIL
    assert out.message == (
        "1 passed, 0 failed, 1 errors, 0 skipped of 2: 1 failed or errors, expected at most 0"
        " (collection error in test_broken.py: RuntimeError: boom at import)"
    )


def test_interpreter_without_pytest_is_error_with_output(ctx, tmp_path):
    _suite(tmp_path)
    # The real interpreter with site-packages disabled: pytest cannot be imported.
    bare = tmp_path / "barepy"
    bare.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n')
    bare.chmod(0o755)
    out = run(_spec(python="./barepy"), ctx)
    assert out.status is Status.ERROR
    assert "wrote no report" in out.message and "No module named pytest" in out.message


def test_missing_interpreter_is_error(mixed):
    out = run(_spec(python="no-such-python-3.99"), mixed)
    assert out.status is Status.ERROR
    assert out.message == "interpreter no-such-python-3.99 not found"


def test_timeout_is_error(tmp_path):
    _suite(tmp_path, "import time\ndef test_slow(): time.sleep(30)\n")
    ctx = CheckContext(root=tmp_path, env=dict(os.environ), timeout=1.5)
    out = run(_spec(), ctx)
    assert out.status is Status.ERROR
    assert out.message == "timed out after 1.5s"
