"""`tta-timeline import TIMELINE.md`: a hand-kept markdown timeline -> phases.yaml (and, with --state, its marks)."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path

import yaml

from tta_timeline.core.errors import ConfigError
from tta_timeline.config.expansion import escape
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.importer.markdown import Imported, parse_markdown, to_data
from tta_timeline.config.loader import validate
from tta_timeline.importer.mojibake import describe, repair
from tta_timeline.core.printable import map_strings
from tta_timeline.output.files import new_file, write_atomic
from tta_timeline.cli.session import Session
from tta_timeline.store.base import Event, Store


def import_timeline(session: Session, source: Path, output: Path | None = None, state: bool = False,
                    force: bool = False) -> int:
    source = source if source.is_absolute() else session.runtime.cwd / source
    if output is not None:
        output = output if output.is_absolute() else session.runtime.cwd / output
        new_file(output, "--output", force)
    err = session.console(stderr=True)
    text = _read(source, err)
    imported = parse_markdown(text, source.name)
    if not imported.phases:
        raise ConfigError([f"{source}: no phases found; expected headings such as "
                           "'## Step 1: Title (COMPLETED)', '### Phase 2 - Title' or '## Phase 3: Title'"])
    data = map_strings(escape, to_data(imported))  # `${X}` in the document is text, not a reference
    validate(data, {}, output or source)  # what we write must load; a bug here should not reach the user's file
    document = _yaml(data, source.name)
    for warning in imported.warnings:
        err.print(f"warning: {warning}", markup=False, soft_wrap=True)
    if output is None:
        session.out().write(document)
    else:
        write_atomic(output, document)
        checks = sum(len(p.items) for p in imported.phases)
        err.print(f"wrote {output}: {len(imported.phases)} phases, {checks} checks", markup=False, soft_wrap=True)
        if session.file is None:
            session.file = output  # the store lives next to the phases file it describes
    if state:
        ticks, advances = record_state(imported, session.store, session.runtime.actor(), session.runtime.now(), source.name)
        err.print(f"recorded {ticks} tick(s) and {advances} advancement(s) in {session.store_display}", markup=False, soft_wrap=True)
    return ExitCode.OK


def _read(source: Path, err) -> str:  # type: ignore[no-untyped-def]
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ConfigError([f"{source}: cannot read: {exc.strerror or exc}"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # a file saved by a cp1252 editor; the mojibake repair below does not apply to it
        err.print(f"note: {source.name} is not UTF-8; read it as cp1252", markup=False, soft_wrap=True)
        return raw.decode("cp1252", errors="replace")
    fixed = repair(text)
    if fixed.repaired:
        err.print(describe(source.name, fixed), markup=False, soft_wrap=True)
    return fixed.text


def _yaml(data: dict, name: str) -> str:
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    return f"# Imported from {name} by `tta-timeline import`; edit freely, then `tta-timeline validate`.\n{body}"


def _at(day: date | None, now: datetime) -> datetime:
    # the document gives days, not times; midnight UTC keeps re-imports identical
    return datetime.combine(day, time(0), timezone.utc) if day else now


def record_state(imported: Imported, store: Store, actor: str, now: datetime, name: str) -> tuple[int, int]:
    """Ticks for done items and an advance for each completed phase; items already ticked are left alone."""
    ticks = advances = 0
    for phase in imported.phases:
        at = _at(phase.completed_on, now)
        ticked = _ticked(store, phase.id)
        for item in phase.items:
            if item.done and item.id not in ticked:
                store.append_event(Event(kind="tick", phase=phase.id, check=item.id, at=at, actor=actor,
                                         note=f"imported from {name}:{item.line}", data={"imported": True}))
                ticks += 1
        if phase.completed:
            event = Event(kind="advance", phase=phase.id, at=at, actor=actor, reason=f"imported from {name}",
                          data={"imported": True, "source": name, "line": phase.line})
            advances += bool(store.advance(event))
    return ticks, advances


def _ticked(store: Store, phase: int) -> set[str]:
    latest: dict[str, str] = {}
    for event in store.events(phase=phase):  # newest first: the first tick/untick per check decides
        if event.check and event.kind in ("tick", "untick"):
            latest.setdefault(event.check, event.kind)
    return {check for check, kind in latest.items() if kind == "tick"}
