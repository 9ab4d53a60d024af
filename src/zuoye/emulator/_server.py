"""Serving the emulator with uvicorn (httptools + uvloop when installed)."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn

from zuoye.emulator._app import EmulatorApp
from zuoye.emulator._config import EmulatorConfig


def bind(host: str, port: int) -> socket.socket:
    """Bind and listen before announcing the URL, so a client that connects at once is queued."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_for(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def make_server(app: EmulatorApp) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        loop="auto",  # uvloop when installed
        http="auto",  # httptools when installed
        lifespan="on",
        log_config=None,  # never reconfigure the host program's logging
        access_log=False,
        server_header=False,
        backlog=2048,
        timeout_keep_alive=30,
        timeout_graceful_shutdown=3,
    )
    return uvicorn.Server(config)


def serve(
    config: EmulatorConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    announce: Callable[[str], None] = print,
) -> None:
    """Run until interrupted; `announce` gets the base URL once the socket accepts connections."""
    sock = bind(host, port)
    app = EmulatorApp(config)
    announce(url_for(sock))
    make_server(app).run(sockets=[sock])
