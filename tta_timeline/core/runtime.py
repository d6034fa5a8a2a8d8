"""Seams for environment, clock and working directory, so tests inject them instead of patching."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Runtime:
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    clock: Callable[[], datetime] = utcnow
    cwd: Path = field(default_factory=Path.cwd)

    def now(self) -> datetime:
        return self.clock()

    def actor(self) -> str:
        """Who is acting: TTA_TIMELINE_ACTOR when set, else the CI system and job, else the user."""
        env = self.env
        if env.get("TTA_TIMELINE_ACTOR"):  # an explicit choice beats any guess
            return env["TTA_TIMELINE_ACTOR"]
        if env.get("GITHUB_ACTIONS") == "true":
            job = "/".join(x for x in (env.get("GITHUB_WORKFLOW"), env.get("GITHUB_JOB")) if x)
            run = env.get("GITHUB_RUN_ID")
            return f"github-actions:{job}" + (f"#{run}" if run else "")
        if env.get("GITLAB_CI"):
            return f"gitlab-ci:{env.get('CI_JOB_NAME', '')}#{env.get('CI_JOB_ID', '')}"
        if env.get("BUILDKITE"):
            return f"buildkite:{env.get('BUILDKITE_LABEL', '')}#{env.get('BUILDKITE_BUILD_NUMBER', '')}"
        if env.get("CI"):
            return "ci:" + (env.get("CI_JOB_NAME") or env.get("JOB_NAME") or env.get("USER") or "unknown")
        user = env.get("USER") or env.get("LOGNAME")
        if not user:
            # lazy: getpass imports termios; only a user without USER or LOGNAME needs it
            import getpass

            try:
                user = getpass.getuser()
            except Exception:  # no passwd entry in some containers
                user = "unknown"
        return user
