"""A command's output through the registry: `--format` (and its alias `--json`) checked, the result written."""

from __future__ import annotations

from typing import Any

from tta_timeline.commands.session import Session
from tta_timeline.output.registry import JSON, MARKUP, RICH, renderer


def output_format(document: str, fmt: str, as_json: bool = False) -> str:
    """The format asked for (`--json` is `--format json`); an unknown one is a usage error before anything runs."""
    fmt = "json" if as_json else fmt
    renderer(document, fmt)
    return fmt


def emit(session: Session, document: str, fmt: str, model: Any) -> None:
    """The document to stdout: JSON untouched by Rich, views through the console, secrets masked either way."""
    # lazy: rendering imports Rich's renderables; output_format is called before, from every command
    from tta_timeline.output.render import parts, produce
    from tta_timeline.output.streams import speaks_unicode

    found = renderer(document, fmt)
    value = produce(found, model)
    if found.kind == JSON:
        session.write_json(value)
    elif found.kind == RICH:
        console = session.console()
        for part in parts(value):
            console.print(part)
    else:
        out = session.out()
        # HTML and XML stay exact on a legacy stream, as character references; other text degrades to '?'
        if found.kind == MARKUP and not speaks_unicode(out):
            value = value.encode("ascii", "xmlcharrefreplace").decode("ascii")
        out.write(value)
