"""Markdown timeline -> phases.yaml data: step/phase headings become phases, marked bullets manual checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tta_timeline.checks.all_kinds import MANUAL
from tta_timeline.core.words import counted
from tta_timeline.importer.markdown_lines import DONE_MARKS, Item, parse_estimate, parse_item, slug

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# "✅ Step 1: Title (COMPLETED)", "Phase 2 - Title", "Phase 3: Title"; a leading mark is any symbol run
_PHASE = re.compile(
    r"^(?P<mark>[^\w\s]*)\s*(?:Step|Phase)\s+(?P<num>\d+)\s*[:.\-–—]\s*(?P<title>.+?)"
    r"\s*(?:\((?P<status>[A-Za-z ]+)(?::[^)]*)?\))?$",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^\**\s*(?P<key>Objective|(?:Estimated\s+)?Timeline|Estimate)\s*:?\s*\**\s*:?\s*(?P<value>.*)$", re.IGNORECASE
)
_COMPLETED_ON = re.compile(r"Completed:?\s*(\d{4}-\d{2}-\d{2})", re.IGNORECASE)
_DONE_WORDS = ("COMPLETED", "COMPLETE", "DONE", "FINISHED")


@dataclass
class ImportedPhase:
    id: int
    name: str
    level: int
    line: int
    completed: bool
    objective: str = ""
    estimate: str | None = None
    completed_on: date | None = None
    #: the line a completion date was read from when it was not on the heading or the estimate line
    dated_line: int | None = None
    items: list[Item] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)  # every line under the heading, for claims


@dataclass
class Imported:
    project: str
    phases: list[ImportedPhase]
    warnings: list[str]


def parse_markdown(text: str, source: str = "timeline") -> Imported:
    project, warnings = source, list[str]()
    phases: list[ImportedPhase] = []
    stray: list[tuple[int, str]] = []
    current: ImportedPhase | None = None
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        heading = _HEADING.match(line)
        if heading:
            level, title = len(heading.group(1)), heading.group(2)
            if level == 1 and project == source:
                project = title
            if current is not None and level <= current.level:
                current = None
            found = _phase(title, level, number)
            if found is not None:
                if any(p.id == found.id for p in phases):
                    warnings.append(f"{source}:{number}: a second phase {found.id} ({found.name}); skipped it")
                else:
                    phases.append(found)
                    current = found
            elif current is None:
                section = title
            else:
                current.body.append((number, line))
            continue
        if current is None:
            _stray(line, number, section, stray)
        else:
            current.body.append((number, line))
            _phase_line(current, line, number, source, warnings)
    warnings.extend(_stray_warnings(stray, source))
    for phase in phases:
        _assign_ids(phase)
        warnings.extend(_date_warnings(phase, source))
    return Imported(project, phases, warnings)


def _phase(title: str, level: int, line: int) -> ImportedPhase | None:
    match = _PHASE.match(title)
    if match is None:
        return None
    status = (match.group("status") or "").strip().upper()
    done = status in _DONE_WORDS or any(m in match.group("mark") for m in DONE_MARKS)
    phase = ImportedPhase(int(match.group("num")), match.group("title").strip(), level, line, done)
    dated = _COMPLETED_ON.search(title)
    phase.completed_on = date.fromisoformat(dated.group(1)) if dated else None
    return phase


def _phase_line(phase: ImportedPhase, line: str, number: int, source: str, warnings: list[str]) -> None:
    fields = _FIELD.match(line.strip())
    if fields and not phase.items:
        key, value = fields.group("key").lower(), fields.group("value").strip()
        if key == "objective":
            phase.objective = phase.objective or value
            return
        dated = _COMPLETED_ON.search(value)
        if dated:
            phase.completed_on = date.fromisoformat(dated.group(1))
        raw = value.split("(", 1)[0].strip().strip("*").strip()
        phase.estimate = parse_estimate(raw)
        if phase.estimate is None and raw:
            warnings.append(f"{source}:{number}: phase {phase.id}: cannot read the estimate {raw!r}; left it out")
        return
    item = parse_item(line, number)
    if item is not None:
        phase.items.append(item)
        return
    dated = _COMPLETED_ON.search(line)
    if dated and phase.completed_on is None:  # `(Completed: 2025-03-03)` on a line of its own, or in prose
        phase.completed_on = date.fromisoformat(dated.group(1))
        phase.dated_line = number


def _date_warnings(phase: ImportedPhase, source: str) -> list[str]:
    """A completion the document does not date, or a date on a phase it does not mark completed, is said."""
    if phase.completed and phase.completed_on is None:
        return [
            f"{source}:{phase.line}: phase {phase.id} is marked completed without a date "
            "(such as `(Completed: 2025-01-27)`); `--state` dates its advancement today"
        ]
    if not phase.completed and phase.dated_line is not None:
        return [
            f"{source}:{phase.dated_line}: phase {phase.id} has a completion date but its heading does not mark it "
            "completed (`(COMPLETED)` or ✅); not advanced"
        ]
    return []


def _stray(line: str, number: int, section: str, stray: list[tuple[int, str]]) -> None:
    if parse_item(line, number) is not None:
        stray.append((number, section))


def _stray_warnings(stray: list[tuple[int, str]], source: str) -> list[str]:
    """One warning per section, not per bullet: the checklist of a template can be long."""
    groups: dict[str, list[int]] = {}
    for number, section in stray:
        groups.setdefault(section, []).append(number)
    return [
        f"{source}:{lines[0]}-{lines[-1]}: {counted(len(lines), 'marked item')} under {section or 'the preamble'!r} "
        f"are outside any phase; not imported"
        for section, lines in groups.items()
    ]


def _assign_ids(phase: ImportedPhase) -> None:
    seen: set[str] = set()
    for item in phase.items:
        base = slug(item.title or item.text)
        candidate, n = base, 2
        while candidate in seen:  # the same bold title twice in a phase: number the later ones
            candidate, n = f"{base}-{n}", n + 1
        item.id = candidate
        seen.add(candidate)


def to_data(imported: Imported, drafted: dict[int, Any] | None = None) -> dict[str, Any]:
    """The phases.yaml mapping (format v1), in document order; `drafted` (importer/drafts.py) adds checks."""
    drafted = drafted or {}
    return {
        "version": 1,
        "project": imported.project,
        "phases": [_phase_data(p, drafted.get(p.id)) for p in imported.phases],
    }


def _phase_data(phase: ImportedPhase, drafted: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": phase.id, "name": phase.name}
    if phase.objective:
        data["objective"] = phase.objective
    if phase.estimate:
        data["estimate"] = phase.estimate
    checks = []
    for item in phase.items:
        check: dict[str, Any] = {"id": item.id}
        if item.title and item.text:
            check["name"] = item.title
        check[MANUAL] = item.text or item.title or item.id
        checks.append((item.line, drafted.replaced.get(item.line, check) if drafted else check))
    if drafted:
        checks += drafted.checks
    data["checks"] = [check for _, check in sorted(checks, key=lambda pair: pair[0])]
    return data
