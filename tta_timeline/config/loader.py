"""Read phases.yaml: YAML with positions, ${VAR} expansion, pydantic validation, errors with file:line:col."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tta_timeline.config import crossref, keys, lint
from tta_timeline.config.model import Timeline
from tta_timeline.core.errors import ConfigError, LocatedValueError, Problem
from tta_timeline.core.expansion import substitute
from tta_timeline.core.printable import printable
from tta_timeline.core.secrets import collect_secrets

try:  # the C loader is several times faster when libyaml is present
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[Any, ...]
#: keys whose text is shown to people: control characters are replaced when the file loads
_DISPLAY_KEYS = {"project", "name", "objective", "skip", "manual", "tags"}


@dataclass
class Loaded:
    timeline: Timeline
    path: Path
    root: Path
    #: values the file holds or marks secret, for the session's registry
    secrets: list[str]
    #: what `validate` warns about (checks/lint.py): problems that may not be problems where the checks run
    warnings: list[Problem] = field(default_factory=list)


def format_path(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load(path: Path, env: Mapping[str, str], root_override: Path | None = None) -> Loaded:
    data, marks = parse_yaml(path)
    problems: list[str] = []
    data = expand(data, env, (), marks, path, problems)
    if problems:
        raise ConfigError(problems)
    secrets = collect_secrets(data)
    data = unwrap_secrets(data, secrets)
    timeline = validate(data, marks, path)
    secrets.extend(
        env.get(c.spec.name) or "" for p in timeline.phases for c in p.checks if c.kind == "env" and c.spec.secret
    )
    root = (root_override or (path.parent / timeline.root)).resolve()
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for finding in lint.timeline(timeline, root, env):
        problem = located(path, marks, finding.loc, finding.message)
        (warnings if finding.warning else errors).append(problem)
    if errors:
        raise ConfigError(sorted(errors, key=_position))
    return Loaded(timeline, path, root, [s for s in secrets if s], sorted(warnings, key=_position))


def unwrap_secrets(value: Any, found: list[str]) -> Any:
    """`{value: X, secret: true}` anywhere becomes X, and X is registered as a secret."""
    if isinstance(value, dict):
        if set(value) == {"value", "secret"} and value["secret"] is True:
            found.append(str(value["value"]))
            return value["value"]
        return {k: unwrap_secrets(v, found) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v, found) for v in value]
    return value


def parse_yaml(path: Path) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            [
                f"{name}: no such file (`tta-timeline init` writes a starter one, or point --file / TTA_TIMELINE_FILE at it)"
            ]
        ) from None
    except IsADirectoryError:
        raise ConfigError([f"{name}: is a directory, not a phases file"]) from None
    except OSError as exc:
        raise ConfigError([f"{name}: cannot read: {exc.strerror or exc}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigError(
            [f"{name}:{line}:{col}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"]
        ) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError([f"{where}: YAML syntax error: {problem}"]) from None
    finally:
        loader.dispose()
    if node is None:
        raise ConfigError([f"{name}: the file is empty; it needs at least `version: 1`, `project` and `phases`"])
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


def _spend(node: Any, loc: Path_, name: str, budget: _Budget) -> None:
    where = f"{name}:{node.start_mark.line + 1}:{node.start_mark.column + 1} {format_path(loc)}"
    if len(loc) > MAX_DEPTH:
        raise ConfigError([f"{where}: nested more than {MAX_DEPTH} levels deep"])
    if id(node) in budget.seen:
        budget.aliased += 1
        if budget.aliased > MAX_ALIASED:
            raise ConfigError(
                [
                    f"{where}: YAML aliases expand to more than {MAX_ALIASED} values; "
                    "write the values out instead of nesting aliases"
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
                line = key_node.start_mark.line + 1
                problems.append(
                    f"{name}:{line}:{key_node.start_mark.column + 1} {format_path(loc + (key,))}: duplicate key"
                )
            out[key] = _build(value_node, loc + (key,), marks, loader, name, problems, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), marks, loader, name, problems, budget) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def located(path: Path, marks: dict, loc: Path_, message: str) -> Problem:
    """A problem at `loc`, placed at the nearest position the file records (the value, else what holds it)."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in marks:
            line, col = marks[loc[:cut]]
            return Problem(str(path), line, col, format_path(loc), message)
    return Problem(str(path), None, None, format_path(loc), message)


def _command_line(loc: Path_) -> bool:
    """A command line written as one string: it expands per argument when it runs (see expansion)."""
    return loc[-2:] in (("command", "run"), ("pytest", "args")) or (
        len(loc) >= 3 and loc[-3] == "setup" and loc[-1] == "run"
    )


def expand(value: Any, env: Mapping[str, str], loc: Path_, marks: dict, path: Path, problems: list[str]) -> Any:
    """${VAR} and ${VAR:-default} in every string; $$ is a literal $. Display text loses control characters."""
    if isinstance(value, dict):
        return {k: expand(v, env, loc + (k,), marks, path, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v, env, loc + (i,), marks, path, problems) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    if (loc[-2] if loc and isinstance(loc[-1], int) and len(loc) > 1 else loc[-1] if loc else None) in _DISPLAY_KEYS:
        value = printable(value)

    def missing(var: str) -> None:
        problems.append(
            located(
                path,
                marks,
                loc,
                f"environment variable {var} is not set and has no default (write ${{{var}:-default}})",
            )
        )

    expanded = substitute(value, env, missing)
    return value if _command_line(loc) else expanded


def validate(data: Any, marks: dict, path: Path) -> Timeline:
    if not isinstance(data, dict):
        raise ConfigError([f"{path}:1:1: expected a mapping with version, project and phases"])
    try:
        return Timeline.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc, data, marks, path)
        # Model validators only run once fields are valid; report cross-references in this pass too.
        for loc, message in crossref.all_problems(data):
            line = located(path, marks, loc, message)
            if line not in problems:
                problems.append(line)
        raise ConfigError(sorted(problems, key=_position)) from None


def _position(problem: str) -> tuple[int, int]:
    """(line, column) of a `file:line:col path: message` problem, for reading order."""
    match = re.search(r":(\d+):(\d+) ", problem)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _problems(exc: ValidationError, data: Any, marks: dict, path: Path) -> list[str]:
    seen: dict[tuple[Any, ...], Problem] = {}
    for err in exc.errors():
        loc = _real_loc(tuple(err["loc"]), data)
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, LocatedValueError):
            loc = loc + cause.loc
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = keys.unknown_key(loc)
        elif err["type"] in ("model_type", "dict_type"):
            msg = keys.mapping_expected(loc, err.get("input")) or msg
        problem = located(path, marks, loc, msg)
        seen.setdefault((problem.line, problem.column, problem.field), problem)  # one message per place
    return list(seen.values())


def _real_loc(loc: Path_, data: Any) -> Path_:
    """Drop pydantic's union-branch labels (e.g. 'int', 'list[int]') that are not keys of the data."""
    out: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part[:1].islower() and "[" not in part:
            node = None  # a missing key is still worth naming ("Field required")
        else:
            continue
        out.append(part)
    return tuple(out)
