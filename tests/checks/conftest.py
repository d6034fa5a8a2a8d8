"""Shared fixtures for check-kind tests: a real local HTTP server and a context factory."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tta_timeline.checks.base import CheckContext


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/plain", extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        port = self.server.server_address[1]
        if url.path == "/health":
            self._json(
                200,
                {
                    "status": "ok",
                    "version": "1.2",
                    "deps": {"db": "up", "cache": "up"},
                    "items": [{"id": 1, "tag": "a"}, {"id": 2, "tag": "b"}],
                },
            )
        elif url.path == "/slow":
            time.sleep(float(query.get("s", ["1"])[0]))
            self._send(200, b"finally")
        elif url.path == "/500":
            self._json(500, {"status": "broken"})
        elif url.path == "/close":
            self.close_connection = True  # reply with nothing at all
        elif url.path == "/redirect-same":
            self._send(302, b"", extra={"Location": f"http://127.0.0.1:{port}/health"})
        elif url.path == "/redirect-other":
            self._send(302, b"", extra={"Location": f"http://127.0.0.2:{port}/health"})
        elif url.path == "/loop":  # a same-host redirect to itself: a server bug, not another host
            self._send(302, b"", extra={"Location": f"http://127.0.0.1:{port}/loop"})
        elif url.path == "/auth":
            self._json(
                200 if self.headers.get("Authorization") else 401, {"authorization": self.headers.get("Authorization")}
            )
        elif url.path == "/text":
            self._send(200, b"Hello, timeline! build 42 (a+b)")
        elif url.path == "/echo-headers":
            self._json(200, {k.lower(): v for k, v in self.headers.items()})
        else:
            self._send(404, b"not found")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        self._json(201, {"method": "POST", "body": body, "ctype": self.headers.get("Content-Type")})


@pytest.fixture(scope="session")
def http_server():
    """Base URL of a real server on an ephemeral port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True  # /slow handlers must not block shutdown
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def free_port() -> int:
    """A port nothing listens on (bound then released), for connection-refused paths."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def ctx(tmp_path: Path) -> CheckContext:
    return CheckContext(root=tmp_path, env=dict(os.environ), timeout=5)
