"""`file`: a path (or glob) exists, and its text contains / does not contain patterns."""

from __future__ import annotations

import glob
import os
import stat
from pathlib import Path

from pydantic import BaseModel, ByteSize, ConfigDict, Field

from tta_timeline.checks import detail, lint
from tta_timeline.checks.base import CheckContext, Outcome
from tta_timeline.checks.patterns import MULTILINE, Budget, Pattern, compile_all
from tta_timeline.core.errors import CheckConfigError
from tta_timeline.core.results import Status

MAX_LISTED = 50
DEFAULT_MAX_SIZE = 50_000_000


class FileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    path: str = Field(description="relative to the root (may not escape it) or absolute; a glob is allowed")
    exists: bool = Field(True, description="false: the path must not exist")
    min_matches: int = Field(1, ge=0, description="for a glob: how many files must match")
    contains: str | list[str] | None = Field(None, description="regular expression(s) every file must match")
    not_contains: str | list[str] | None = Field(None, description="regular expression(s) no file may match")
    max_size: ByteSize = Field(
        ByteSize(DEFAULT_MAX_SIZE), gt=0, description="contains / not_contains read files up to this size (50MB)"
    )


class _Misconfigured(CheckConfigError):
    pass


def _patterns(value: str | list[str] | None) -> list[Pattern]:
    return compile_all(value, MULTILINE)


def _matches(spec: FileSpec, root: Path) -> list[Path]:
    """Existing paths for spec.path; a relative path may not climb out of the root."""
    if os.path.isabs(spec.path):
        pattern = spec.path
    else:
        pattern = os.path.normpath(os.path.join(root, spec.path))
        if lint.outside_root(spec.path, root):
            raise _Misconfigured(f"path {spec.path} escapes the project root; use an absolute path")
    if glob.has_magic(pattern):
        # wcmatch's `**` does not descend into symlinked folders (the stdlib's follows them round any loop);
        # a symlinked folder named by the pattern itself is still followed.
        from wcmatch import glob as wcglob

        return sorted(Path(p) for p in wcglob.glob(pattern, flags=wcglob.GLOBSTAR))
    return [Path(pattern)] if os.path.lexists(pattern) else []


def check_lint(spec: FileSpec, ctx: lint.LintContext) -> list[lint.Finding]:
    """Invalid patterns; a relative path climbing out of the root (the run refuses it); an absolute one outside it."""
    found = lint.patterns("contains", spec.contains, MULTILINE) + lint.patterns(
        "not_contains", spec.not_contains, MULTILINE
    )
    if lint.outside_root(spec.path, ctx.root):
        if os.path.isabs(spec.path):
            found.append(lint.Finding(("path",), f"{spec.path} is outside the project root {ctx.root}", warning=True))
        else:
            found.append(lint.Finding(("path",), f"{spec.path} escapes the project root; use an absolute path"))
    return found


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def run(spec: FileSpec, ctx: CheckContext) -> Outcome:
    try:
        wanted, unwanted = _patterns(spec.contains), _patterns(spec.not_contains)
        found = _matches(spec, ctx.root)
    except CheckConfigError as exc:
        return Outcome(Status.ERROR, str(exc))
    names = [_shown(p, ctx.root) for p in found]
    evidence: dict = {"matched": names[:MAX_LISTED], "match_count": len(names)}
    if not spec.exists:
        if found:
            return Outcome(
                Status.FAIL, f"{_found(spec.path, names)}, expected none", evidence, detail=detail.listing(names)
            )
        return Outcome(Status.PASS, _missing(spec.path), evidence)
    if len(found) < spec.min_matches:
        where = f"looked for {spec.path} under {ctx.root}"
        if not found:
            return Outcome(Status.FAIL, _missing(spec.path), evidence, detail=where)
        expected = f"expected at least {spec.min_matches}"
        return Outcome(
            Status.FAIL,
            f"{_found(spec.path, names)}, {expected}",
            evidence,
            detail=detail.lines(where, detail.listing(names)),
        )
    try:
        failures = _content_failures(found, ctx.root, wanted, unwanted, _Reader(spec.max_size, Budget(ctx.timeout)))
    except CheckConfigError as exc:
        return Outcome(Status.ERROR, str(exc), evidence)
    if failures:
        evidence["failures"] = failures[:MAX_LISTED]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        return Outcome(
            Status.FAIL,
            failures[0]["problem"] + more,
            evidence,
            detail=detail.listing([_failure_detail(f) for f in failures]),
        )
    return Outcome(Status.PASS, _found(spec.path, names), evidence)


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return detail.excerpt(text[start : end if end >= 0 else len(text)], 200)


def _failure_detail(failure: dict) -> str:
    """`README.md: /TODO/ matched line 12: TODO: write this`, or `... /pattern/ not found`."""
    where = f"{failure['file']}: /{failure['pattern']}/"
    if "line" in failure:
        return f"{where} matched line {failure['line']}: {failure['text']}"
    return f"{where} not found"


def _missing(path: str) -> str:
    return f"nothing matches {path}" if glob.has_magic(path) else f"{path} does not exist"


def _found(path: str, names: list[str]) -> str:
    if names == [path]:
        return f"{path} exists"
    return f"{len(names)} match{'es' if len(names) != 1 else ''} for {path}"


class _Reader:
    """Reads files for matching within bounds: regular files only, at most `max_size` bytes, patterns under `budget`."""

    def __init__(self, max_size: int, budget: Budget):
        self.max_size, self.budget = max_size, budget

    def text(self, path: Path, name: str) -> str:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise _Misconfigured(f"{name} is a directory; contains / not_contains apply to files")
        if not stat.S_ISREG(mode):  # /dev/zero never ends; opening a FIFO blocks until a writer comes
            raise _Misconfigured(
                f"{name} is a {_KINDS.get(stat.S_IFMT(mode), 'special file')}, not a regular file; "
                "contains / not_contains read regular files only"
            )
        with path.open("rb") as handle:
            data = handle.read(self.max_size + 1)  # also bounds files whose size is not known ahead (/proc)
        if len(data) > self.max_size:
            raise _Misconfigured(
                f"{name} is larger than max_size ({self.max_size:,} bytes); raise the check's max_size to read it"
            )
        return data.decode("utf-8", errors="replace")


_KINDS = {
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFIFO: "FIFO (named pipe)",
    stat.S_IFSOCK: "socket",
}


def _content_failures(paths: list[Path], root: Path, wanted: list, unwanted: list, reader: _Reader) -> list[dict]:
    """One entry per (file, pattern) that failed, naming both."""
    if not (wanted or unwanted):
        return []
    failures = []
    for path in paths:
        name = _shown(path, root)
        text = reader.text(path, name)
        for pattern in wanted:
            if not reader.budget.search(pattern, text):
                failures.append(
                    {
                        "file": name,
                        "pattern": pattern.pattern,
                        "problem": f"{name} does not contain /{pattern.pattern}/",
                    }
                )
        for pattern in unwanted:
            hit = reader.budget.search(pattern, text)
            if hit:
                line = text.count("\n", 0, hit.start()) + 1
                failures.append(
                    {
                        "file": name,
                        "pattern": pattern.pattern,
                        "line": line,
                        "text": _line_at(text, hit.start()),
                        "problem": f"{name} contains /{pattern.pattern}/ at line {line}, expected not",
                    }
                )
    return failures
