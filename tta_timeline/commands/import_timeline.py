"""`tta-timeline import TIMELINE.md`: a hand-kept markdown timeline -> phases.yaml (and, with --state, its marks)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path

from tta_timeline.checks.all_kinds import kind_of
from tta_timeline.commands.session import Session
from tta_timeline.config.loader import validate
from tta_timeline.core.errors import ConfigError
from tta_timeline.core.events import Event
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.expansion import escape
from tta_timeline.core.paths import shown
from tta_timeline.core.printable import map_strings
from tta_timeline.core.words import counted
from tta_timeline.importer import emit
from tta_timeline.importer.drafts import Drafted, draft_phase
from tta_timeline.importer.markdown import Imported, parse_markdown, to_data
from tta_timeline.importer.mojibake import describe, repair
from tta_timeline.output.files import new_file, write_atomic
from tta_timeline.output.import_report import claims_table
from tta_timeline.store.base import Store


def import_timeline(
    session: Session,
    source: Path,
    output: Path | None = None,
    state: bool = False,
    force: bool = False,
    manual_only: bool = False,
    report: bool = False,
) -> int:
    source = source if source.is_absolute() else session.runtime.cwd / source
    if output is not None:
        output = output if output.is_absolute() else session.runtime.cwd / output
        new_file(output, "--output", force)
    err = session.console(stderr=True)
    text = _read(source, err)
    imported = parse_markdown(text, source.name)
    if not imported.phases:
        raise ConfigError(
            [
                f"{shown(source, session.runtime.cwd)}: no phases found; expected headings such as "
                "'## Step 1: Title (COMPLETED)', '### Phase 2 - Title' or '## Phase 3: Title'"
            ]
        )
    drafted = {p.id: draft_phase(p) for p in imported.phases}
    # `${X}` in the document is text, not a reference: drafted names and JSON answers included
    data = map_strings(escape, to_data(imported, None if manual_only else drafted))
    validate(data, {}, output or source)  # what we write must load; a bug here should not reach the user's file
    document = _yaml(data, source.name, drafted, stubs=not manual_only, lessons=not state)
    for warning in imported.warnings:
        err.print(f"warning: {warning}", markup=False, soft_wrap=True)
    if output is None:
        session.out().write(document)
    else:
        write_atomic(output, document)
        checks = sum(len(p["checks"]) for p in data["phases"])
        err.print(
            f"wrote {shown(output, session.runtime.cwd)}: {counted(len(imported.phases), 'phase')}, {counted(checks, 'check')}",
            markup=False,
            soft_wrap=True,
        )
        if session.file is None:
            session.file = output  # the store lives next to the phases file it describes
    if report:
        rows = [row for d in drafted.values() for row in d.rows]
        # the YAML may be on stdout: then the table goes to stderr, out of its way
        (err if output is None else session.console()).print(claims_table(rows, manual_only))
    if state:
        ticked = {p["id"]: {c["id"] for c in p["checks"] if _ticked_kind(c, session)} for p in data["phases"]}
        ticks, advances, notes = record_state(
            imported, session.store, session.runtime.actor(), session.runtime.now(), source.name, ticked, drafted
        )
        err.print(
            f"recorded {counted(ticks, 'tick')}, {counted(advances, 'advancement')} and {counted(notes, 'lesson note')} "
            f"in {session.store_display}",
            markup=False,
            soft_wrap=True,
        )
    return ExitCode.OK


def _ticked_kind(check: dict, session: Session) -> bool:
    kind = kind_of(check, session.kinds)
    return kind is not None and kind.ticked


def _read(source: Path, err) -> str:  # type: ignore[no-untyped-def]
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ConfigError([f"{source}: cannot read: {exc.strerror or exc}"]) from None
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


def _yaml(data: dict, name: str, drafted: dict[int, Drafted], stubs: bool, lessons: bool) -> str:
    """Lessons are comments unless --state records them as notes; setup stubs come with drafted http checks."""
    header = f"# Imported from {name} by `tta-timeline import`; edit freely, then `tta-timeline validate`.\n"
    stub = {pid: d.setup_stub for pid, d in drafted.items() if d.setup_stub} if stubs else {}
    after = {pid: _lesson_comments(d, name) for pid, d in drafted.items() if d.lessons} if lessons else {}
    return emit.render(data, header, stub, after)


def _lesson_comments(drafted: Drafted, name: str) -> list[str]:
    first = drafted.lessons[0][0]
    return [
        f"# Lessons learned ({name}:{first}; `import --state` records them as notes):",
        *(f"# - {text}" for _, text in drafted.lessons),
    ]


def _at(day: date | None, now: datetime) -> datetime:
    # the document gives days, not times; midnight UTC keeps re-imports identical
    return datetime.combine(day, time(0), timezone.utc) if day else now


def record_state(
    imported: Imported,
    store: Store,
    actor: str,
    now: datetime,
    name: str,
    ticked_kinds: dict[int, set[str]],
    drafted: dict[int, Drafted],
) -> tuple[int, int, int]:
    """Ticks for done items a person ticks (ids in `ticked_kinds` by phase), lesson notes and an advance for each completed phase.

    What the store already has (a tick, the same lesson) is left alone, so importing twice records nothing new.
    A drafted check is not ticked: its evidence comes from `verify`.
    """
    ticks = advances = notes = 0
    for phase in imported.phases:
        at = _at(phase.completed_on, now)
        ticked = _ticked(store, phase.id)
        notes += _record_lessons(store, phase.id, drafted[phase.id], at, actor, name)
        for item in phase.items:
            if item.done and item.id not in ticked and item.id in ticked_kinds[phase.id]:
                store.append_event(
                    Event(
                        kind="tick",
                        phase=phase.id,
                        check=item.id,
                        at=at,
                        actor=actor,
                        note=f"imported from {name}:{item.line}",
                        data={"imported": True},
                    )
                )
                ticks += 1
        if phase.completed:
            event = Event(
                kind="advance",
                phase=phase.id,
                at=at,
                actor=actor,
                reason=f"imported from {name}",
                data={"imported": True, "source": name, "line": phase.line},
            )
            advances += bool(store.advance(event))
    return ticks, advances, notes


def _record_lessons(store: Store, phase: int, drafted: Drafted, at: datetime, actor: str, name: str) -> int:
    known = {e.note for e in store.events(phase=phase) if e.kind == "note"}
    count = 0
    for line, text in drafted.lessons:
        if text not in known:
            store.append_event(
                Event(
                    kind="note",
                    phase=phase,
                    at=at,
                    actor=actor,
                    note=text,
                    data={"lesson": True, "imported": True, "source": name, "line": line},
                )
            )
            count += 1
    return count


def _ticked(store: Store, phase: int) -> set[str]:
    latest: dict[str, str] = {}
    for event in store.events(phase=phase):  # newest first: the first tick/untick per check decides
        if event.check and event.kind in ("tick", "untick"):
            latest.setdefault(event.check, event.kind)
    return {check for check, kind in latest.items() if kind == "tick"}
