"""Each request's messages in the language it asks for (Accept-Language; Chinese by default).

Pure ASGI, like the other middleware: it sets the language for everything the request runs —
its route, the exception handlers, threads started with `asyncio.to_thread`, the streamed
answer's task — and nothing else.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from zuoye.messages import Lang, language_from_accept, use_language


def scope_language(scope: Scope) -> Lang:
    """The language a request's Accept-Language header prefers (zh without one)."""
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            return language_from_accept(value.decode("latin-1"))
    return "zh"


class RequestLanguage:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with use_language(scope_language(scope)):
            await self.app(scope, receive, send)
