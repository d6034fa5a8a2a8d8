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


def _properties(node: object, where: str = "$") -> list[tuple[str, dict]]:
    """Every (path, property schema) in a JSON Schema, through $defs, anyOf, items and nested objects."""
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            found += _properties(value, where if key in ("properties", "anyOf", "allOf", "items") else f"{where}/{key}")
    elif isinstance(node, list):
        for value in node:
            found += _properties(value, where)
    return found


def test_every_property_has_a_description() -> None:
    """Editors show the description on hover: one for every key, written once in the pydantic models."""
    result = cli("schema")
    properties = _properties(json.loads(result.stdout))
    assert len(properties) > 100  # the walk really reached the check kinds' keys
    missing = [path for path, prop in properties if not str(prop.get("description", "")).strip()]
    assert not missing, f"properties without a description (add Field(description=...)): {missing}"
