"""Everything `validate` can tell about a loaded phases file without running it.

Each check kind lints its own spec (its `lint` hook in checks/all_kinds.py); this module adds what
belongs to the file rather than to a kind (service URLs, setup processes) and places every finding
at its path in the file, so the loader can give it a line and column.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from tta_timeline.checks import lint
from tta_timeline.checks.command import resolve_cwd
from tta_timeline.checks.http import address_problem
from tta_timeline.checks.lint import Finding, LintContext
from tta_timeline.config.model import Check, Services, SetupProcess, Timeline

SERVICE_MODELS = Services.models()


def timeline(model: Timeline, root: Path, env: Mapping[str, str]) -> list[Finding]:
    """Errors and warnings, each at its path in the file (keys as written there)."""
    services = {name: getattr(model.services, name) for name in SERVICE_MODELS}
    phases = [(list(phase.setup), list(phase.checks)) for phase in model.phases]
    return _findings(services, phases, LintContext(root, env, frozenset(n for n, s in services.items() if s)))


def pieces(data: dict, root: Path, env: Mapping[str, str]) -> list[Finding]:
    """For a file that does not validate as a whole: the findings of each service, setup process and check that does."""
    given = _get(data, "services")
    services = {name: _valid(model, _get(given, name)) for name, model in SERVICE_MODELS.items()}
    phases = [
        ([_valid(SetupProcess, s) for s in _list(phase, "setup")], [_valid(Check, c) for c in _list(phase, "checks")])
        for phase in _list(data, "phases")
    ]
    configured = frozenset(name for name in SERVICE_MODELS if _get(given, name) is not None)
    return _findings(services, phases, LintContext(root, env, configured))


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _list(value: Any, key: str) -> list[Any]:
    items = _get(value, key)
    return items if isinstance(items, list) else []


def _valid(model: Any, value: Any) -> Any:
    """The model of `value`, or None when it has problems of its own (the loader reports those)."""
    if not isinstance(value, dict):
        return None
    try:
        return model.model_validate(value)
    except ValidationError:
        return None


def _findings(services: dict[str, Any], phases: list[tuple[list[Any], list[Any]]], ctx: LintContext) -> list[Finding]:
    found = [f for name, given in services.items() if given is not None for f in _service(name, given)]
    for p, (setup, checks) in enumerate(phases):
        for s, process in enumerate(setup):
            if process is not None:
                found += [f.under("phases", p, "setup", s) for f in _setup(process, ctx)]
        for c, check in enumerate(checks):
            hook = check.rules.lint if check is not None else None
            for finding in hook(check.spec, ctx) if hook is not None else []:
                if not (finding.warning and check.skip is not None):  # a skipped check runs nowhere
                    found.append(finding.under("phases", p, "checks", c, check.kind))
    return found


def _service(name: str, settings: Any) -> Iterator[Finding]:
    key = SERVICE_MODELS[name].url_field
    url = getattr(settings, key)
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower() if "://" in url else ""
    except ValueError as exc:
        yield Finding(("services", name, key), f"malformed URL: {exc}")
        return
    schemes = SERVICE_MODELS[name].schemes
    if scheme not in schemes:
        yield Finding(
            ("services", name, key), f"{name} URL scheme must be one of {', '.join(f'{s}://' for s in schemes)}"
        )
    elif scheme != "unix":
        problem = address_problem(parts)
        if problem:
            yield Finding(("services", name, key), f"malformed URL: {problem}")


def _setup(process: Any, ctx: LintContext) -> list[Finding]:
    env = {**ctx.env, **process.env}
    found = lint.command_line(process.run, False, resolve_cwd(process.cwd, ctx.root), env)
    found += lint.cwd(process.cwd, ctx)
    ready = process.ready
    if ready is None:
        return found
    if ready.tcp is not None and tcp_address(ready.tcp) is None:
        found.append(
            Finding(("ready", "tcp"), f"{ready.tcp!r} is not a port or host:port (e.g. 8080 or localhost:8080)")
        )
    if ready.http is None and ready.tcp is None:
        message = "ready has neither http nor tcp: the process counts as ready as soon as it has started"
        found.append(Finding(("ready",), message, warning=True))
    return found


def tcp_address(value: str | int) -> tuple[str, int] | None:
    """(host, port) of a `ready.tcp` (8080, "8080", "db:5432", "[::1]:6379"), or None when it does not parse."""
    host, _, port = str(value).rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536 or (":" in host and not host.startswith("[")):
        return None
    return host.strip("[]") or "127.0.0.1", int(port)
