"""Read a phases file as YAML: the data, and the line and column of every value (for problems at their place).

Bounded: nesting depth and YAML alias expansion are capped, so a hostile file cannot exhaust memory or the stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tta_timeline.core.errors import ConfigError, Problem

try:  # the C loader is several times faster when libyaml is present
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[Any, ...]


def format_path(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_yaml(
    path: Path, name: str | None = None, raw: bytes | None = None
) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    """`name` is how messages call the file (default: the path); `raw` its bytes when they were read already."""
    name = name or str(path)
    try:
        raw = path.read_bytes() if raw is None else raw
    except FileNotFoundError:
        hint = "`tta-timeline init` writes a starter one, or point --file / TTA_TIMELINE_FILE at it"
        raise ConfigError([Problem(name, None, None, None, f"no such file ({hint})")]) from None
    except IsADirectoryError:
        raise ConfigError([Problem(name, None, None, None, "is a directory, not a phases file")]) from None
    except OSError as exc:
        raise ConfigError([Problem(name, None, None, None, f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = raw[: exc.start].count(b"\n") + 1, exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise ConfigError([Problem(name, at[0], at[1], None, message)]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = f"YAML syntax error: {getattr(exc, 'problem', None) or exc}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ConfigError([Problem(name, line, col, None, problem)]) from None
    finally:
        loader.dispose()
    if node is None:
        message = "the file is empty; it needs at least `version: 1`, `project` and `phases`"
        raise ConfigError([Problem(name, None, None, None, message)])
    marks: dict[Path_, tuple[int, int]] = {}
    problems: list[str] = []
    data = _build(node, (), marks, loader, name, problems, _Budget())
    if problems:
        raise ConfigError(problems)
    return data, marks


#: deeper nesting is no phases file (the format nests about 8 levels) and would exhaust the stack
MAX_DEPTH = 64
#: values reached again through YAML aliases; an alias bomb expands 400 bytes to billions of values
MAX_ALIASED = 10_000


class _Budget:
    """What _build has spent: nodes met before (alias expansions) are counted and capped."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.aliased = 0


def parse_trusted(raw: bytes) -> Any:
    """The data of bytes that loaded before: plain parsing, without positions or the budgets."""
    return yaml.load(raw.decode("utf-8-sig"), Loader=_Loader)


def _spend(node: Any, loc: Path_, name: str, budget: _Budget) -> None:
    def problem(message: str) -> Problem:
        return Problem(name, node.start_mark.line + 1, node.start_mark.column + 1, format_path(loc), message)

    if len(loc) > MAX_DEPTH:
        raise ConfigError([problem(f"nested more than {MAX_DEPTH} levels deep")])
    if id(node) in budget.seen:
        budget.aliased += 1
        if budget.aliased > MAX_ALIASED:
            raise ConfigError(
                [
                    problem(
                        f"YAML aliases expand to more than {MAX_ALIASED} values; "
                        "write the values out instead of nesting aliases"
                    )
                ]
            )
    budget.seen.add(id(node))


def _build(node: Any, loc: Path_, marks: dict, loader: Any, name: str, problems: list[str], budget: _Budget) -> Any:
    _spend(node, loc, name, budget)
    marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                mark = key_node.start_mark
                problems.append(
                    Problem(name, mark.line + 1, mark.column + 1, format_path(loc + (key,)), "duplicate key")
                )
            out[key] = _build(value_node, loc + (key,), marks, loader, name, problems, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), marks, loader, name, problems, budget) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
