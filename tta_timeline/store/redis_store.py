"""A shared store in Redis: runs in sorted sets, latest results and first-result times in hashes.

Several timelines share one Redis: every key lives under a per-project prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tta_timeline.core import chain as hashchain
from tta_timeline.core import records
from tta_timeline.core.errors import StoreError
from tta_timeline.core.events import GATE_KINDS, Event
from tta_timeline.core.results import CheckResult, Run
from tta_timeline.core.secrets import MASK, mask_url, url_password
from tta_timeline.store import redis_chain as rchain
from tta_timeline.store.base import Store, namespace_of

T = TypeVar("T")
PASSWORD_ENV = "TTA_TIMELINE_STORE_PASSWORD"
#: short back-off: a store that stays down should fail the command quickly, before any check runs
RETRY = SimpleNamespace(attempts=5, initial=0.2, max=1.0)
#: seconds one command may wait for a reply (URL `?socket_timeout=` overrides it)
SOCKET_TIMEOUT = 10


def split_options(target: str, options: dict[str, Any]) -> tuple[str, str, str | None]:
    """(URL without our own query params, key prefix, password from the environment if the URL has none)."""
    parts = urlsplit(target)
    query = dict(parse_qsl(parts.query))
    prefix = query.pop("prefix", None) or namespace_of(options)
    env = options.get("env") or {}
    password = None if parts.password else (env.get(PASSWORD_ENV) or None)
    return urlunsplit(parts._replace(query=urlencode(query))), prefix, password


def guarded(display: str, secret: str | None, is_transient: Callable[[BaseException], bool]) -> Callable[..., Any]:
    """A caller that retries transient errors, then raises a StoreError without any credential."""
    # driver: imported where used (status and --help must not load it)
    from tta_timeline.core.retry import CallFailed, call_with_retry

    def call(what: str, fn: Callable[[], T]) -> T:
        try:
            return call_with_retry(fn, RETRY, is_transient)[0]
        except CallFailed as failed:
            # one line: drivers' messages span several
            message = " ".join(mask_url(str(failed.cause) or type(failed.cause).__name__).split())
            if secret:
                message = message.replace(secret, MASK)
            raise StoreError(f"store {display}: cannot {what}: {message}") from None

    return call


def _redis_transient(exc: BaseException) -> bool:
    # driver: imported where used (status and --help must not load it)
    import redis

    return isinstance(exc, (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError))


def _refused(exc: BaseException) -> bool:
    """Worth another connection attempt: refused or reset (a restarting server), not a silent one."""
    # driver: imported where used (status and --help must not load it)
    import redis

    return _redis_transient(exc) and not isinstance(exc, redis.TimeoutError)


class RedisStore(Store):
    def __init__(self, target: str, **options: Any):
        # driver: imported where used (status and --help must not load it)
        import redis

        url, self.prefix, password = split_options(target, options)
        self.display = mask_url(target)
        extra = {"password": password} if password else {}
        self._call = guarded(self.display, password or url_password(target), _redis_transient)
        try:  # URL options (?socket_timeout=2) override these defaults
            self._r = redis.Redis.from_url(
                url, decode_responses=True, socket_connect_timeout=5, socket_timeout=SOCKET_TIMEOUT, **extra
            )
        except (ValueError, TypeError) as exc:
            raise StoreError(f"store {self.display}: invalid URL: {exc}") from None
        # Connect now: an unreachable store must fail before any check runs. A server that accepted
        # the connection but did not answer within the socket timeout is not asked again.
        guarded(self.display, password or url_password(target), _refused)("connect", self._r.ping)
        self.sealed = self._call("seal history into the hash chain", self._seal)

    def _k(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def record_run(self, run: Run) -> None:
        # The sequence number breaks ties between runs started in the same microsecond (newest first).
        member = f"{self._call('record a run', lambda: self._r.incr(self._k('seq'))):012d}:{run.id}"
        latest, first = self._k("latest"), self._k("first")

        sealed = hashchain.seal(run, 0, hashchain.GENESIS)

        def write(pipe: Any) -> None:
            if pipe.hexists(self._k("run"), run.id):
                return  # a retried call whose first attempt got through
            new_latest, new_first = self._merged(pipe, run)
            link = rchain.next_link(pipe, self._k("chain"), sealed)
            pipe.multi()
            pipe.rpush(self._k("chain"), link)
            score = run.started_at.timestamp()
            pipe.zadd(self._k("runs"), {member: score})
            for phase in run.phases:
                pipe.zadd(self._k(f"runs:{phase}"), {member: score})
            pipe.hset(self._k("run"), run.id, records.dump(run))
            if new_latest:
                pipe.hset(latest, mapping=new_latest)
            if new_first:
                pipe.hset(first, mapping=new_first)

        # WATCH the hashes we compare against, so concurrent runs cannot overwrite a newer result,
        # and the chain, so each record links to the one before it
        self._call("record a run", lambda: self._r.transaction(write, latest, first, self._k("run"), self._k("chain")))

    def _merged(self, pipe: Any, run: Run) -> tuple[dict[str, str], dict[str, str]]:
        """The latest-result and first-result fields this run changes (later results win, ties too)."""
        keys = sorted({f"{r.phase}:{r.check}" for r in run.results})
        phases = sorted({str(r.phase) for r in run.results})
        latest = dict(zip(keys, pipe.hmget(self._k("latest"), keys))) if keys else {}
        first = dict(zip(phases, pipe.hmget(self._k("first"), phases))) if phases else {}
        new_latest: dict[str, str] = {}
        new_first: dict[str, str] = {}
        for result in run.results:
            key, phase = f"{result.phase}:{result.check}", str(result.phase)
            old = new_latest.get(key) or latest.get(key)
            if old is None or result.at >= records.load(CheckResult, old).at:
                new_latest[key] = records.dump(result)
            seen = new_first.get(phase) or first.get(phase)
            if seen is None or result.at < datetime.fromisoformat(seen):
                new_first[phase] = result.at.isoformat()
        return new_latest, new_first

    def append_event(self, event: Event) -> None:
        self._event("record an event", event, guarded=False)

    def advance(self, event: Event) -> bool:
        # compare-and-append under WATCH: two machines cannot both advance, nor both take one link
        return self._event("record an advancement", event, guarded=True)

    def _event(self, what: str, event: Event, guarded: bool) -> bool:
        sealed = hashchain.seal(event, 0, hashchain.GENESIS)
        gate = self._k("gate")

        def write(pipe: Any) -> bool:
            if guarded and pipe.hget(gate, str(event.phase)) == "advance":
                return False
            link = rchain.next_link(pipe, self._k("chain"), sealed)
            pipe.multi()
            if event.kind in GATE_KINDS:
                pipe.hset(gate, str(event.phase), event.kind)
            pipe.rpush(self._k("events"), records.dump(event))
            pipe.rpush(self._k("chain"), link)
            return True

        return bool(self._call(what, lambda: self._watched(write, gate, self._k("chain"))))

    def _watched(self, write: Callable[[Any], T], *keys: str) -> T:
        """`write(pipe)` under WATCH of `keys`, again until no other client changed them; its value."""
        return self._r.transaction(write, *keys, value_from_callable=True)  # type: ignore[arg-type, return-value]

    def chain(self) -> list[hashchain.Link]:
        bodies = self._call("read the hash chain", lambda: self._r.lrange(self._k("chain"), 0, -1))
        return [records.load(hashchain.Link, b) for b in bodies]

    def chain_head(self) -> tuple[int, str]:
        return rchain.head_of(self._call("read the hash chain", lambda: self._r.lindex(self._k("chain"), -1)))

    def _seal(self) -> tuple[int, int] | None:
        """Link the runs and events recorded before the chain existed (O(1) when there are none)."""
        pipe = self._r.pipeline(transaction=False)
        pipe.llen(self._k("chain"))
        pipe.hlen(self._k("run"))
        pipe.llen(self._k("events"))
        links, runs, events = pipe.execute()
        if links >= runs + events:
            return None
        sealed: tuple[int, int] = self._watched(
            lambda pipe: rchain.seal_unlinked(pipe, self._k), self._k("chain"), self._k("run"), self._k("events")
        )
        return sealed if any(sealed) else None

    def latest_results(self) -> list[CheckResult]:
        bodies = self._call("read results", lambda: self._r.hvals(self._k("latest")))
        return sorted((records.load(CheckResult, b) for b in bodies), key=lambda r: (r.phase, r.check))

    def first_result_at(self) -> dict[int, datetime]:
        rows = self._call("read results", lambda: self._r.hgetall(self._k("first")))
        return {int(phase): datetime.fromisoformat(at) for phase, at in rows.items()}

    def events(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Event]:
        bodies = self._call("read events", lambda: self._r.lrange(self._k("events"), 0, -1))
        out = []
        for body in reversed(bodies):
            event = records.load(Event, body)
            if (phase is None or event.phase == phase) and (since is None or event.at >= since):
                out.append(event)
                if limit and len(out) >= limit:
                    break
        return out

    def runs(self, phase: int | None = None, since: datetime | None = None, limit: int | None = None) -> list[Run]:
        key = self._k("runs" if phase is None else f"runs:{phase}")
        low = since.timestamp() if since is not None else "-inf"
        page: dict[str, Any] = {"start": 0, "num": int(limit)} if limit else {}
        members = self._call("read runs", lambda: self._r.zrevrangebyscore(key, "+inf", low, **page))
        ids = [m.split(":", 1)[1] for m in members]
        bodies = self._call("read runs", lambda: self._r.hmget(self._k("run"), ids)) if ids else []
        return [records.load(Run, b) for b in bodies if b]

    def version(self) -> str:
        # `seq` counts recorded runs and the event list only grows: two O(1) reads
        def read() -> str:
            pipe = self._r.pipeline(transaction=False)
            pipe.get(self._k("seq"))
            pipe.llen(self._k("events"))
            seq, events = pipe.execute()
            return f"{seq or 0}/{events}"

        return self._call("read the store version", read)

    def close(self) -> None:
        self._r.close()
