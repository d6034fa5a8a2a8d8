"""One hierarchy of user-facing errors; the CLI maps each to an exit code in one place."""

from __future__ import annotations

from collections.abc import Sequence

from tta_timeline.core.exit_codes import ExitCode


class TimelineError(Exception):
    """A fatal error the user can fix; its message is shown without a traceback."""

    exit_code = ExitCode.USAGE


class UsageError(TimelineError):
    """Bad command-line usage (unknown phase, conflicting options)."""


class Problem(str):
    """A problem at a place in a file: reads as `file:line:col field: message`, and keeps the parts for JSON."""

    file: str
    line: int | None
    column: int | None
    field: str | None
    message: str

    def __new__(cls, file: str, line: int | None, column: int | None, field: str | None, message: str) -> Problem:
        where = f"{file}:{line}:{column}" if line is not None else file
        self = super().__new__(cls, f"{where} {field}: {message}" if field else f"{where}: {message}")
        self.file, self.line, self.column, self.field, self.message = file, line, column, field, message
        return self

    def document(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


class ConfigError(TimelineError):
    """phases.yaml cannot be read or is invalid; carries every problem found."""

    def __init__(self, problems: Sequence[str], warnings: Sequence[str] = ()):
        self.problems = list(problems)
        #: what `validate` would warn about too (the file's other findings), for its report
        self.warnings = list(warnings)
        super().__init__("\n".join(problems))


class StoreError(TimelineError):
    """The state store cannot be opened, read or written."""


class RefusedError(TimelineError):
    """An operation was refused (advancement gate); carries every reason."""

    exit_code = ExitCode.FAILED

    def __init__(self, message: str, reasons: list[str] | None = None):
        self.reasons = reasons or []
        super().__init__(message)


class CheckConfigError(Exception):
    """A check cannot be evaluated as configured (bad regex, missing file for cwd); reported as `error`."""


class LocatedValueError(ValueError):
    """A model validator's error that names the sub-path it is about, e.g. ('phases', 3, 'id')."""

    def __init__(self, loc: tuple, message: str):
        self.loc = loc
        super().__init__(message)


class UnreadableRecord(StoreError):
    """A stored record no longer parses as what it claims to be (edited by hand); `reason` says why."""

    def __init__(self, reason: str, store: str | None = None):
        self.reason = reason
        super().__init__(f"store {store}: {reason}" if store else reason)
