"""`Duration`, the field type of the models for a duration: written as in phases.yaml, kept as seconds.

Apart from core/durations.py, which parses and formats durations without pydantic: the views format
durations, and a warm `status` imports no pydantic.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from tta_timeline.core.durations import MAX_SECONDS, PATTERN, parse_duration

Duration = Annotated[
    float,
    BeforeValidator(parse_duration),
    PlainSerializer(lambda v: v, return_type=float),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": PATTERN}, {"type": "number", "minimum": 0, "maximum": MAX_SECONDS}]}
    ),
]
