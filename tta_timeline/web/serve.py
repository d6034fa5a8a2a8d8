"""`tta-timeline serve`: a read-only live dashboard, the JSON API, /healthz and /metrics over HTTP.

The command lives in web/ (above commands/ in the layers): it serves the documents the commands build.
"""

from __future__ import annotations

import ipaddress
import re
import socket

from tta_timeline.commands.session import Session
from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode

TOKEN_ENV = "TTA_TIMELINE_SERVE_TOKEN"
#: long enough not to be guessed, and safe in a header, a URL and a cookie as it is
TOKEN_FORMAT = re.compile(r"[A-Za-z0-9._~+/=-]{16,}")
STACK = ("starlette", "uvicorn", "jinja2")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name other than localhost may resolve to anything


def check_access(host: str, token: str | None, insecure_public: bool) -> None:
    if token is not None and not TOKEN_FORMAT.fullmatch(token):
        raise UsageError(
            "--token: use at least 16 characters of A-Z a-z 0-9 . _ ~ + / = - "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe())')"
        )
    if not is_loopback(host) and token is None and not insecure_public:
        raise UsageError(
            f"--host {host}: not a loopback address, so anyone who can reach it would see the timeline; "
            f"give --token (or {TOKEN_ENV}), or --insecure-public to serve it without one"
        )


def serve(
    session: Session, host: str = "127.0.0.1", port: int = 8790, token: str | None = None, insecure_public: bool = False
) -> int:
    token = token or session.runtime.env.get(TOKEN_ENV) or None
    check_access(host, token, insecure_public)
    missing = [name for name in STACK if not _importable(name)]
    if missing:
        raise UsageError(
            f"serve needs the serve extra (missing: {', '.join(missing)}): pip install 'tta-timeline[serve]'"
        )
    session.redactor.add(token)  # the file's secrets are known from here on, and so is the token
    session.store.version()  # an unreachable store fails now (exit 2), not at the first request
    sock = _listen(host, port)
    return _run(session, sock, token)


def _importable(name: str) -> bool:
    # lazy: the serve extra may be missing; it is checked first and imported only to serve
    from importlib.util import find_spec

    return find_spec(name) is not None


def _listen(host: str, port: int) -> socket.socket:
    """Bind before starting the server, so a taken port is one clear message (and port 0 picks a free one)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise UsageError(f"--host {host}: cannot listen there: {exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)  # connections queue from here on, so the URL is printed only once it works
    except OSError as exc:
        sock.close()
        raise UsageError(f"--host {host} --port {port}: cannot listen there: {exc.strerror or exc}") from None
    return sock


def _run(session: Session, sock: socket.socket, token: str | None) -> int:
    # lazy: the serve extra may be missing; it is checked first and imported only to serve
    import uvicorn

    from tta_timeline.web.app import create_app
    from tta_timeline.web.served import Served

    served = Served(session, token)
    # No access log: a request line can carry ?token=; errors are answered, never logged with a traceback.
    config = uvicorn.Config(
        create_app(served), log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)
    served.stopping = lambda: server.should_exit
    host, port = sock.getsockname()[:2]
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    out = session.out()  # masked like every other output
    out.write(
        f"Serving {session.timeline.project} at {url} "
        f"(store {session.store_display}{', token required' if token else ''}); Ctrl-C to stop\n"
    )
    out.flush()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    return ExitCode.OK
