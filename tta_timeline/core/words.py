"""Counted nouns in messages: "1 phase, 2 checks", never "1 phases" or "2 check(s)"."""

from __future__ import annotations

from collections.abc import Sized


def noun(n: int | Sized, singular: str, plural: str | None = None) -> str:
    """The word alone, for `n` things (a count or a collection): "phase 1" / "phases 1, 2"."""
    count = n if isinstance(n, int) else len(n)
    return singular if count == 1 else plural or singular + "s"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`counted(1, "phase")` -> "1 phase"; the plural adds an s unless given ("2 entries")."""
    return f"{n} {noun(n, singular, plural)}"
