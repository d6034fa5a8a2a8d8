""" "Did you mean …?" for names a person typed: one helper for phase ids, check ids, keys and commands."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    # lazy: difflib only when a name was mistyped; `checklist --phase` imports this module on every run
    import difflib

    # above difflib's default 0.6, which pairs short ids sharing three letters (readm ~ tried)
    return difflib.get_close_matches(word, list(dict.fromkeys(choices)), n=n, cutoff=0.7)


def did_you_mean(word: str, choices: Iterable[str], n: int = 3, show: Callable[[str], str] = str) -> str:
    """`; did you mean X?` (or `X or Y?`), or "" when nothing is close; `show` renders a match (`2.` + id)."""
    matches = [show(m) for m in close_matches(word, choices, n)]
    if not matches:
        return ""
    return (
        "; did you mean " + (matches[0] if len(matches) == 1 else ", ".join(matches[:-1]) + " or " + matches[-1]) + "?"
    )
