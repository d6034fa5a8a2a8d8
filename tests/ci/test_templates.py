"""action.yml and the GitLab template against their published schemas (vendored: no network), and the
GitLab job's shell run on the demo as a runner would (POSIX sh, errexit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.ci.conftest import PROJECT, TOOL, clean_env

GITLAB = PROJECT / "ci" / "gitlab" / "tta-timeline.gitlab-ci.yml"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
NO_NETWORK = {
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "NO_PROXY": "",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "no_proxy": "",
}


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env(**NO_NETWORK)  # the schemas are built in: any download would fail
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("schema", "path", "breakage"),
    [
        ("vendor.github-actions", PROJECT / "action.yml", ("using: composite", "using: compost")),
        ("vendor.gitlab-ci", GITLAB, ("when: always", "when: sometimes")),
    ],
)
def test_valid_against_the_published_schema(schema: str, path: Path, breakage: tuple[str, str], tmp_path: Path) -> None:
    done = check_jsonschema(schema, path)
    assert done.returncode == 0, done.stdout + done.stderr
    # The schema leaves hidden jobs (.name) unchecked: checked again as a visible job, the template's
    # body is held to it too; and a broken copy is refused, so the schema really is applied.
    text = path.read_text(encoding="utf-8").replace("\n.tta-timeline:", "\ntta-timeline-template:")
    (tmp_path / "visible.yml").write_text(text, encoding="utf-8")
    done = check_jsonschema(schema, tmp_path / "visible.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "broken.yml").write_text(text.replace(*breakage), encoding="utf-8")
    assert check_jsonschema(schema, tmp_path / "broken.yml").returncode == 1


def gitlab_job(demo: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))[".tta-timeline"]
    assert yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["tta-timeline-verify"] == {"extends": ".tta-timeline"}
    assert job["artifacts"]["reports"]["junit"] == "$TTA_TIMELINE_OUTPUT"
    env = clean_env(
        **{
            **job["variables"],
            "TTA_TIMELINE_INSTALL": "false",
            **variables,
            "GITLAB_CI": "true",
            "CI_JOB_NAME": "tta-timeline-verify",
            "CI_JOB_ID": "5",
        }
    )
    env["PATH"] = f"{TOOL.parent}:{env['PATH']}"
    script = "\n".join([*job["before_script"], *job["script"]])
    return subprocess.run(["sh", "-e", "-c", script], cwd=demo, env=env, capture_output=True, text=True, timeout=300)


def test_gitlab_job_verifies_writes_junit_and_advances(demo: Path) -> None:
    done = gitlab_job(demo, TTA_TIMELINE_PHASES="1", TTA_TIMELINE_ADVANCE="true")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed, 0 failed" in done.stdout and "Phase 1" in done.stdout + done.stderr
    assert "<testsuite" in (demo / "tta-timeline-junit.xml").read_text(encoding="utf-8")
    status = subprocess.run([str(TOOL), "status", "--json"], cwd=demo, env=clean_env(), capture_output=True, text=True)
    assert '"current_phase": 2' in status.stdout


def test_gitlab_job_fails_like_the_tool(demo: Path) -> None:
    (demo / "app" / "main.py").write_text("def health():\n    return {}\n", encoding="utf-8")
    failed = gitlab_job(demo, TTA_TIMELINE_PHASES="1", TTA_TIMELINE_ADVANCE="true")
    assert failed.returncode == 1 and "1 failed" in failed.stdout
    assert "advanced" not in failed.stdout  # the job stopped before advancing
    assert 'failures="1"' in (demo / "tta-timeline-junit.xml").read_text(encoding="utf-8")
    bad = gitlab_job(demo, TTA_TIMELINE_PHASES="1 *")
    assert bad.returncode == 2 and "TTA_TIMELINE_PHASES: '*' is not a phase id" in bad.stderr
