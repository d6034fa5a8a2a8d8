"""Rendering through the registry: a document's model in, the format's output out (or its text)."""

from __future__ import annotations

import importlib
import io
import json
from typing import Any

from tta_timeline.core.timefmt import json_default, timestamps
from tta_timeline.output.registry import JSON, RICH, Renderer, renderer

#: the width of rendered terminal formats written to a file (a report, `--output`)
TEXT_WIDTH = 120


def as_is(document: Any) -> Any:
    """The renderer of a document whose model is already its JSON."""
    return document


def produce(found: Renderer, model: Any) -> Any:
    """What the renderer returns for the model: a JSON-able document, a string, or Rich renderables."""
    module, name = found.target.split(":")
    return getattr(importlib.import_module(module), name)(model)


def json_document(document: str, model: Any) -> Any:
    """The document's `--json` form, for those who serve it elsewhere (the dashboard's API)."""
    return produce(renderer(document, JSON), model)


def json_text(document: Any, ascii_only: bool = False) -> str:
    """The one JSON serialisation of every document: times in one shape, two-space indents, a final newline."""
    return json.dumps(timestamps(document), indent=2, default=json_default, ensure_ascii=ascii_only) + "\n"


def parts(value: Any) -> list[Any]:
    """What a RICH renderer returned, as the renderables to print one after another."""
    return value if isinstance(value, list) else [value]


def rich_text(value: Any, width: int = TEXT_WIDTH) -> str:
    """Terminal renderables as plain text: no colour, no terminal codes."""
    # lazy: Rich's console only when text is rendered, not for JSON
    from rich.console import Console

    from tta_timeline.output.console import THEME

    buffer = io.StringIO()
    console = Console(file=buffer, theme=THEME, no_color=True, width=width, force_terminal=False, emoji=False)
    for part in parts(value):
        console.print(part)
    return buffer.getvalue()


def render_text(document: str, fmt: str, model: Any) -> str:
    """The format's output as text, as written to a file."""
    found = renderer(document, fmt)
    value = produce(found, model)
    if found.kind == JSON:
        return json_text(value)
    if found.kind == RICH:
        return rich_text(value)
    return str(value)
