"""Claims -> runnable checks: what a hand-kept phase says it did, drafted as checks that look for it.

A claim specific enough becomes a `file`, `pytest` or `http` check tagged `drafted`, named by the claim;
the rest stay `manual`. Every decision is kept as a Row for `import --report`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tta_timeline.importer import claims as c
from tta_timeline.importer.markdown import ImportedPhase
from tta_timeline.importer.markdown_lines import Item, slug

MANUAL = "manual: not specific enough"
TAGS = ["drafted"]
# configuration a repository usually keeps out of git; templates of it (.example) are committed
_LOCAL_CONFIG = re.compile(r"^\.env(?:\.[\w.-]+)?$")
_TEMPLATE = (".example", ".sample", ".template", ".dist")
_BIND_ALL = ("0.0.0.0", "[::]", "::")


@dataclass
class Row:
    phase: int
    line: int
    claim: str
    drafted: str
    why: str


@dataclass
class Drafted:
    """One phase's drafted checks (by document line), its setup stub and its lessons."""

    checks: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    replaced: dict[int, dict[str, Any]] = field(default_factory=dict)  # item line -> its drafted check
    rows: list[Row] = field(default_factory=list)
    setup_stub: list[str] = field(default_factory=list)
    lessons: list[tuple[int, str]] = field(default_factory=list)


def draft_phase(phase: ImportedPhase) -> Drafted:
    found = c.read_phase(phase.body, {item.line for item in phase.items})
    out = Drafted(lessons=found.lessons)
    taken = {item.id for item in phase.items}
    base = _client_url(found.base_url) if found.base_url else None
    for item in phase.items:
        _item(out, phase.id, item, base)
    for listed in _unique_paths(found.files):
        _listed(out, phase.id, listed, taken)
    counted = {_counts(check): line for line, check in out.replaced.items() if "pytest" in check}
    for claim in found.passing:
        check = _passing_check(claim, claim.text, "tests-passing")
        if _counts(check) in counted:  # the summary repeats an item's count: one check is enough
            out.rows.append(
                Row(
                    phase.id,
                    claim.line,
                    claim.text,
                    MANUAL,
                    f"the same count as line {counted[_counts(check)]}, drafted there",
                )
            )
            continue
        counted[_counts(check)] = claim.line
        check["id"] = _new_id("tests-passing", taken)
        out.checks.append((claim.line, check))
        out.rows.append(Row(phase.id, claim.line, claim.text, _label(phase.id, check), _passing_why(check)))
    out.checks.sort(key=lambda pair: pair[0])
    out.rows.sort(key=lambda row: row.line)
    urls = [check["http"]["url"] for check in out.replaced.values() if "http" in check]
    if urls:
        out.setup_stub = _stub(found.base_url or "", found.base_line, urls)
    return out


def _item(out: Drafted, phase: int, item: Item, base: str | None) -> None:
    text = f"{item.title}: {item.text}" if item.title and item.text else (item.title or item.text)
    claim = c.plain(text)
    check, why = _item_check(item, text, claim, base)
    if check is None:
        out.rows.append(Row(phase, item.line, claim, MANUAL, why))
        return
    out.replaced[item.line] = check
    out.rows.append(Row(phase, item.line, claim, _label(phase, check), why))


def _item_check(item: Item, text: str, claim: str, base: str | None) -> tuple[dict[str, Any] | None, str]:
    path = c.endpoint(item.text)
    if path is not None:
        answer = c.expected_answer(item.text, path)
        if answer is None:
            return None, f"names the endpoint {path} but no answer to expect"
        if base is None:
            return None, f"names the endpoint {path}, but the phase states no base URL (`http://host:port`)"
        spec, why = answer
        http = {"url": base.rstrip("/") + path, "status": 200, **spec}
        return _drafted(item.id, claim, http=http), why
    counted = c.passing(text)
    if counted is not None:
        claimed = c.Passing(item.line, claim, *counted)
        check = _passing_check(claimed, claim, item.id)
        return check, _passing_why(check)
    if c.test_count(item.text) is not None:
        return None, "counts tests but names no test file and no passing count"
    if c.base_url(item.text):
        return None, "states the base URL for the phase's http checks; starting the server is its setup's job"
    if "`" in item.text:
        return None, "names code or a file, but claims something about it a check cannot see"
    return None, "no file list entry, endpoint with an answer, or test count to run"


