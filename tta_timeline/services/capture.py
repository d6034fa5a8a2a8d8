"""A child's output kept to a bounded size: its first and its last bytes, and a count of the rest.

A command that writes endlessly must neither fill the temp disk nor the memory (it did: 3 GB in
8 s). Output is read from a pipe by a thread into a `Capped` buffer; the head shows how a program
started, the tail how it ended, and the omitted middle is counted, never silently lost.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from typing import IO

HEAD_BYTES = 64 * 1024
TAIL_BYTES = 1024 * 1024
CHUNK = 64 * 1024
#: how long to keep reading after the process group was stopped (a member in another session may hold the pipe)
DRAIN_SECONDS = 1.0


class Capped:
    """Keeps the first `head` and the last `tail` bytes written; memory never exceeds head + tail + one chunk."""

    def __init__(self, head: int = HEAD_BYTES, tail: int = TAIL_BYTES):
        self.head_limit, self.tail_limit = head, tail
        self.head = bytearray()
        self.tail: deque[bytes] = deque()
        self.tail_size = 0
        self.total = 0
        self._lock = threading.Lock()

    def write(self, chunk: bytes) -> None:
        with self._lock:
            self.total += len(chunk)
            room = self.head_limit - len(self.head)
            if room > 0:
                self.head += chunk[:room]
                chunk = chunk[room:]
            if not chunk:
                return
            self.tail.append(chunk)
            self.tail_size += len(chunk)
            while self.tail_size - len(self.tail[0]) >= self.tail_limit:
                self.tail_size -= len(self.tail.popleft())

    @property
    def kept(self) -> int:
        """Bytes held now (what bounds the memory)."""
        return len(self.head) + self.tail_size

    def text(self) -> str:
        """Head and tail as text; when bytes were left out between them, a line says how many."""
        with self._lock:
            tail = b"".join(self.tail)[-self.tail_limit :] if self.tail else b""
            omitted = self.total - len(self.head) - len(tail)
            head = bytes(self.head)
        marker = f"\n…[{omitted:,} bytes of output omitted]…\n" if omitted > 0 else ""
        return head.decode("utf-8", errors="replace") + marker + tail.decode("utf-8", errors="replace")


class Pump:
    """A pipe for a child's stdout or stderr, read into a `Capped` buffer by a daemon thread."""

    def __init__(self, buffer: Capped | None = None):
        self.buffer = buffer or Capped()
        read_fd, self.write_fd = os.pipe()
        self._reader: IO[bytes] = os.fdopen(read_fd, "rb", buffering=0)
        self._thread = threading.Thread(target=self._run, daemon=True, name="capture")
        self._thread.start()

    def _run(self) -> None:
        try:
            while chunk := self._reader.read(CHUNK):
                self.buffer.write(chunk)
        except (OSError, ValueError):
            pass  # the read end was closed under us: nothing more to keep

    def started(self) -> None:
        """The child holds its own copy of the write end now; ours must go, or EOF never comes."""
        if self.write_fd >= 0:
            os.close(self.write_fd)
            self.write_fd = -1

    def finish(self, wait: float = DRAIN_SECONDS) -> str:
        """Read what is left (bounded by `wait`), then the text kept."""
        self.started()
        self._thread.join(wait)
        return self.buffer.text()

    def close(self) -> None:
        self.started()
        if not self._thread.is_alive():
            self._reader.close()
        # else a member that escaped the group still writes; the daemon thread ends with it
