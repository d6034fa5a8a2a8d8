"""What a command works on: phase ids (`--phase 1,2`), and selectors: `4`, `4.health`, `4.redis-*`.

A name that matches nothing is a usage error that says so and suggests the nearest names.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import Any

from tta_timeline.core.errors import UsageError
from tta_timeline.core.suggest import did_you_mean

GLOB = set("*?[")
SHAPES = "a phase id (4), a check (4.health) or a glob (4.redis-*)"


def listing(names: Iterable[Any], limit: int = 12) -> str:
    names = [str(n) for n in names]
    shown = ", ".join(names[:limit]) or "none"
    return shown + (f", … ({len(names)} in all)" if len(names) > limit else "")


def phase_ids(values: Iterable[str | int] | None, option: str = "--phase") -> list[int]:
    """`--phase 1,2 --phase 3` -> [1, 2, 3]."""
    ids: list[int] = []
    for value in values or []:
        for part in filter(None, (p.strip() for p in str(value).split(","))):
            try:
                ids.append(int(part))
            except ValueError:
                raise UsageError(f"{option} {value}: expected phase ids, such as 2 or 1,2") from None
    return ids


def unknown_phase(timeline: Any, phase_id: int, what: str, source: Any) -> UsageError:
    known = [str(p.id) for p in timeline.phases]
    return UsageError(
        f"{what}: no such phase in {source} (phases: {listing(known)}){did_you_mean(str(phase_id), known)}"
    )


def require_phases(timeline: Any, ids: Iterable[int], source: Any, option: str = "--phase") -> None:
    for phase_id in ids:
        if timeline.phase(phase_id) is None:
            raise unknown_phase(timeline, phase_id, f"{option} {phase_id}", source)


def require_check(timeline: Any, check_id: str, phase_id: int | None, source: Any, option: str = "--check") -> None:
    """A check id named by an option (history --check): it must exist in the phase, or in some phase."""
    phases = [timeline.phase(phase_id)] if phase_id is not None else timeline.phases
    ids = [c.id for p in phases for c in p.checks]
    if check_id not in ids:
        where = f"phase {phase_id}" if phase_id is not None else str(source)
        raise UsageError(f"{option} {check_id}: no check {check_id!r} in {where}{did_you_mean(check_id, ids)}")


def check_option(timeline: Any, value: str, phase_id: int | None, source: Any) -> tuple[int | None, str]:
    """(phase, check id) for `--check VALUE`: a check id, or PHASE.CHECK when no check has VALUE as its id."""
    head, dot, rest = value.partition(".")
    phase = timeline.phase(int(head)) if dot and head.isdigit() else None
    if phase is None or any(c.id == value for p in timeline.phases for c in p.checks):
        require_check(timeline, value, phase_id, source)
        return phase_id, value
    if phase_id is not None and phase_id != phase.id:
        raise UsageError(f"--check {value} names phase {phase.id}, but --phase is {phase_id}")
    known = [c.id for c in phase.checks]
    if rest not in known:
        hint = did_you_mean(rest, known, show=lambda m: f"{phase.id}.{m}")
        raise UsageError(f"--check {value}: phase {phase.id} has no check {rest!r}{hint}")
    return phase.id, rest


def resolve_check(timeline: Any, target: str, source: Any) -> tuple[Any, Any]:
    """PHASE.CHECK -> (phase, check); split at the first dot because check ids may contain dots."""
    head, dot, check_id = target.partition(".")
    if not dot or not check_id:
        raise UsageError(f"{target!r}: expected PHASE.CHECK, e.g. 1.reviewed")
    try:
        phase_id = int(head)
    except ValueError:
        raise UsageError(f"{target!r}: the phase in PHASE.CHECK must be a number, not {head!r}") from None
    # the closest PHASE.CHECK of the whole file: a check ticked under the wrong phase is found too
    hint = did_you_mean(target, [f"{p.id}.{c.id}" for p in timeline.phases for c in p.checks])
    phase = timeline.phase(phase_id)
    if phase is None:
        known = listing(p.id for p in timeline.phases)
        raise UsageError(f"{target}: no phase {phase_id} in {source} (phases: {known}){hint}")
    check = phase.check(check_id)
    if check is None:
        known = listing(c.id for c in phase.checks)
        raise UsageError(f"{target}: phase {phase_id} has no check {check_id!r} (checks: {known}){hint}")
    return phase, check


def select(timeline: Any, selectors: Iterable[str], phases: Iterable[int], source: Any) -> dict[int, set[str] | None]:
    """Phase id -> the ids of the checks chosen in it (None: every check), in the file's order of phases."""
    require_phases(timeline, phases, source)
    chosen: dict[int, set[str] | None] = {pid: None for pid in phases}
    for selector in selectors:
        phase_id, ids = _resolve(timeline, selector, source)
        if phase_id in chosen:  # the union: a whole phase wins over some of its checks
            current = chosen[phase_id]
            chosen[phase_id] = None if current is None or ids is None else current | ids
        else:
            chosen[phase_id] = ids
    order = [p.id for p in timeline.phases]
    return dict(sorted(chosen.items(), key=lambda item: order.index(item[0])))


def _resolve(timeline: Any, selector: str, source: Any) -> tuple[int, set[str] | None]:
    head, dot, pattern = selector.partition(".")
    try:
        phase_id = int(head)
    except ValueError:
        raise UsageError(f"{selector}: expected {SHAPES}") from None
    phase = timeline.phase(phase_id)
    if phase is None:
        raise unknown_phase(timeline, phase_id, selector, source)
    if not dot:
        return phase_id, None
    ids = [c.id for c in phase.checks]
    if not pattern:
        raise UsageError(f"{selector}: expected {SHAPES}")
    if GLOB & set(pattern):
        matched = {i for i in ids if fnmatchcase(i, pattern)}
        if not matched:
            raise UsageError(f"{selector}: no check of phase {phase_id} matches (checks: {listing(ids)})")
        return phase_id, matched
    if pattern not in ids:
        suggestion = did_you_mean(pattern, ids, show=lambda match: f"{phase_id}.{match}")
        raise UsageError(f"{selector}: phase {phase_id} has no check {pattern!r} (checks: {listing(ids)}){suggestion}")
    return phase_id, {pattern}
