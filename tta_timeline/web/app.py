"""The ASGI app: the dashboard page, the JSON API (the `--json` documents), health, metrics and a change stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from jinja2 import Environment, PackageLoader, StrictUndefined
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tta_timeline.commands.checklist import choose
from tta_timeline.commands.history import history_document
from tta_timeline.core.errors import StoreError, TimelineError, UsageError
from tta_timeline.domain.forecast import build
from tta_timeline.output.checklist import Checklist
from tta_timeline.output.render import json_document
from tta_timeline.web.auth import TokenGate
from tta_timeline.web.metrics import metrics_text
from tta_timeline.web.page import page_context
from tta_timeline.web.served import Served

#: how often a change stream asks the store for its version; the page updates within about this
POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 15.0
HEADERS = {
    # the page's script and styles come only from /static: no inline code runs, whatever a name says
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def create_app(served: Served) -> Starlette:
    env = Environment(
        loader=PackageLoader("tta_timeline.web"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    routes = [
        Route("/", _page(served, env, "page.html")),
        Route("/fragment", _page(served, env, "dashboard.html")),
        Route("/api/status", _api(served, _status)),
        Route("/api/checklist", _api(served, _checklist)),
        Route("/api/history", _api(served, _history)),
        Route("/api/timeline", _api(served, _timeline)),
        Route("/api/version", _api(served, lambda s, q: {"version": s.store.version()})),
        Route("/api/events", _events(served)),
        Route("/healthz", _healthz(served)),
        Route("/metrics", _metrics(served)),
        Mount("/static", StaticFiles(packages=[("tta_timeline.web", "static")]), name="static"),
    ]
    middleware = [Middleware(TokenGate, token=served.token)] if served.token else []
    return Starlette(routes=routes, middleware=middleware)


def _status(session: Any, query: Any) -> dict[str, Any]:
    return json_document("status", session.state())


def _checklist(session: Any, query: Any) -> dict[str, Any]:
    state = session.state()
    chosen = choose(session, state, [_int(v, "phase") for v in query.getlist("phase")])
    return json_document("checklist", Checklist(chosen, state.now))


def _history(session: Any, query: Any) -> dict[str, Any]:
    phase, limit = query.get("phase"), query.get("limit")
    return history_document(
        session,
        _int(phase, "phase") if phase else None,
        query.get("check") or None,
        _int(limit, "limit") if limit else None,
        query.get("since") or None,
    )


def _timeline(session: Any, query: Any) -> dict[str, Any]:
    state = session.state()
    return json_document("timeline", build(state, state.now))


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"{name}={value}: expected a whole number") from None


def _failure(served: Served, exc: Exception) -> tuple[int, str]:
    """A status code and a redacted one-line message; never a traceback (it could carry secrets)."""
    text = served.session.redactor.text
    if isinstance(exc, UsageError):
        return 400, text(str(exc))
    if isinstance(exc, (StoreError, TimelineError)):
        return 503, text(str(exc))
    return 500, text(f"internal error: {type(exc).__name__}: {exc}")


def _api(served: Served, build: Callable[[Any, Any], dict[str, Any]]) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        try:
            document = served.read(build, served.session, request.query_params)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a JSON error, see _failure
            code, message = _failure(served, exc)
            return JSONResponse({"error": message}, status_code=code, headers=HEADERS)
        return Response(served.json(document), media_type="application/json", headers=HEADERS)

    return endpoint


def _page(served: Served, env: Environment, template: str) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        try:
            version = served.version()  # before the state: a change in between triggers one more refresh
            context = served.read(page_context, served.session, version)
        except Exception as exc:  # noqa: BLE001
            code, message = _failure(served, exc)
            return HTMLResponse(
                env.get_template("error.html").render(code=code, message=message), status_code=code, headers=HEADERS
            )
        return HTMLResponse(env.get_template(template).render(**context), headers=HEADERS)

    return endpoint


def _healthz(served: Served) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        store = served.session.store_display
        try:
            served.version()  # one O(1) read: the store answers; no check is run
        except Exception as exc:  # noqa: BLE001
            return JSONResponse(
                {"status": "unavailable", "store": store, "error": _failure(served, exc)[1]},
                status_code=503,
                headers=HEADERS,
            )
        return JSONResponse({"status": "ok", "store": store}, headers=HEADERS)

    return endpoint


def _metrics(served: Served) -> Callable[[Request], Response]:

    def endpoint(request: Request) -> Response:
        try:
            text = served.read(metrics_text, served.session)
        except Exception as exc:  # noqa: BLE001
            code, message = _failure(served, exc)
            return Response(message + "\n", status_code=code, media_type="text/plain", headers=HEADERS)
        return Response(text, media_type=CONTENT_TYPE_LATEST, headers=HEADERS)

    return endpoint


def _events(served: Served) -> Callable[[Request], Any]:
    """Server-sent events: `change` whenever the store's version differs from the last one sent."""

    async def endpoint(request: Request) -> Response:
        return StreamingResponse(
            _changes(served, request.query_params.get("since")), media_type="text/event-stream", headers=HEADERS
        )

    return endpoint


async def _changes(served: Served, since: str | None) -> Any:
    last: str | None = since
    quiet = 0.0
    yield "retry: 1000\n\n"
    while not served.stopping():
        version: str | None
        try:
            version = await anyio.to_thread.run_sync(served.version)
        except Exception:  # noqa: BLE001 - the store is down for now: /healthz says so; keep the stream
            version = last
        if version != last:
            last, quiet = version, 0.0
            yield f"event: change\ndata: {version}\n\n"
        elif quiet >= HEARTBEAT_SECONDS:
            quiet = 0.0
            yield ": still here\n\n"
        await anyio.sleep(POLL_SECONDS)
        quiet += POLL_SECONDS
