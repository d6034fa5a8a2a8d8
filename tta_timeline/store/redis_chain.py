"""The Redis store's hash chain: a list of links, appended under WATCH in the record's own transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tta_timeline.core import chain, records
from tta_timeline.core.events import Event
from tta_timeline.core.results import Run


def head_of(last: str | None) -> tuple[int, str]:
    """(seq, hash) of the stored link `last` (the list's last item), (0, GENESIS) when there is none."""
    link = records.load(chain.Link, last) if last else None
    return (link.seq, link.hash) if link else (0, chain.GENESIS)


def next_link(pipe: Any, key: str, sealed: chain.Link) -> str:
    """The record's link after the chain's current head (read under WATCH), as stored."""
    seq, prev = head_of(pipe.lindex(key, -1))
    return records.dump(chain.relink(sealed, seq + 1, prev))


def seal_unlinked(pipe: Any, k: Callable[[str], str]) -> tuple[int, int]:
    """Link every run and event without a link (recorded before the chain), oldest first; under WATCH."""
    linked = {(link.kind, link.id) for link in (records.load(chain.Link, b) for b in pipe.lrange(k("chain"), 0, -1))}
    members = sorted(pipe.zrange(k("runs"), 0, -1))  # `seq:id`: the order they were recorded
    ids = [m.split(":", 1)[1] for m in members if ("run", m.split(":", 1)[1]) not in linked]
    runs = [records.load(Run, b) for b in (pipe.hmget(k("run"), ids) if ids else []) if b]
    events = [
        e for e in (records.load(Event, b) for b in pipe.lrange(k("events"), 0, -1)) if ("event", e.id) not in linked
    ]
    seq, prev = head_of(pipe.lindex(k("chain"), -1))
    new = []
    for record in chain.recording_order(runs, events):
        seq += 1
        link = chain.seal(record, seq, prev)
        new.append(records.dump(link))
        prev = link.hash
    pipe.multi()
    if new:
        pipe.rpush(k("chain"), *new)
    return len(runs), len(events)
