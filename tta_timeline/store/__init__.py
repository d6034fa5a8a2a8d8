"""Store backends, chosen by the --store value: a file path, redis://… or bolt://… / neo4j://…"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from tta_timeline.core.errors import StoreError, UsageError
from tta_timeline.core.events import Event
from tta_timeline.core.secrets import mask_url
from tta_timeline.store.base import Store


def _sqlite(target: str, **options: object) -> Store:
    # each store imported when opened: a server store's driver must not load for SQLite
    from tta_timeline.store.base import namespace_of
    from tta_timeline.store.sqlite import SqliteStore

    path = Path(target[len("sqlite://") :] if target.startswith("sqlite://") else target)
    scoped = "project" in options or "namespace" in options
    display = options.get("display")
    return SqliteStore(path.expanduser(), namespace_of(options) if scoped else None, str(display) if display else None)


def _redis(target: str, **options: object) -> Store:
    # each store imported when opened: a server store's driver must not load for SQLite
    from tta_timeline.store.redis_store import RedisStore

    return RedisStore(target, **options)


def _neo4j(target: str, **options: object) -> Store:
    # each store imported when opened: a server store's driver must not load for SQLite
    from tta_timeline.store.neo4j_store import Neo4jStore

    return Neo4jStore(target, **options)


_redis.schemes = ("rediss",)  # type: ignore[attr-defined]
_neo4j.schemes = ("bolt",)  # type: ignore[attr-defined]  # +s/+ssc variants share the base scheme

#: scheme -> opener; adding a store is one module in store/ plus a line here
STORES: dict[str, Callable[..., Store]] = {
    "sqlite": _sqlite,
    "redis": _redis,
    "neo4j": _neo4j,
}


def open_store(target: str, **options: object) -> Store:
    """Open the store named by a path or URL; drivers are imported by the chosen backend only."""
    scheme = _checked_url(target).scheme.lower() if "://" in target else "sqlite"
    base = scheme.split("+", 1)[0]
    for name, opener in STORES.items():
        if base == name or base in getattr(opener, "schemes", ()):
            return opener(target, **options)
    known = ", ".join(sorted({s for n, o in STORES.items() for s in (n, *getattr(o, "schemes", ()))}))
    raise UsageError(f"--store {urlsplit(target).scheme}://…: unknown store type (known: {known}, or a file path)")


def _checked_url(target: str) -> SplitResult:
    """The URL's parts; a malformed host or port is one clear message here, not a driver's traceback."""
    try:
        parts = urlsplit(target)
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError as exc:
        raise StoreError(f"store {mask_url(target)}: invalid URL: {exc}") from None
    return parts


__all__ = ["Event", "Store", "STORES", "open_store"]
