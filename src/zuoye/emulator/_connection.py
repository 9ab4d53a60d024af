"""One HTTP/1.1 connection: parse requests with httptools, run each through the ASGI app in order.

The request side hands the app a whole body in one `http.request` message (the emulator never
needs it in pieces); the response side writes Baidu's header names as given, chunks a streamed
body, honours back-pressure, and closes the connection when a response is left unfinished, which
is how the emulator cuts a stream on purpose.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections import deque
from typing import TYPE_CHECKING, Any

import httptools

from zuoye.emulator._http import MAX_BODY

if TYPE_CHECKING:
    from zuoye.emulator._server import Server

_REASONS = {200: b"OK", 400: b"Bad Request", 401: b"Unauthorized", 403: b"Forbidden", 404: b"Not Found"}
_REASONS |= {405: b"Method Not Allowed", 413: b"Payload Too Large", 429: b"Too Many Requests"}
_REASONS |= {500: b"Internal Server Error", 503: b"Service Unavailable"}


class _Date:
    """The Date header, formatted at most once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def header(self) -> bytes:
        now = int(time.time())
        if now != self._second:
            self._second = now
            self._value = b"Date: " + email.utils.formatdate(now, usegmt=True).encode() + b"\r\n"
        return self._value


_DATE = _Date()


class _Request:
    """One request on a connection: its ASGI scope, body, and the response being written."""

    __slots__ = (
        "body",
        "body_ready",
        "body_taken",
        "chunked",
        "complete",
        "conn",
        "done",
        "head_sent",
        "headers",
        "keep_alive",
        "scope",
        "size",
        "status",
        "too_large",
    )

    def __init__(self, conn: Connection, scope: dict[str, Any], keep_alive: bool) -> None:
        self.conn = conn
        self.scope = scope
        self.keep_alive = keep_alive
        self.body: list[bytes] = []
        self.size = 0
        self.body_taken = False
        self.complete = False  # the request body has fully arrived
        self.too_large = False
        self.body_ready = asyncio.Event()
        self.head_sent = False
        self.done = False  # the response has been fully written
        self.status = 200
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunked = False

    async def receive(self) -> dict[str, Any]:
        if not self.complete:
            await self.body_ready.wait()
        if self.conn.closed:
            return {"type": "http.disconnect"}
        if not self.body_taken:
            self.body_taken = True
            body, self.body = b"".join(self.body), []
            return {"type": "http.request", "body": body, "more_body": False}
        # Asked again after the body: the only thing left to report is a disconnect.
        await self.conn.lost.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        conn = self.conn
        if conn.closed or self.done:
            return
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", ()))
            return
        body: bytes = message.get("body", b"")
        more: bool = message.get("more_body", False)
        out = bytearray()
        if not self.head_sent:
            self.head_sent = True
            out += self._head(more)
        if self.chunked:
            if body:
                out += b"%x\r\n" % len(body) + body + b"\r\n"
            if not more:
                out += b"0\r\n\r\n"
        elif self.scope["method"] != "HEAD":
            out += body
        conn.transport.write(bytes(out))
        if not more:
            self.done = True
        if conn.paused:
            await conn.drain()

    def _head(self, more: bool) -> bytes:
        reason = _REASONS.get(self.status, b"OK" if self.status < 400 else b"Error")
        lines = [b"HTTP/1.1 %d %s\r\n" % (self.status, reason), _DATE.header()]
        has_length = False
        for name, value in self.headers:
            if name.lower() == b"content-length":
                has_length = True
            lines.append(name + b": " + value + b"\r\n")
        if not has_length:
            if more:
                self.chunked = True
                lines.append(b"Transfer-Encoding: chunked\r\n")
            else:  # a single body message: its length is known
                lines.append(b"Content-Length: 0\r\n")
        if not self.keep_alive:
            lines.append(b"Connection: close\r\n")
        lines.append(b"\r\n")
        return b"".join(lines)


