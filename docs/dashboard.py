"""Regenerate docs/dashboard.png: the `serve` dashboard of the demo project, from the real page in headless Chromium.

The demo (examples/demo) runs on a throw-away store: phase 1 verified, ticked and advanced; phase 2
verified with the mock Neo4j offline, so the picture shows a failure's detail too.
Usage: python docs/dashboard.py   (needs Debian's chromium and chromium-driver)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.web.browser import chromium, missing  # noqa: E402
from tests.web.serving import serving, tool  # noqa: E402

DEMO = HERE.parent / "examples" / "demo"
ENV = {"TTA_TIMELINE_ACTOR": "alice", "COLUMNS": "120"}


def _step(folder: Path, *args: str) -> None:
    done = tool(*args, cwd=folder, env=ENV)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)}: {done.stderr}")


def main() -> int:
    if missing():
        print(f"cannot take the picture: {missing()}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".tta-timeline"))
        _step(folder, "verify", "--phase", "1")
        _step(folder, "tick", "1.tried-by-hand", "--note", "clicked through it")
        _step(folder, "advance", "--phase", "1")
        phases = folder / "phases.yaml"
        phases.write_text(
            phases.read_text().replace(
                'password: "${NEO4J_PASSWORD:-}"}', 'password: "${NEO4J_PASSWORD:-}", mock: {state: offline}}'
            )
        )
        _step(folder, "verify", "--phase", "2")
        with serving(folder, env=ENV) as web, chromium(1280, 1000) as browser:
            browser.get(web.url)
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(1280, min(int(height) + 40, 2400))
            browser.save_screenshot(str(HERE / "dashboard.png"))
    print(f"wrote {HERE / 'dashboard.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
