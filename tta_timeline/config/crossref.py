"""Cross-references in a phases file: unique ids, known `depends_on` and `needs`, no cycles.

Reads raw YAML data and validated models alike, so the loader can report these problems in the
same pass as type errors (pydantic runs model validators only once every field is valid).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Problem = tuple[tuple[Any, ...], str]


def _get(obj: Any, key: str, default: Any = None) -> Any:
    return obj.get(key, default) if isinstance(obj, dict) else getattr(obj, key, default)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def check_problems(phase: Any) -> Iterator[Problem]:
    """Problems among one phase's checks; locations are relative to the phase."""
    seen: set[str] = set()
    checks = _list(_get(phase, "checks"))
    for index, check in enumerate(checks):
        cid = _get(check, "id")
        if isinstance(cid, str) and cid in seen:
            yield ("checks", index, "id"), f"duplicate check id {cid!r} in phase {_get(phase, 'id')}"
        if isinstance(cid, str):
            seen.add(cid)
    for index, check in enumerate(checks):
        for need in _list(_get(check, "needs")):
            if isinstance(need, str) and need not in seen:
                yield ("checks", index, "needs"), f"check {_get(check, 'id')!r} needs unknown check {need!r}"


def _is_id(value: Any) -> bool:
    """A phase id as the model takes it: YAML's true/false are not 1/0 (the type error says so)."""
    return isinstance(value, int) and not isinstance(value, bool)


def dependencies(phases: list[Any]) -> dict[int, list[int]]:
    """depends_on per phase id, the default (the previous phase) filled in."""
    graph: dict[int, list[int]] = {}
    previous = None
    for phase in phases:
        pid, deps = _get(phase, "id"), _get(phase, "depends_on")
        if _is_id(pid):
            graph.setdefault(
                pid,
                [d for d in _list(deps) if _is_id(d)]
                if deps is not None
                else ([previous] if previous is not None else []),
            )
            previous = pid
    return graph


def phase_problems(phases: Any) -> Iterator[Problem]:
    """Problems across phases; locations are relative to the top of the file."""
    phases = _list(phases)
    ids = [_get(p, "id") for p in phases]
    for index, pid in enumerate(ids):
        if _is_id(pid) and pid in ids[:index]:
            yield ("phases", index, "id"), f"duplicate phase id {pid}"
    graph = dependencies(phases)
    for index, phase in enumerate(phases):
        for dep in _list(_get(phase, "depends_on")):
            if _is_id(dep) and dep not in graph:
                yield ("phases", index, "depends_on"), f"phase {_get(phase, 'id')} depends on unknown phase {dep}"
    cycle = find_cycle({k: [d for d in v if d in graph] for k, v in graph.items()})
    if cycle:
        yield ("phases", ids.index(cycle[0]), "depends_on"), "dependency cycle: " + " -> ".join(map(str, cycle))


def all_problems(data: Any) -> list[Problem]:
    out = list(phase_problems(_get(data, "phases") if isinstance(data, dict) else None))
    for index, phase in enumerate(_list(_get(data, "phases") if isinstance(data, dict) else None)):
        out += [(("phases", index, *loc), msg) for loc, msg in check_problems(phase)]
    return out


def find_cycle(graph: dict[int, list[int]]) -> list[int] | None:
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: int, path: list[int]) -> list[int] | None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [node, nxt] if nxt in path else [node, nxt]
            if nxt not in state:
                found = visit(nxt, path + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for start in graph:
        if start not in state:
            found = visit(start, [])
            if found:
                return found
    return None
