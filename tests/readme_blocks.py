"""README.md's examples as data: fenced blocks with the HTML-comment directives beside them, and the
normalisation that lets a console example be compared with what the tool prints now.

A block's directives are the `<!-- key: value -->` comments on the lines just above its fence:
`fixture: NAME` (what the commands run on; default `demo`), `not run: WHY` (the commands are parsed,
never run) and, for a JSON example or a document excerpt, `command: tta-timeline …` (what writes it) and
`exit: N` (its exit code, default 0).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"

_FENCE = re.compile(r"^```(\w*)\s*$")
_DIRECTIVE = re.compile(r"^<!--\s*([\w -]+?)\s*:\s*(.*?)\s*-->\s*$")


@dataclass
class Block:
    lang: str
    line: int  # of the opening fence, 1-based
    text: str
    directives: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"README.md:{self.line}"


@dataclass
class Step:
    """One `$ tta-timeline …` line of a console block and the output lines shown under it."""

    line: str
    args: list[str]
    shown: list[str]


def blocks(text: str | None = None) -> list[Block]:
    lines = (README.read_text(encoding="utf-8") if text is None else text).splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening or not opening.group(1):
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        found.append(Block(opening.group(1), index + 1, "\n".join(lines[index + 1 : end]), _directives(lines, index)))
        index = end + 1
    return found


def _directives(lines: list[str], fence: int) -> dict[str, str]:
    """The comments directly above the fence (a blank line between them and the fence is allowed)."""
    out: dict[str, str] = {}
    index = fence - 1
    if index >= 0 and not lines[index].strip():
        index -= 1
    while index >= 0 and (match := _DIRECTIVE.match(lines[index].strip())):
        out[match.group(1).strip()] = match.group(2)
        index -= 1
    return out


def steps(block: Block) -> list[Step]:
    """`$ tta-timeline …` lines with their output; other `$` lines (pip, export) are not the tool's."""
    out: list[Step] = []
    current: Step | None = None
    for line in block.text.splitlines():
        if line.startswith("$ "):
            args = shlex.split(line[2:], comments=True)
            current = Step(line, args[1:], []) if args[:1] == ["tta-timeline"] else None
            if current is not None:
                out.append(current)
        elif current is not None:
            current.shown.append(line)
    return out


def tool_lines(text: str) -> list[list[str]]:
    """The arguments of every `tta-timeline` line of a shell script (continuations joined, `&&` split)."""
    joined = re.sub(r"\\\n\s*", " ", text)
    out = []
    for line in joined.splitlines():
        for part in re.split(r"&&|\|\||;", line):
            words = shlex.split(part, comments=True)
            words = words[: words.index(">")] if ">" in words else words
            if words[:1] == ["tta-timeline"]:
                out.append(words[1:])
    return out


_DURATION = r"\d+(?:\.\d+)?(?:ms|s|m|h|d)(?:\d+(?:\.\d+)?(?:ms|s|m|h))*"
_REPLACEMENTS = [
    (re.compile(r"\b[0-9a-f]{64}\b|\b[0-9a-f]{7,}…"), "<HASH>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<ID>"),
    (re.compile(r"\brun [0-9a-f]{8}\b"), "run <ID>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}| UTC)?"), "<WHEN>"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "<DATE>"),
    (re.compile(rf"(?<![\w.]){_DURATION}\b"), "<T>"),
    (re.compile(r"━+"), "━"),
    (re.compile(r"─+"), "─"),
    (re.compile(r"[ \t]+"), " "),
]


def normalise(text: str, folder: Path | None = None) -> list[str]:
    """Times, dates, ids, hashes and the fixture's folder become placeholders; spacing (table widths) one space."""
    if folder is not None:
        for form in {str(folder.resolve()), str(folder)}:
            text = text.replace(form + "/", "").replace(form, ".")
    for pattern, placeholder in _REPLACEMENTS:
        text = pattern.sub(placeholder, text)
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return [line.strip() for line in _finish_order(lines)]


_CHECK_LINE = re.compile(r"^(PASS|FAIL|ERROR|SKIP|BLOCKED|PENDING) \S")


def _finish_order(lines: list[str]) -> list[str]:
    """verify prints a line per check as it finishes (concurrently: in any order); each run of such lines,
    with the detail lines indented under them, is put in one order."""
    out: list[str] = []
    run: list[list[str]] = []
    for line in [*lines, ""]:
        if _CHECK_LINE.match(line):
            run.append([line])
            continue
        if run and line.startswith(" "):
            run[-1].append(line)
            continue
        out += [part for entry in sorted(run) for part in entry]
        run = []
        out.append(line)
    return out[:-1]
