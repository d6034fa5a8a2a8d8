"""The `tcp` kind against a real listening socket and a closed port."""

from __future__ import annotations

import socket

import pytest

from tta_timeline.checks.base import TransientError
from tta_timeline.checks.tcp import TcpSpec, run
from tta_timeline.core.results import Status


def test_listening_port_passes_with_latency(ctx):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        out = run(TcpSpec(port=port), ctx)
    assert out.status is Status.PASS
    assert out.message.startswith(f"127.0.0.1:{port} accepts connections (")
    assert out.evidence["port"] == port and out.evidence["latency_ms"] >= 0


def test_refused_is_transient(free_port, ctx):
    with pytest.raises(TransientError, match=f"127.0.0.1:{free_port}: Connection refused"):
        run(TcpSpec(port=free_port), ctx)


def test_unknown_host_is_transient(ctx):
    with pytest.raises(TransientError, match="no-such-host.invalid:80"):
        run(TcpSpec(host="no-such-host.invalid", port=80), ctx)


def test_port_is_validated():
    with pytest.raises(ValueError):
        TcpSpec(port=70000)
