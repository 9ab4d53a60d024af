"""ASGI middleware: security headers on every response (HSTS over HTTPS), and request body limits.

Pure ASGI rather than Starlette's BaseHTTPMiddleware: it touches only the response start and the
body chunks, so hundreds of open event streams cost nothing extra.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zuoye.messages import say, use_language
from zuoye.web._language import scope_language

# Everything the page loads comes from this server; no inline script, no eval. KaTeX positions
# glyphs with style attributes, so those (and only those: no <style> elements from answers)
# are allowed. Images: the page's own and the photo preview (blob:).
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

# Sent only over HTTPS (the request's scheme: https itself, or X-Forwarded-Proto from a trusted
# proxy with --proxy-headers): a browser remembers it for a year and never tries plain HTTP on this
# host again. Over HTTP a browser ignores it, and sending it there could pin a site whose TLS is not
# set up yet. No includeSubDomains: a school's server often shares its domain with hosts it does not run.
HSTS = (b"strict-transport-security", b"max-age=31536000")

# Static files may be cached; API answers and the page itself (it names the current assets) not.
_CACHEABLE = ("/static/", "/vendor/")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        cache = b"public, max-age=3600" if path.startswith(_CACHEABLE) else b"no-store"
        secure = [HSTS] if scope.get("scheme") == "https" else []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [h for h in (*SECURITY_HEADERS, *secure) if h[0] not in names]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", cache))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse bodies over the limit before reading them (Content-Length) or while reading
    (chunked uploads), so a huge upload is never spooled to disk."""

    def __init__(self, app: ASGIApp, *, default: int, per_path: dict[str, int]) -> None:
        self.app = app
        self.default = default
        self.per_path = per_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope.get("path", ""), self.default)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            with use_language(scope_language(scope)):  # outside the middleware that sets it
                await _too_large(send, limit)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, _message(limit))
            return message

        await self.app(scope, limited_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _message(limit: int) -> str:
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return say("web.body_too_large", size=size)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {"error": {"code": "too_large", "message": _message(limit)}}, ensure_ascii=False
    ).encode()
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
