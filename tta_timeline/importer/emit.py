"""phases.yaml text for an import: the data through PyYAML, with per-phase comments (setup stubs, lessons)."""

from __future__ import annotations

import re
from typing import Any

import yaml


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)


def render(data: dict[str, Any], header: str, before_checks: dict[int, list[str]], after: dict[int, list[str]]) -> str:
    """`before_checks[id]` goes just above a phase's `checks:`, `after[id]` below the phase, both as comments."""
    head = {k: v for k, v in data.items() if k != "phases"}
    parts = [header, dump(head), "phases:\n"]
    for phase in data["phases"]:
        text = dump([phase])
        lines = [_comment(line, "  ") for line in before_checks.get(phase["id"], [])]
        if lines:
            text = text.replace("\n  checks:\n", "\n" + "".join(lines) + "  checks:\n", 1)
        parts.append(text + "".join(_comment(line, "  ") for line in after.get(phase["id"], [])))
    return "".join(parts)


def _comment(text: str, indent: str) -> str:
    # a comment is one line: document text never continues it onto a line YAML would read
    flat = re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", " ", text)
    return f"{indent}{flat if flat.startswith('#') else '# ' + flat}\n"
