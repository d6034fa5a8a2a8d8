"""What a phase of a hand-kept timeline claims, read from its lines: file lists, test counts, endpoints, lessons.

Only the reading happens here; `importer/drafts.py` turns claims into checks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_TICKED = re.compile(r"`([^`]+)`")
_BASE_URL = re.compile(r"`(https?://[^`\s]+)`")
_ENDPOINT = re.compile(r"`(/[^`\s]*)`")
_PASSING = (
    re.compile(r"(?P<passed>\d+)\s*/\s*(?P<total>\d+)\s+tests?\s+pass(?:ing|ed)", re.IGNORECASE),
    re.compile(r"(?P<passed>\d+)\s+(?:passing|passed)\s+tests?(?:\s+out\s+of\s+(?P<total>\d+))?", re.IGNORECASE),
)
_COUNTED = re.compile(r"\b(?P<n>\d+)\b[^.;`]*?\btests?\b", re.IGNORECASE)
_FILES = re.compile(
    r"\b(?:new|modified|enhanced|created|changed|updated)\s+files\b"
    r"|\bfiles\s+(?:created|modified|changed)",
    re.IGNORECASE,
)
_LESSONS = re.compile(r"\blessons?\s+learned\b", re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*?)\s*#*\s*$")
_LABEL = re.compile(r"^\*\*(?P<label>[^*]+?)\s*:?\s*\*\*\s*:?\s*$")
_LISTED = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?P<body>.+)$")
_BOLD_TITLE = re.compile(r"^\*\*(?P<title>.+?):?\*\*:?\s*(?P<rest>.*)$")
_STATUS = re.compile(
    r"\b(?:returns?|status|answers?|responds?(?:\s+with)?)\s+(?:HTTP\s+)?(?P<code>[1-5]\d\d)\b", re.IGNORECASE
)
_REACHABLE = re.compile(r"\b(?:accessible|available|reachable|served|responds)\b", re.IGNORECASE)


@dataclass
class Listed:
    """A path under a files section: `path` - description."""

    line: int
    text: str
    path: str
    description: str


@dataclass
class Passing:
    """A phase-level claim that N tests pass (of M, when given)."""

    line: int
    text: str
    passed: int
    total: int | None


@dataclass
class PhaseClaims:
    base_url: str | None = None
    base_line: int | None = None
    files: list[Listed] = field(default_factory=list)
    passing: list[Passing] = field(default_factory=list)
    lessons: list[tuple[int, str]] = field(default_factory=list)


def plain(text: str) -> str:
    """Bold markers dropped: '**97 passing tests** out of 114' reads as a sentence."""
    return re.sub(r"\*\*|__", "", text).strip()


def read_phase(body: list[tuple[int, str]], item_lines: set[int]) -> PhaseClaims:
    """Walk a phase's lines, remembering which section (heading or bold label) each is under."""
    claims, heading, label = PhaseClaims(), "", ""
    for number, line in body:
        stripped = line.strip()
        found = _HEADING.match(stripped)
        if found:
            heading, label = found.group("title"), ""
            continue
        labelled = _LABEL.match(stripped)
        if labelled:
            label = labelled.group("label")
            continue
        _base_url(claims, number, stripped)
        listed = _LISTED.match(line)
        if listed is None or number in item_lines:
            continue  # marked items are judged one by one in drafts.py
        text = listed.group("body").strip()
        if _LESSONS.search(heading):
            claims.lessons.append((number, lesson_text(text)))
        elif _FILES.search(heading) or _FILES.search(label):
            _file(claims, number, text)
        else:
            found_passing = passing(text)
            if found_passing is not None:
                claims.passing.append(Passing(number, plain(text), *found_passing))
    return claims


def _base_url(claims: PhaseClaims, number: int, line: str) -> None:
    if claims.base_url is None:
        claims.base_url = base_url(line)
        claims.base_line = number if claims.base_url else None


def _file(claims: PhaseClaims, number: int, text: str) -> None:
    path = _TICKED.match(text)
    if path is None:
        return
    rest = text[path.end() :].strip().lstrip("-–—:").strip()
    claims.files.append(Listed(number, text, path.group(1).strip(), rest))


def lesson_text(text: str) -> str:
    titled = _BOLD_TITLE.match(text)
    if titled and titled.group("rest"):
        return f"{titled.group('title').strip()}: {titled.group('rest').strip()}"
    return plain(text)


def passing(text: str) -> tuple[int, int | None] | None:
    """(passed, total) from '97/114 tests passing' or '97 passing tests out of 114'."""
    for pattern in _PASSING:
        found = pattern.search(plain(text))
        if found:
            total = found.group("total")
            return int(found.group("passed")), int(total) if total else None
    return None


def test_count(description: str) -> int | None:
    """'28 comprehensive API endpoint tests' -> 28."""
    found = _COUNTED.search(description)
    return int(found.group("n")) if found else None


def is_test_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def base_url(text: str) -> str | None:
    found = _BASE_URL.search(text)
    return found.group(1) if found else None


def endpoint(text: str) -> str | None:
    found = _ENDPOINT.search(text)
    return found.group(1) if found else None


def expected_answer(text: str, path: str) -> tuple[dict[str, Any], str] | None:
    """What an endpoint claim says it answers, as http check keys, and how it was read."""
    after = text[text.index(f"`{path}`") + len(path) + 2 :]
    for span in _TICKED.findall(after):
        span = span.strip()
        if span.startswith(("{", "[")):
            try:
                return {"json": json.loads(span)}, "the answer is JSON: drafted as a JSON subset"
            except ValueError:
                pass
        if not span.startswith(("/", "http")):
            return {"contains": re.escape(span)}, "the answer is text: drafted as `contains`"
    code = _STATUS.search(after)
    if code:
        return {"status": int(code.group("code"))}, f"claims status {code.group('code')}"
    if _REACHABLE.search(after):
        return {"status": 200}, "claims it is reachable: drafted as status 200"
    return None
