"""A small HTTP/1.1 server for the emulator's ASGI app: asyncio + httptools (+ uvloop if present).

Why not uvicorn: uvicorn writes every response header name in lower case, and the official SDK
copies headers into a plain dict and looks up Baidu's `X-Ratelimit-Limit-Requests` verbatim; a
faithful emulator must send Baidu's capitalisation. Owning the connection also makes a deliberate
cut (`cut_after`, the disconnect fault) a plain close instead of an error in someone's log, and
keeps per-request overhead to a few dict operations. It serves exactly what the emulator needs:
keep-alive, pipelining, chunked streaming with back-pressure, `Expect: 100-continue`, idle
timeouts and a graceful shutdown. The app stays plain ASGI, so any ASGI server can host it too.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable

from zuoye.emulator._app import EmulatorApp
from zuoye.emulator._config import EmulatorConfig
from zuoye.emulator._connection import Connection

KEEP_ALIVE_SECONDS = 30.0  # idle connections are closed after this long, as most servers do
SHUTDOWN_GRACE_SECONDS = 3.0


class Server:
    """Serve an EmulatorApp on a listening socket until `stop()`."""

    def __init__(
        self, app: EmulatorApp, sock: socket.socket, *, keep_alive: float = KEEP_ALIVE_SECONDS
    ) -> None:
        self.app = app
        self.sock = sock
        self.keep_alive = keep_alive
        self.address = sock.getsockname()[:2]
        self.connections: set[Connection] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        self.stopping = False
        self.errors = 0
        self.started = asyncio.Event()
        self._stop: asyncio.Event | None = None

    async def serve(self) -> None:
        loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await loop.create_server(lambda: Connection(self), sock=self.sock, backlog=2048)
        self.started.set()
        try:
            await self._stop.wait()
        finally:
            self.stopping = True
            server.close()
            for conn in list(self.connections):
                conn.close_if_idle()
            if self.tasks:
                await asyncio.wait(list(self.tasks), timeout=SHUTDOWN_GRACE_SECONDS)
            for conn in list(self.connections):
                conn.transport.abort()
            for task in list(self.tasks):
                task.cancel()
            self.app.close()
            with contextlib.suppress(Exception):
                await server.wait_closed()

    def stop(self) -> None:
        """Ask `serve()` to finish; call from the server's own loop (or via call_soon_threadsafe)."""
        if self._stop is not None:
            self._stop.set()


def new_event_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:  # uvloop is optional (and absent on Windows); asyncio is just slower
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    return loop


def bind(host: str, port: int) -> socket.socket:
    """Bind and listen before announcing the URL, so a client that connects at once is queued."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def url_for(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(
    config: EmulatorConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    announce: Callable[[str], None] = print,
) -> None:
    """Run until interrupted; `announce` gets the base URL once the socket accepts connections."""
    sock = bind(host, port)
    server = Server(EmulatorApp(config), sock)
    announce(url_for(sock))
    loop = new_event_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows / not main thread
            loop.add_signal_handler(signum, server.stop)
    try:
        loop.run_until_complete(server.serve())
    finally:
        loop.close()
        sock.close()