class Connection(asyncio.Protocol):
    def __init__(self, server: Server) -> None:
        self.server = server
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport = None  # type: ignore[assignment]
        self.closed = False
        self.lost = asyncio.Event()
        self.paused = False
        self._resumed = asyncio.Event()
        self.pending: deque[_Request] = deque()
        self.current: _Request | None = None
        self._parsing: _Request | None = None  # the request whose body the parser is delivering
        self._url = b""
        self._headers: list[tuple[bytes, bytes]] = []
        self._idle: asyncio.TimerHandle | None = None

    # --- asyncio.Protocol --------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.server.connections.add(self)
        self._arm_idle()

    def data_received(self, data: bytes) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._reject(400)
        except httptools.HttpParserError:
            self._reject(400)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.lost.set()
        self._resumed.set()
        for request in (self.current, *self.pending):
            if request is not None:
                request.body_ready.set()
        if self._idle is not None:
            self._idle.cancel()
        self.server.connections.discard(self)

    def pause_writing(self) -> None:
        self.paused = True
        self._resumed.clear()

    def resume_writing(self) -> None:
        self.paused = False
        self._resumed.set()

    async def drain(self) -> None:
        await self._resumed.wait()

    # --- httptools callbacks -----------------------------------------------------------------

    def on_message_begin(self) -> None:
        self._url = b""
        self._headers = []

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        parsed = httptools.parse_url(self._url)
        path = parsed.path.decode("latin-1")
        if b"%" in parsed.path:
            from urllib.parse import unquote

            path = unquote(path)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": self.parser.get_http_version(),
            "method": self.parser.get_method().decode("ascii"),
            "scheme": "http",
            "path": path,
            "raw_path": parsed.path,
            "query_string": parsed.query or b"",
            "root_path": "",
            "headers": self._headers,
            "server": self.server.address,
            "client": self.transport.get_extra_info("peername"),
        }
        request = self._parsing = _Request(self, scope, self.parser.should_keep_alive())
        if any(n == b"expect" and v.lower() == b"100-continue" for n, v in self._headers):
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.pending.append(request)
        if self.current is None:
            self._next()

    def on_body(self, body: bytes) -> None:
        request = self._parsing
        if request is None or request.too_large:
            return
        request.body.append(body)
        request.size += len(body)
        if request.size > MAX_BODY:  # stop buffering; the request is answered with 413
            request.too_large = True
            request.body = []

    def on_message_complete(self) -> None:
        request, self._parsing = self._parsing, None
        if request is not None:
            request.complete = True
            request.body_ready.set()

    # --- running requests --------------------------------------------------------------------

    def _next(self) -> None:
        if self.current is not None or not self.pending or self.closed:
            return
        self.current = self.pending.popleft()
        task = asyncio.get_running_loop().create_task(self._run(self.current))
        self.server.tasks.add(task)
        task.add_done_callback(self.server.tasks.discard)

    async def _run(self, request: _Request) -> None:
        try:
            if request.too_large or (not request.complete and await _too_large_when_read(request)):
                request.keep_alive = False
                await request.send({"type": "http.response.start", "status": 413, "headers": []})
                await request.send({"type": "http.response.body", "body": b""})
            else:
                await self.server.app(request.scope, request.receive, request.send)  # type: ignore[arg-type]
        except Exception:
            self.server.errors += 1
            if not request.head_sent and not self.closed:
                request.keep_alive = False
                await request.send({"type": "http.response.start", "status": 500, "headers": []})
                await request.send({"type": "http.response.body", "body": b""})
        finally:
            self.current = None
            if not request.done or not request.keep_alive or self.server.stopping:
                # An unfinished response (a deliberate cut) or `Connection: close` ends the connection.
                self.close()
            elif not self.closed:
                self._next()
                if self.current is None:
                    self._arm_idle()

    def _reject(self, status: int) -> None:
        if not self.closed and self.current is None:
            reason = _REASONS.get(status, b"Error")
            self.transport.write(
                b"HTTP/1.1 %d %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" % (status, reason)
            )
        self.close()

    def _arm_idle(self) -> None:
        loop = asyncio.get_running_loop()
        self._idle = loop.call_later(self.server.keep_alive, self.close)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.transport.close()

    def close_if_idle(self) -> None:
        if self.current is None and not self.pending:
            self.close()


async def _too_large_when_read(request: _Request) -> bool:
    await request.body_ready.wait()
    return request.too_large
