"""`tta-timeline schema`: the JSON Schema of phases.yaml, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from tta_timeline.checks.all_kinds import KINDS
from tta_timeline.checks.base import CheckKind
from tta_timeline.commands.session import Session
from tta_timeline.config.model import timeline_model
from tta_timeline.core.exit_codes import ExitCode

SCHEMA_ID = "https://tta-timeline.dev/schema/phases-v1.json"


def json_schema(kinds: Mapping[str, CheckKind] = KINDS) -> dict[str, Any]:
    schema = timeline_model(kinds).model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "tta-timeline phases.yaml (version 1)"
    return schema


def schema(session: Session) -> int:
    (session.stdout or __import__("sys").stdout).write(json.dumps(json_schema(session.kinds), indent=2) + "\n")
    return ExitCode.OK
