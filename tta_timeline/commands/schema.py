"""`tta-timeline schema`: the JSON Schema of phases.yaml, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from typing import Any

from tta_timeline.commands.session import Session
from tta_timeline.core.exit_codes import ExitCode

SCHEMA_ID = "https://tta-timeline.dev/schema/phases-v1.json"


def json_schema() -> dict[str, Any]:
    from tta_timeline.config.model import Timeline

    schema = Timeline.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "tta-timeline phases.yaml (version 1)"
    return schema


def schema(session: Session) -> int:
    (session.stdout or __import__("sys").stdout).write(json.dumps(json_schema(), indent=2) + "\n")
    return ExitCode.OK
