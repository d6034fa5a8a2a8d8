"""Users' regular expressions, matched under a time budget.

Python's `re` cannot be stopped: `(a+)+b` on 40,000 `a` backtracks for hours, holding its
check's thread past any timeout and the run past Ctrl-C. The `regex` module takes a `timeout`
(seconds of CPU) and releases the GIL while matching (`concurrent`), so a runaway pattern ends as
the check's `error` and signals are still handled meanwhile. Syntax is `re`'s (regex.V0).
"""

from __future__ import annotations

import re
import time
from typing import Any

import regex

from tta_timeline.core.errors import CheckConfigError

Pattern = Any  # regex.Pattern; typed loosely because the module ships no stubs
MULTILINE = regex.MULTILINE


class PatternTimeout(CheckConfigError):
    """Matching took longer than the check's budget: the pattern backtracks catastrophically."""


def compile_pattern(pattern: str, flags: int = 0) -> Pattern:
    """Raises CheckConfigError naming the pattern when it is not a valid regular expression."""
    try:
        return regex.compile(pattern, flags | regex.V0)
    except (regex.error, TypeError, ValueError):
        raise CheckConfigError(f"invalid regular expression {pattern!r}: {pattern_error(pattern, flags)}") from None


def pattern_error(pattern: str, flags: int = 0) -> str | None:
    """What is wrong with a pattern, with the position in it (`missing ), unterminated subpattern at position 0`).

    `regex` decides (it does the matching); `re` words most errors better, so its message is
    preferred when it rejects the pattern too.
    """
    try:
        regex.compile(pattern, flags | regex.V0)
        return None
    except (regex.error, TypeError, ValueError) as exc:
        ours = str(exc)
    try:
        re.compile(pattern, flags)
    except (re.error, TypeError, ValueError, OverflowError) as exc:
        return str(exc)
    return ours


def compile_all(value: str | list[str] | None, flags: int = 0) -> list[Pattern]:
    items = [value] if isinstance(value, str) else (value or [])
    return [compile_pattern(p, flags) for p in items]


class Budget:
    """Seconds left for all the matching one check does, shared by its patterns and inputs."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + max(seconds, 0.0)

    def left(self) -> float:
        return max(self.deadline - time.monotonic(), 0.001)

    def search(self, pattern: Pattern, text: str) -> Any:
        return self._call(pattern, pattern.search, text)

    def fullmatch(self, pattern: Pattern, text: str) -> Any:
        return self._call(pattern, pattern.fullmatch, text)

    def _call(self, pattern: Pattern, method: Any, text: str) -> Any:
        budget = self.left()
        try:
            return method(text, timeout=budget, concurrent=True)
        except TimeoutError:
            raise PatternTimeout(
                f"/{pattern.pattern}/ did not finish matching within {budget:.1f}s on {len(text):,} characters "
                "(catastrophic backtracking: avoid nested repeats such as (a+)+)"
            ) from None
