"""Records (results, runs, events, links) to and from the JSON every store keeps: one codec for all.

msgspec validates each body as it decodes it, into the record's own type, and costs a warm `status` a
few milliseconds where pydantic's model machinery cost about as much again as the rest of the command.
`form` is also what the hash chain hashes, so it must stay byte for byte what earlier versions wrote.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any, TypeVar

import msgspec

from tta_timeline.core.errors import UnreadableRecord
from tta_timeline.core.results import CheckResult, Run

R = TypeVar("R")

#: msgspec quotes an offending value ('...'); fields are in backticks
_QUOTED = re.compile(r"'[^']*'")
#: what a person calls each record
_WORDS = {"CheckResult": "result", "Run": "run", "Event": "event", "Link": "link of the hash chain"}
_DECODERS: dict[type, msgspec.json.Decoder] = {}


def load(kind: type[R], body: str | bytes) -> R:
    """The record a stored body holds; UnreadableRecord (naming the field, never its value) if it does not parse."""
    decoder = _DECODERS.get(kind)
    if decoder is None:
        decoder = _DECODERS[kind] = msgspec.json.Decoder(kind)
    try:
        return decoder.decode(body)
    except msgspec.DecodeError as exc:
        why = _QUOTED.sub("(value not shown)", str(exc))  # a stored value may be a secret a person typed in
        raise UnreadableRecord(f"a stored {_WORDS.get(kind.__name__, kind.__name__)} does not parse: {why}") from None


def form(record: Any, include: Collection[str] = (), exclude: Collection[str] = ()) -> dict[str, Any]:
    """The record as JSON values, as stored and hashed; a result's `detail` is left out when None."""
    data: dict[str, Any] = msgspec.to_builtins(record, enc_hook=str)
    if isinstance(record, CheckResult):
        _drop_empty_detail(data)
    elif isinstance(record, Run):
        for result in data["results"]:
            _drop_empty_detail(result)
    if include:
        data = {key: value for key, value in data.items() if key in include}
    for key in exclude:
        data.pop(key, None)
    return data


def dump(record: Any, include: Collection[str] = (), exclude: Collection[str] = ()) -> str:
    """The stored body of a record: `form` as compact JSON."""
    return msgspec.json.encode(form(record, include, exclude)).decode("utf-8")


def _drop_empty_detail(data: dict[str, Any]) -> None:
    if data.get("detail", "") is None:
        del data["detail"]
