"""`import --report`: each claim of the document, the check drafted from it (or why it stays manual)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from tta_timeline.importer.drafts import MANUAL, Row


def claims_table(rows: list[Row], manual_only: bool) -> Table:
    title = "Claims and drafted checks" + (" (not applied: --manual-only)" if manual_only else "")
    table = Table(title=title, show_edge=False, pad_edge=False, expand=False, show_lines=False)
    table.add_column("line", justify="right")
    table.add_column("claim", overflow="fold", ratio=3)
    table.add_column("drafted check", overflow="fold", ratio=2)
    table.add_column("why", overflow="fold", ratio=2)
    for row in rows:
        style = "muted" if row.drafted == MANUAL else "pass"
        table.add_row(str(row.line), Text(row.claim), Text(row.drafted, style=style), Text(row.why))
    drafted = sum(1 for row in rows if row.drafted != MANUAL)
    table.caption = f"{drafted} drafted, {len(rows) - drafted} manual, of {len(rows)} claims"
    return table
