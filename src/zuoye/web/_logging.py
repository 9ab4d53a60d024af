"""Logs an operator can search: every line carries the request it belongs to, and the server can
write them as JSON (`zuoye serve --log-format json`, one object per line, python-json-logger).

The request id is the balancer's `X-Request-ID` when it sends a sensible one, else a new one; it
is returned in the response's `X-Request-ID` and set on every log record made while the request
is handled (a contextvar, so the answer's task, started inside the request, carries it too).
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("zuoye_request_id", default="-")
_SENSIBLE = re.compile(rb"[A-Za-z0-9._-]{1,64}")


class RequestIds:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"")
        request_id = given.decode() if _SENSIBLE.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            REQUEST_ID.reset(token)


class _WithRequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def log_config(fmt: str, level: str) -> dict[str, Any]:
    """A logging.config dictionary for uvicorn and zuoye alike: `text` for people, `json` for
    log collectors."""
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    handler = {"class": "logging.StreamHandler", "formatter": "main", "filters": ["request_id"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": _WithRequestId}},
        "formatters": {"main": formatter},
        "handlers": {"default": {**handler, "stream": "ext://sys.stderr"}},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "zuoye": {"handlers": ["default"], "level": level.upper(), "propagate": False},
        },
    }
