"""The hash chain every store keeps: one link per recorded run or event, in the order they were recorded.

A link holds the SHA-256 of its record's canonical JSON and the hash of the link before it, so changing,
removing or inserting any record breaks every hash from there on. Pure functions: the stores call them
inside the transaction (or script) that writes the record, `audit` calls them again on what it reads.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from typing import Any, Literal

from msgspec import Struct, field, structs

from tta_timeline.core import records
from tta_timeline.core.events import Event
from tta_timeline.core.results import Run

#: the `prev` of the first link
GENESIS = "0" * 64
#: hex digits of each field's digest: enough to say which field changed (the record's full hash is the proof)
PART_DIGITS = 16

RecordKind = Literal["run", "event"]


class Link(Struct, kw_only=True):
    seq: int
    kind: RecordKind
    id: str
    sha256: str  # of the record's canonical JSON
    prev: str  # the hash of link seq - 1 (GENESIS for the first)
    hash: str  # of (seq, kind, id, sha256, prev)
    #: a short digest per field (`results[3]` per result), to name what changed; a hint, not the proof
    parts: dict[str, str] = field(default_factory=dict)


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8: the same value always hashes the same."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def record_form(record: Run | Event) -> dict[str, Any]:
    """What is hashed: the record as JSON values, i.e. exactly what a reader parses back from any store."""
    return records.form(record)


def kind_of(record: Run | Event) -> RecordKind:
    return "run" if isinstance(record, Run) else "event"


def parts_of(form: dict[str, Any]) -> dict[str, str]:
    parts = {key: sha256_hex(value)[:PART_DIGITS] for key, value in form.items() if key != "results"}
    for index, result in enumerate(form.get("results") or []):
        parts[f"results[{index}]"] = sha256_hex(result)[:PART_DIGITS]
    return parts


def link_hash(seq: int, kind: str, record_id: str, sha256: str, prev: str) -> str:
    return hashlib.sha256(f"{seq}\n{kind}\n{record_id}\n{sha256}\n{prev}".encode()).hexdigest()


def seal(record: Run | Event, seq: int, prev: str) -> Link:
    """The link for `record` at position `seq` after the link whose hash is `prev`."""
    form = record_form(record)
    return seal_form(kind_of(record), record.id, form, seq, prev)


def seal_form(kind: RecordKind, record_id: str, form: dict[str, Any], seq: int, prev: str) -> Link:
    sha = sha256_hex(form)
    return Link(
        seq=seq,
        kind=kind,
        id=record_id,
        sha256=sha,
        prev=prev,
        hash=link_hash(seq, kind, record_id, sha, prev),
        parts=parts_of(form),
    )


def relink(link: Link, seq: int, prev: str) -> Link:
    """The same record's link at another position (a writer that lost a race to the chain's head)."""
    return structs.replace(link, seq=seq, prev=prev, hash=link_hash(seq, link.kind, link.id, link.sha256, prev))


def head_of(links: list[Link]) -> tuple[int, str]:
    """(seq, hash) of the newest link; (0, GENESIS) for an empty chain."""
    return (links[-1].seq, links[-1].hash) if links else (0, GENESIS)


def recording_order(runs: list[Run], events: list[Event]) -> list[Run | Event]:
    """Runs and events merged by when they happened, each list keeping its own order (oldest first):
    the order in which a store written before the chain seals its history into one."""

    def when(record: Any) -> float:
        return (record.started_at if isinstance(record, Run) else record.at).timestamp()

    return list(heapq.merge(runs, events, key=when))
