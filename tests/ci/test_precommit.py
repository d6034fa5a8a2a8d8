"""The shipped pre-commit hooks, run by the real pre-commit (`try-repo`) in a git repository holding the demo."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.ci.conftest import TOOL, clean_env, git

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
DOCUMENT = "TIMELINE.md"


def try_repo(hook_repo: Path, demo: Path, pip_offline: dict[str, str], *args: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory(prefix="tta-pre-commit-home-") as home:  # nothing of pre-commit's stays
        env = clean_env(PRE_COMMIT_HOME=home, PRE_COMMIT_COLOR="never", **pip_offline)
        done = subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(hook_repo), *args],
            cwd=demo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    return done.returncode, done.stdout + done.stderr


def hook(output: str, name: str) -> str:
    """One hook's verdict line and what it printed, up to the next hook."""
    start = output.index(name + ".")
    following = [i for i in (output.find("tta-timeline ", start + len(name)),) if i != -1]
    return output[start : min(following, default=len(output))]


def commit_demo_with_document(demo: Path) -> None:
    subprocess.run(
        [str(TOOL), "report", "--output", DOCUMENT], cwd=demo, env=clean_env(), check=True, capture_output=True
    )
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "demo and its timeline document")


def test_both_hooks_pass_on_a_valid_file_and_a_current_document(hook_repo, pip_offline, demo) -> None:  # type: ignore[no-untyped-def]
    commit_demo_with_document(demo)
    code, output = try_repo(hook_repo, demo, pip_offline, "--all-files")
    assert code == 0, output
    assert "Passed" in hook(output, "tta-timeline validate")
    assert "Passed" in hook(output, "tta-timeline report --check")


def test_broken_phases_file_and_stale_document_fail_their_hooks(hook_repo, pip_offline, demo) -> None:  # type: ignore[no-untyped-def]
    commit_demo_with_document(demo)
    (demo / "ops").mkdir()
    broken = (demo / "phases.yaml").read_text(encoding="utf-8").replace("estimate: 2h\n", "estimate: soon\n")
    (demo / "ops" / "phases.yaml").write_text(broken, encoding="utf-8")
    git(demo, "add", "ops/phases.yaml")  # a changed phases file: the validate hook gets it
    verify = subprocess.run([str(TOOL), "verify", "--phase", "1"], cwd=demo, env=clean_env(), capture_output=True)
    assert verify.returncode == 0  # a new run in the store: the committed document is now stale
    code, output = try_repo(hook_repo, demo, pip_offline)
    assert code == 1, output
    validate = hook(output, "tta-timeline validate")
    assert "Failed" in validate and "exit code: 2" in validate
    assert "ops/phases.yaml:35:15 phases[1].estimate: expected a duration" in validate  # the loader's message
    stale = hook(output, "tta-timeline report --check")
    assert "Failed" in stale and "exit code: 1" in stale
    assert f"{DOCUMENT} differs from what the store renders now" in stale
