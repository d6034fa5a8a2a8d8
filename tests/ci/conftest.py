"""The CI glue's fixtures: the project as a hook/action repository, a wheelhouse, the demo as a git repo.

pre-commit and the GitHub Action pip-install the project into fresh virtual environments. The
wheelhouse resolves the dependencies from PyPI once per session; every later install reads it
with --no-index, so each environment costs a local install, not a round of downloads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "examples" / "demo"
#: what the action's checkout and pre-commit's clone need: the package, its metadata and the glue
SHIPPED = ("pyproject.toml", "README.md", "action.yml", ".pre-commit-hooks.yaml", "ci", "tta_timeline")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
TOOL = Path(sys.executable).with_name("tta-timeline")  # this checkout's own, for preparing fixtures


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )


def clean_env(**extra: str) -> dict[str, str]:
    """The test process's environment without the tool's own variables (a developer's store, file...)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TTA_TIMELINE_", "GITHUB_", "GITLAB"))}
    env.pop("CI", None)
    return {**env, **GIT_ENV, **extra}


@pytest.fixture(scope="session")
def hook_repo() -> Iterator[Path]:
    """This checkout's shipped files, committed in a git repository of their own (as a tag would have them)."""
    with tempfile.TemporaryDirectory(prefix="tta-ci-repo-") as tmp:
        repo = Path(tmp)
        for name in SHIPPED:
            source = PROJECT / name
            if source.is_dir():
                shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, repo / name)
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "shipped files")
        yield repo


@pytest.fixture(scope="session")
def pip_offline(hook_repo: Path) -> Iterator[dict[str, str]]:
    """PIP_* variables that make later installs of the project read a local wheelhouse only."""
    with tempfile.TemporaryDirectory(prefix="tta-ci-wheels-") as wheels:
        build = Path(wheels) / "src"
        shutil.copytree(hook_repo, build, ignore=shutil.ignore_patterns(".git"))  # builds leave files behind
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--wheel-dir",
                wheels,
                str(build),
                "setuptools>=68",
                "wheel",
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        yield {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": wheels, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """examples/demo in a git repository of its own; the store stays out of git like a real project's."""
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("__pycache__", ".tta-timeline"))
    (folder / ".gitignore").write_text(".tta-timeline/\n__pycache__/\n", encoding="utf-8")
    git(folder, "init", "-q")
    return folder
