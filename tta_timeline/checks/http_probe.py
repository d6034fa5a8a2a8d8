"""The HTTP probe behind the `http` check: urllib, same-host redirects only, errors sorted by retry-worthiness.

Kept apart from checks/http.py so that loading the check's spec (every command does) does not
import http.client, ssl and urllib.request (only `verify` needs them).
"""

from __future__ import annotations

import base64
import http.client
import json
import ssl
import urllib.error
import urllib.request
from typing import Any, NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from tta_timeline.checks.base import TransientError
from tta_timeline.checks.http import HTTP_SCHEMES
from tta_timeline.core.errors import CheckConfigError
from tta_timeline.core.secrets import mask_url, strip_credentials


class Answer(NamedTuple):
    status: int
    url: str
    #: where a redirect that was not followed points (another host, or round a loop)
    location: str | None
    body: bytes
    #: the same host redirected too often (urllib gives up after 10, or 4 visits of one URL)
    looped: bool = False
    #: the body was longer than MAX_BODY_BYTES; only its start was read
    truncated: bool = False
    content_type: str = ""


#: an endless or huge body is cut here: the check judges its start (8 GB were read before)
MAX_BODY_BYTES = 1024 * 1024


def _body(resp: Any) -> tuple[bytes, bool]:
    body = resp.read(MAX_BODY_BYTES + 1)
    return body[:MAX_BODY_BYTES], len(body) > MAX_BODY_BYTES


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        target = urlsplit(newurl)
        if target.scheme not in HTTP_SCHEMES or target.hostname != urlsplit(req.full_url).hostname:
            return None  # urllib then raises HTTPError with the 3xx response, which we judge
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameHostRedirects)  # stateless, so shared by all checks


def _request(spec: Any) -> urllib.request.Request:
    headers = dict(spec.headers)
    data = None
    if spec.json_body is not None:
        data = json.dumps(spec.json_body).encode()
        if not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = "application/json"
    elif spec.body is not None:
        data = spec.body.encode()
    url, parts = spec.url, urlsplit(spec.url)
    if parts.username is not None:  # `user:pass@` is basic auth, never part of the host urllib resolves
        url = strip_credentials(spec.url)
        if not any(k.lower() == "authorization" for k in headers):
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    return urllib.request.Request(url, data=data, headers=headers, method=spec.method.upper())


def fetch(spec: Any, timeout: float) -> Answer:
    """The answer; non-2xx answers are answers too, not exceptions.

    Raises TransientError for what may clear up (refused, reset, timed out) and CheckConfigError for a
    request that cannot be made as configured (a malformed URL, a TLS failure): retrying would not help.
    """
    shown = mask_url(spec.url)
    try:
        with _OPENER.open(_request(spec), timeout=timeout) as resp:
            body, cut = _body(resp)
            return Answer(resp.status, resp.geturl(), None, body, False, cut, resp.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as resp:
        with resp:
            location = resp.headers.get("Location")
            looped = str(resp.msg).startswith(urllib.request.HTTPRedirectHandler.inf_msg)
            body, cut = _body(resp)
            return Answer(
                resp.code,
                resp.geturl(),
                location and urljoin(resp.geturl(), location),
                body,
                looped,
                cut,
                resp.headers.get("Content-Type", ""),
            )
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ssl.SSLError) or not isinstance(exc.reason, OSError):
            raise CheckConfigError(f"{shown}: {exc.reason}") from exc
        raise TransientError(f"{shown}: {_describe(exc.reason)}") from exc
    except http.client.InvalidURL as exc:  # a port that is not a number, a space in the host
        raise CheckConfigError(f"{shown}: {exc}") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise TransientError(f"{shown}: {_describe(exc)}") from exc
    except ValueError as exc:  # malformed URL
        raise CheckConfigError(f"{shown}: {exc}") from exc


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "connection closed without a response"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
