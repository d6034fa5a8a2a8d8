"""A bounded wait for every reply on a Bolt connection (the Neo4j store and the neo4j adapter).

The official neo4j driver waits for a reply without limit unless the server sends the
`connection.recv_timeout_seconds` hint at login; FalkorDB never does, so a server that stops
answering mid-query (a stopped process, a lost peer) hung the caller. The driver has no setting for
it, so each connection it opens gets that read timeout set as if the server had hinted it (a
shorter hint from the server still wins). A read that times out fails its connection the driver's
usual way, ServiceUnavailable: a transient error the callers retry like a lost connection.
"""

from __future__ import annotations

from typing import Any


def bound_reads(driver: Any, seconds: float) -> bool:
    """Make every connection `driver` opens wait at most `seconds` for each reply; False if it cannot."""
    # the driver's seam for new connections (its pool's opener); a driver without one keeps its default
    pool: Any = getattr(driver, "_pool", None)
    opener = getattr(pool, "opener", None)
    if opener is None:
        return False

    def opening(*args: Any, **kwargs: Any) -> Any:
        connection = opener(*args, **kwargs)
        hinted = connection.socket.get_read_timeout()
        if hinted is None or hinted > seconds:
            connection.socket.set_read_timeout(seconds)
        return connection

    pool.opener = opening
    return True
