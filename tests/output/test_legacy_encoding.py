"""Output to a stream in a legacy encoding (cp1252, ascii) degrades; it never crashes, and JSON stays exact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_phases

UNICODE = """\
version: 1
project: "Ünïcode 🚀 project"
phases:
  - id: 1
    name: "Launch 🚀 → orbit"
    checks:
      - id: here
        name: "file exists ✔"
        file: {path: phases.yaml}
      - id: looked
        manual: "Looked at it 👀"
"""
EXE = str(Path(sys.executable).with_name("tta-timeline"))


def _run(folder: Path, encoding: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    env["PYTHONIOENCODING"] = encoding
    return subprocess.run([EXE, *args], cwd=folder, env=env, capture_output=True, timeout=120)


@pytest.mark.parametrize("encoding", ["cp1252"])
def test_every_view_degrades_on_a_legacy_stream(tmp_path: Path, encoding: str) -> None:
    write_phases(tmp_path, UNICODE)
    assert _run(tmp_path, encoding, "verify", "--phase", "1").returncode == 0  # a pending manual item is not a failure
    for args in (
        ["checklist"],
        ["status"],
        ["timeline"],
        ["report"],
        ["report", "--format", "html"],
        ["verify", "--phase", "1", "--format", "markdown"],
        ["history", "--check", "here"],
    ):
        done = _run(tmp_path, encoding, *args)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
        text = done.stdout.decode(encoding)  # what the stream got is valid in its encoding
        assert ("verify" if args[0] == "history" else "Launch") in text, args
    html = _run(tmp_path, encoding, "report", "--format", "html").stdout.decode(encoding)
    assert "&#128640;" in html  # 🚀 kept exactly, as a character reference


@pytest.mark.parametrize("args", [["report", "--format", "json"], ["status", "--json"], ["checklist", "--json"]])
def test_json_on_a_legacy_stream_is_exact(tmp_path: Path, args: list[str]) -> None:
    write_phases(tmp_path, UNICODE)
    done = _run(tmp_path, "cp1252", *args)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout.decode("cp1252"))
    assert "Launch 🚀 → orbit" in json.dumps(doc, ensure_ascii=False)
