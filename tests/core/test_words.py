"""Counted nouns read as English: one of a thing is singular, anything else plural."""

from __future__ import annotations

from tta_timeline.core.words import counted, noun


def test_counted_nouns() -> None:
    assert [counted(n, "phase") for n in (0, 1, 2)] == ["0 phases", "1 phase", "2 phases"]
    assert counted(1, "latest result") == "1 latest result"
    assert counted(3, "entry", "entries") == "3 entries"
    assert noun([2], "phase") + " 2" == "phase 2" and noun([1, 2], "depends", "depend") == "depend"
