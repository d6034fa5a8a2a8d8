"""Read phases.yaml: YAML with positions, ${VAR} expansion, pydantic validation, errors with file:line:col."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tta_timeline.config import crossref
from tta_timeline.config.yaml_source import format_path, parse_yaml
from tta_timeline.core.errors import ConfigError, LocatedValueError, Problem
from tta_timeline.core.expansion import substitute
from tta_timeline.core.printable import printable
from tta_timeline.core.secrets import collect_secrets

if TYPE_CHECKING:  # imported where a file is validated: a warm `status` (config/load_cache.py) builds no model
    from pydantic import ValidationError

    from tta_timeline.checks.base import CheckKind
    from tta_timeline.checks.lint import Finding
    from tta_timeline.config.model import Timeline

Path_ = tuple[Any, ...]
#: keys whose text is shown to people: control characters are replaced when the file loads (a load adds the
#: keys of the kinds that carry a label, such as a ticked item's text)
_DISPLAY_KEYS = frozenset({"project", "name", "objective", "skip", "tags"})


@dataclass
class Loaded:
    timeline: Timeline
    path: Path
    root: Path
    #: values the file holds or marks secret, for the session's registry
    secrets: list[str]
    #: whether the file itself holds a secret value (not only `secret_vars` names): the load cache keeps this flag
    holds_secrets: bool
    #: what `validate` warns about (checks/lint.py): problems that may not be problems where the checks run
    warnings: list[Problem] = field(default_factory=list)


def load(
    path: Path,
    env: Mapping[str, str],
    root_override: Path | None = None,
    shown: str | None = None,
    raw: bytes | None = None,
    kinds: Mapping[str, CheckKind] | None = None,
) -> Loaded:
    """`shown` is how messages name the file (relative under the current folder); default: `path`.

    `raw` is the file's bytes when they were read already (the load cache keys them); `kinds` is the
    registry of check kinds (default: checks/all_kinds.py).
    """
    # lazy: the model and the kinds build validators; a warm status (load cache) needs neither
    from tta_timeline.checks.all_kinds import KINDS
    from tta_timeline.config import lint
    from tta_timeline.config.model import timeline_model

    kinds = KINDS if kinds is None else kinds
    display = _DISPLAY_KEYS | {n for n, k in kinds.items() if k.label is not None}

    name = shown or str(path)
    data, marks = parse_yaml(path, name, raw)
    problems: list[str] = []
    data = expand(data, env, (), marks, name, problems, display)
    if problems:
        raise ConfigError(problems)
    secrets = collect_secrets(data)
    data = unwrap_secrets(data, secrets)
    holds_secrets = any(secrets)
    try:
        timeline = validate(data, marks, name, timeline_model(kinds))
    except ConfigError as exc:  # what does validate on its own is linted too: every problem at once
        given = data.get("root") if isinstance(data, dict) else None
        root = (root_override or (path.parent / (given if isinstance(given, str) else "."))).resolve()
        errors, warnings = _placed(lint.pieces(data, root, env) if isinstance(data, dict) else [], name, marks)
        raise ConfigError(sorted([*exc.problems, *errors], key=_position), warnings) from None
    secrets.extend(env.get(name) or "" for p in timeline.phases for c in p.checks for name in c.secret_vars)
    root = (root_override or (path.parent / timeline.root)).resolve()
    errors, warnings = _placed(lint.timeline(timeline, root, env), name, marks)
    if errors:
        raise ConfigError(errors, warnings)
    return Loaded(timeline, path, root, [s for s in secrets if s], holds_secrets, warnings)


def _placed(findings: list[Finding], path: Path | str, marks: dict) -> tuple[list[Problem], list[Problem]]:
    """Lint findings as problems with their line and column: (errors, warnings), in reading order."""
    placed = sorted(
        ((f.warning, located(path, marks, f.loc, f.message)) for f in findings), key=lambda w: _position(w[1])
    )
    return [p for warning, p in placed if not warning], [p for warning, p in placed if warning]


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


def located(path: Path | str, marks: dict, loc: Path_, message: str) -> Problem:
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


def expand(
    value: Any,
    env: Mapping[str, str],
    loc: Path_,
    marks: dict,
    path: Path | str,
    problems: list[str],
    display: frozenset[str] = _DISPLAY_KEYS,
) -> Any:
    """${VAR} and ${VAR:-default} in every string; $$ is a literal $. Text under `display` keys loses control characters."""
    if isinstance(value, dict):
        return {k: expand(v, env, loc + (k,), marks, path, problems, display) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v, env, loc + (i,), marks, path, problems, display) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    if (loc[-2] if loc and isinstance(loc[-1], int) and len(loc) > 1 else loc[-1] if loc else None) in display:
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


def validate(data: Any, marks: dict, path: Path | str, model: type[Timeline] | None = None) -> Timeline:
    """`model` is the Timeline model of a registry of kinds (default: every kind in checks/all_kinds.py)."""
    # lazy: the model and the kinds build validators; a warm status (load cache) needs neither
    from pydantic import ValidationError

    from tta_timeline.config.model import Timeline

    model = Timeline if model is None else model

    if not isinstance(data, dict):
        raise ConfigError([Problem(str(path), 1, 1, None, "expected a mapping with version, project and phases")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc, data, marks, path, model)
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


def _problems(exc: ValidationError, data: Any, marks: dict, path: Path | str, model: type[Timeline]) -> list[str]:
    # lazy: the model and the kinds build validators; a warm status (load cache) needs neither
    from tta_timeline.config import keys

    seen: dict[tuple[Any, ...], Problem] = {}
    for err in exc.errors():
        loc = _real_loc(tuple(err["loc"]), data)
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, LocatedValueError):
            loc = loc + cause.loc
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = keys.unknown_key(loc, model)
        elif err["type"] in ("model_type", "dict_type"):
            msg = keys.mapping_expected(loc, err.get("input"), model) or msg
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
