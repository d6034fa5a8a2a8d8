"""Detect and repair mojibake: UTF-8 text that was decoded as cp1252/latin-1 somewhere on its way."""

from __future__ import annotations

from dataclasses import dataclass

import ftfy
from ftfy.badness import is_bad


@dataclass(frozen=True)
class Repaired:
    text: str
    repaired: bool
    #: a few of the garbled sequences, to show the user what was wrong
    examples: tuple[str, ...] = ()


def repair(text: str) -> Repaired:
    """Repair only the encoding; ftfy's other fixes (quotes, ligatures) would change the author's text."""
    if not is_bad(text):
        return Repaired(text, False)
    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return Repaired(text, False)
    return Repaired(fixed, True, _examples(text, fixed))


def _examples(before: str, after: str, limit: int = 2) -> tuple[str, ...]:
    """Garbled runs whose repair is a single non-ASCII character, e.g. 'âœ…' -> '✅'."""
    found: list[str] = []
    for char in sorted({c for c in after if ord(c) > 127}, key=after.index):
        for encoding in ("cp1252", "latin-1"):
            try:
                garbled = char.encode("utf-8").decode(encoding)
            except UnicodeDecodeError:
                continue
            if garbled in before:
                found.append(f"{garbled} -> {char}")
                break
        if len(found) == limit:
            break
    return tuple(found)


def describe(name: str, result: Repaired) -> str:
    """The one line the importer prints to stderr after a repair."""
    shown = f" such as {', '.join(result.examples)}" if result.examples else ""
    return f"note: {name} looked like UTF-8 misread as cp1252 (mojibake{shown}); repaired it with ftfy"
