"""The committed JSON Schema is what `tta-timeline schema` prints, and it accepts the shipped files."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.helpers import cli

ROOT = Path(__file__).resolve().parent.parent.parent


def test_committed_schema_is_current() -> None:
    result = cli("schema")
    assert result.exit_code == 0
    committed = json.loads((ROOT / "schema" / "phases-v1.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == committed, "run: tta-timeline schema > schema/phases-v1.json"


def test_schema_validates_shipped_phases_files() -> None:
    import jsonschema  # a test-only check that editors would accept the files

    schema = json.loads((ROOT / "schema" / "phases-v1.json").read_text(encoding="utf-8"))
    for path in (ROOT / "phases.yaml", ROOT / "examples" / "demo" / "phases.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_schema_rejects_unknown_keys() -> None:
    import jsonschema

    schema = json.loads((ROOT / "schema" / "phases-v1.json").read_text(encoding="utf-8"))
    bad = {"version": 1, "project": "p", "phases": [{"id": 1, "name": "a", "colour": "blue"}]}
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError as exc:
        assert "colour" in str(exc)
    else:
        raise AssertionError("unknown key accepted")
