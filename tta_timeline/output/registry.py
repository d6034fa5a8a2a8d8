"""Every document's renderers, by format: one line per (document, format).

Adding a format: a module with a function from the document's model to its output, and one line in
RENDERERS; `--format` accepts it and `--help` lists it. Functions are named by dotted path and
imported when used, so `--help` and `status` load only what they print.

A document's model is what its command computed: `status` a TimelineState, `checklist` a
Checklist, `history` a History, `certificate` (history --certificate), `services` and `migrate`
(store migrate) their JSON document, `timeline` a Forecast, `verify` a Report, `report` its JSON
document, `validate` a Validation, `advance` an Advancement. The JSON versions are listed in
core/documents.py.
"""

from __future__ import annotations

from typing import NamedTuple

from tta_timeline.core.errors import UsageError

#: what a renderer returns: a JSON-able document, text, text that is HTML/XML, or Rich renderables
JSON, TEXT, MARKUP, RICH = "json", "text", "markup", "rich"


class Renderer(NamedTuple):  # a NamedTuple: it costs a fraction of a dataclass to define, at every start-up
    target: str  # "package.module:function"
    kind: str  # JSON, TEXT, MARKUP or RICH


_O = "tta_timeline.output."
RENDERERS: dict[tuple[str, str], Renderer] = {
    ("status", "table"): Renderer(_O + "table:status_view", RICH),
    ("status", "json"): Renderer(_O + "status_json:status_document", JSON),
    ("checklist", "table"): Renderer(_O + "checklist:checklist_view", RICH),
    ("checklist", "json"): Renderer(_O + "checklist:checklist_document", JSON),
    ("history", "table"): Renderer(_O + "history:history_view", RICH),
    ("history", "json"): Renderer(_O + "history:history_json", JSON),
    ("certificate", "table"): Renderer(_O + "history:certificate_document_view", RICH),
    ("certificate", "json"): Renderer(_O + "render:as_is", JSON),
    ("timeline", "table"): Renderer(_O + "timeline_view:timeline_view", RICH),
    ("timeline", "json"): Renderer(_O + "timeline_json:forecast_document", JSON),
    ("services", "table"): Renderer(_O + "services:services_view", RICH),
    ("services", "json"): Renderer(_O + "render:as_is", JSON),
    ("verify", "table"): Renderer(_O + "live:results_table", RICH),
    ("verify", "json"): Renderer(_O + "report_json:document", JSON),
    ("verify", "junit"): Renderer(_O + "junit:render", TEXT),
    ("verify", "markdown"): Renderer(_O + "markdown:render", TEXT),
    ("verify", "tap"): Renderer(_O + "tap:render", TEXT),
    ("verify", "prometheus"): Renderer(_O + "prometheus:render", TEXT),
    ("report", "markdown"): Renderer(_O + "document_md:render_markdown", TEXT),
    ("report", "html"): Renderer(_O + "document_html:render_html", MARKUP),
    ("report", "json"): Renderer(_O + "render:as_is", JSON),
    ("validate", "text"): Renderer(_O + "validation:validation_view", RICH),
    ("validate", "json"): Renderer(_O + "validation:validation_document", JSON),
    ("advance", "text"): Renderer(_O + "advancement:advancement_view", RICH),
    ("advance", "json"): Renderer(_O + "advancement:advancement_json", JSON),
    ("migrate", "text"): Renderer(_O + "migration:migration_view", RICH),
    ("migrate", "json"): Renderer(_O + "render:as_is", JSON),
    ("audit", "text"): Renderer(_O + "audit:audit_view", RICH),
    ("audit", "json"): Renderer(_O + "render:as_is", JSON),
}


def formats(document: str) -> list[str]:
    """The formats of a document, the default (its terminal or first format) first."""
    return [fmt for doc, fmt in RENDERERS if doc == document]


def renderer(document: str, fmt: str) -> Renderer:
    """The renderer of `--format fmt`; an unknown format is a usage error naming the valid ones."""
    found = RENDERERS.get((document, fmt))
    if found is None:
        raise UsageError(f"--format {fmt}: unknown format (formats: {', '.join(formats(document))})")
    return found


def help_text(document: str, *notes: str) -> str:
    """The --format help of a command, from the registry (never typed by hand)."""
    return f"Output format: {', '.join(formats(document))}{''.join(notes)}."
