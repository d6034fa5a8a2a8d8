"""The access token of a public `serve`: checked on every request, in constant time."""

from __future__ import annotations

import hmac
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse

COOKIE = "tta_timeline_token"


def presented(request: Request) -> tuple[str | None, bool]:
    """(the token the client gave, whether it came in the query string)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), False
    if COOKIE in request.cookies:
        return request.cookies[COOKIE], False
    query = request.query_params.get("token")
    return query, query is not None


class TokenGate:
    """ASGI middleware: 401 unless the request carries the token (Bearer header, cookie or ?token=).

    A valid ?token= also sets an HttpOnly cookie, so the page's own requests (fetch, EventSource,
    which cannot send headers) are authorised without the token appearing in the page.
    """

    def __init__(self, app: Any, token: str):
        self.app = app
        self.token = token.encode("utf-8")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given, from_query = presented(Request(scope))
        if given is None or not hmac.compare_digest(given.encode("utf-8"), self.token):
            response = PlainTextResponse(
                "unauthorized: this dashboard needs its token "
                "(Authorization: Bearer TOKEN, or ?token=TOKEN once in a browser)\n",
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, _with_cookie(send, given) if from_query else send)


def _with_cookie(send: Any, token: str) -> Any:
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")

    async def wrapped(message: Any) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
        await send(message)

    return wrapped
