"""SIGINT, SIGTERM and SIGHUP end a command the same way: cleanup runs, exit 128 + signal.

Python's default SIGTERM/SIGHUP kill the interpreter at once, so setup servers and check
processes (each in their own session) would outlive it. `install()` turns all three into an
`Interrupted` exception, which unwinds through the engine's cleanup like Ctrl-C does. Once one
has arrived, later ones are swallowed: a second Ctrl-C must not abort the cleanup it interrupts.
`deferred()` holds a signal back until a critical section (a store write) is complete.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """A handled signal; `exit_code` is 128 + its number (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP)."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class _State:
    received: int | None = None  # the first handled signal, once one arrived
    deferring = 0  # depth of deferred() sections in the main thread
    pending = False  # the signal arrived inside a deferred() section and is still to be raised


_state = _State()


def _handler(signum: int, frame: FrameType | None) -> None:
    if _state.received is not None:
        return  # cleanup of the first signal is under way: let it finish
    _state.received = signum
    if _state.deferring:
        _state.pending = True
    else:
        raise Interrupted(signum)


def install() -> None:
    """Route SIGINT, SIGTERM and SIGHUP through `Interrupted` (main thread of the CLI only)."""
    _state.received, _state.pending = None, False
    for sig in HANDLED:
        signal.signal(sig, _handler)


def exit_code(exc: BaseException) -> int:
    """128 + the signal of an interruption; a bare KeyboardInterrupt is Ctrl-C."""
    return exc.exit_code if isinstance(exc, Interrupted) else 128 + signal.SIGINT


@contextmanager
def deferred() -> Iterator[None]:
    """A signal arriving inside is raised on leaving, so the section is done whole or not begun."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are only ever delivered to the main thread
        return
    _state.deferring += 1
    try:
        yield
    finally:
        _state.deferring -= 1
    if _state.deferring == 0 and _state.pending and _state.received is not None:
        _state.pending = False
        raise Interrupted(_state.received)
