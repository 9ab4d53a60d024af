"""Where sockets matter: a server that never answers (timeout) and one that drops the connection in
the middle of a stream. A few lines of raw socket server, not the emulator, so these stay unit tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.ernie._fake import chat, close, consume
from zuoye.ernie import APIConnectionError, APITimeoutError, AsyncErnie, ChatChunk, Ernie

pytestmark = pytest.mark.anyio


@contextmanager
def raw_server(serve: Callable[[socket.socket], None]) -> Iterator[str]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)  # so the accept loop notices `stop` promptly
    stop = threading.Event()
    conns: list[socket.socket] = []

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conns.append(conn)
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        for c in conns:
            c.close()
        thread.join(5)


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        ),
        0,
    )
    while len(body) < length:
        body += conn.recv(65536)


def silent(conn: socket.socket) -> None:
    _read_request(conn)  # and never answer


def drops_mid_stream(conn: socket.socket) -> None:
    _read_request(conn)
    event = 'data: {"id":"as-1","sentence_id":0,"is_end":false,"result":"第一句"}\n\n'.encode()
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"%x\r\n" % len(event)
        + event
        + b"\r\n"
    )
    conn.shutdown(socket.SHUT_RDWR)  # gone, without the terminating chunk
    conn.close()


def client_for(sync: bool, url: str, **kwargs: Any) -> Ernie | AsyncErnie:
    cls = Ernie if sync else AsyncErnie
    return cls(access_token="tok-ready", base_url=url, retry_delay=0, **kwargs)


async def test_a_server_that_never_answers_times_out(sync: bool) -> None:
    with raw_server(silent) as url:
        client = client_for(sync, url, timeout=0.3, max_retries=1)
        with pytest.raises(APITimeoutError, match="timed out"):
            await chat(client)
        await close(client)


async def test_a_connection_dropped_mid_stream(sync: bool) -> None:
    with raw_server(drops_mid_stream) as url:
        client = client_for(sync, url)
        s = await chat(client, stream=True)
        seen: list[ChatChunk] = []
        with pytest.raises(APIConnectionError, match="broke after 1 event"):
            await consume(s, into=seen)
        assert len(seen) == 1 and s.snapshot().result == "第一句"
        await close(client)
