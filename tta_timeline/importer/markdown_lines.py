"""What one line of a markdown timeline says: a marked item (a bullet with ✅, [x], [ ]), an estimate,
and the slug an item's id is made from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tta_timeline.config.model import Estimate

_BULLET = re.compile(r"^\s*[-*+]\s+(?P<body>.+)$")
DONE_MARKS = ("✅", "✔️", "✔", "☑️", "☑")
_OPEN_MARKS = ("⬜", "🔄", "⏳", "❌", "☐")
_BOXED = re.compile(r"^\[(?P<box>[ xX])\]\s+(?P<rest>.+)$")
_TITLED = re.compile(r"^\*\*(?P<title>.+?):?\*\*:?\s*(?P<rest>.*)$")
_DETAIL = re.compile(r"\s+_\([^)]*\)_\s*$")
_RANGE = re.compile(r"^(?P<a>\d+(?:\.\d+)?)\s*(?:(?:-|–|—|to)\s*(?P<b>\d+(?:\.\d+)?))?\s*(?P<unit>[A-Za-z]+)")
_UNITS = {
    "minute": ("m", 1),
    "min": ("m", 1),
    "m": ("m", 1),
    "hour": ("h", 1),
    "hr": ("h", 1),
    "h": ("h", 1),
    "day": ("d", 1),
    "d": ("d", 1),
    "week": ("d", 7),
    "w": ("d", 7),
}


@dataclass
class Item:
    title: str | None
    text: str
    done: bool
    line: int
    id: str = ""


def parse_estimate(text: str) -> str | None:
    """'2-3 hours' -> '2h..3h', '30 minutes' -> '30m', '2h..3h' as it is; None when not understood."""
    text = text.strip().rstrip(".")
    try:
        Estimate.parse(text)
        return text
    except ValueError:
        pass
    match = _RANGE.match(text)
    if match is None:
        return None
    word = match.group("unit").lower()
    unit = _UNITS.get(word) or _UNITS.get(word.rstrip("s"))
    if unit is None:
        return None
    suffix, factor = unit

    def part(number: str) -> str:
        return f"{float(number) * factor:g}{suffix}"

    low, high = match.group("a"), match.group("b")
    return f"{part(low)}..{part(high)}" if high else part(low)


def slug(text: str, limit: int = 48) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    out = ""
    for word in words:  # cut at a word boundary so ids stay readable
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out or "item"


def parse_item(line: str, number: int) -> Item | None:
    """A bullet with a completion mark (✅, [x], [ ]); plain bullets are prose, not items."""
    bullet = _BULLET.match(line)
    if bullet is None:
        return None
    body = bullet.group("body").strip()
    boxed = _BOXED.match(body)
    if boxed:
        done, body = boxed.group("box") != " ", boxed.group("rest")
    else:
        mark = next((m for m in DONE_MARKS + _OPEN_MARKS if body.startswith(m)), None)
        if mark is None:
            return None
        done, body = mark in DONE_MARKS, body[len(mark) :].strip()
    body = _DETAIL.sub("", body)  # `report` appends its evidence like this; importing a report drops it
    titled = _TITLED.match(body)
    if titled:
        return Item(titled.group("title").strip(), titled.group("rest").strip(), done, number)
    return Item(None, body, done, number)