def _listed(out: Drafted, phase: int, listed: c.Listed, taken: set[str]) -> None:
    name = listed.path.rsplit("/", 1)[-1]
    advisory = bool(_LOCAL_CONFIG.match(name)) and not name.endswith(_TEMPLATE)
    check = _drafted(_path_id(listed.path, taken), c.plain(listed.text), file={"path": listed.path})
    why = "listed under the phase's files: drafted as exists"
    if advisory:
        check = {**check, "required": False}
        why = "local configuration, usually not committed: advisory"
    out.checks.append((listed.line, _ordered(check)))
    out.rows.append(Row(phase, listed.line, c.plain(listed.text), _label(phase, check), why))
    count = c.test_count(listed.description)
    if count is not None and (c.is_test_file(listed.path) or listed.path.startswith("tests/")):
        spec = {"args": [listed.path], "min_passed": count}
        tests = _drafted(_new_id(f"{check['id']}-passes", taken), c.plain(listed.text), pytest=spec)
        out.checks.append((listed.line, tests))
        out.rows.append(
            Row(
                phase,
                listed.line,
                c.plain(listed.text),
                _label(phase, tests),
                f"a test file named with a count: at least {count} passed",
            )
        )


def _unique_paths(files: list[c.Listed]) -> list[c.Listed]:
    seen: set[str] = set()
    out = []
    for listed in files:  # "New Files" and "Enhanced Files" may both name a path: one check
        if listed.path not in seen:
            seen.add(listed.path)
            out.append(listed)
    return out


def _passing_check(claim: c.Passing, name: str, check_id: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"min_passed": claim.passed}
    if claim.total:
        # the claim's own numbers must pass it: round the rate down, allow the failures it admits
        spec["max_failed"] = max(claim.total - claim.passed, 0)
        spec["min_pass_rate"] = math.floor(claim.passed / claim.total * 100) / 100
    return _drafted(check_id, name, pytest=spec)


def _counts(check: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(check["pytest"].items()))


def _passing_why(check: dict[str, Any]) -> str:
    spec = check["pytest"]
    if "min_pass_rate" in spec:
        return (
            f"a phase-level pass count: at least {spec['min_passed']} passed, at most {spec['max_failed']} "
            f"failed, pass rate at least {spec['min_pass_rate']:.0%}, over the whole suite"
        )
    return f"a phase-level pass count: at least {spec['min_passed']} passed (none failing) over the whole suite"


def _drafted(check_id: str, name: str, **kind: Any) -> dict[str, Any]:
    return {"id": check_id, "name": name, "tags": list(TAGS), **kind}


def _ordered(check: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "name", "required", "tags")
    return {**{k: check[k] for k in keys if k in check}, **{k: v for k, v in check.items() if k not in keys}}


def _label(phase: int, check: dict[str, Any]) -> str:
    kind = next(k for k in ("file", "pytest", "http") if k in check)
    spec = check[kind]
    what = {
        "file": lambda: spec["path"],
        "http": lambda: f"GET {spec['url']}",
        "pytest": lambda: " ".join(spec.get("args", [])) or "whole suite",
    }[kind]()
    advisory = " (advisory)" if check.get("required") is False else ""
    return f"{phase}.{check['id']}: {kind} {what}{advisory}"


def _path_id(path: str, taken: set[str]) -> str:
    """The file name, with as many parent folders as it takes to be unique in the phase."""
    parts = [p for p in path.split("/") if p]
    for n in range(1, len(parts) + 1):
        candidate = slug("/".join(parts[-n:]), 64)
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    return _new_id(slug(path, 64), taken)


def _new_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _client_url(url: str) -> str:
    """A server said to listen on 0.0.0.0 is reached at 127.0.0.1."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host in _BIND_ALL or f"[{host}]" in _BIND_ALL:
        netloc = "127.0.0.1" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts).rstrip("/")


def _stub(stated: str, line: int | None, urls: list[str]) -> list[str]:
    ready = next((u for u in urls if u.endswith("/health")), urls[0])
    where = f" (line {line})" if line else ""
    return [
        f"# drafted: the http checks need the server the phase states, {stated}{where}; fill in how to start it:",
        "# setup:",
        "#   - name: server",
        "#     run: the command that starts it",
        f'#     ready: {{http: "{ready}", timeout: 60s}}',
    ]
