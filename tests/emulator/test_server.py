"""The emulator's own HTTP/1.1 server, checked with raw sockets where clients would hide details."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx
import pytest

from tests.emulator._helpers import V2_CHAT, ask, token, v2_ask
from zuoye.emulator import CHAT_PREFIX, EmulatorApp
from zuoye.emulator.testing import fake_api_key, running_emulator


def _connect(base_url: str) -> socket.socket:
    parts = urlsplit(base_url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    return sock


def _read_response(stream: BinaryIO) -> tuple[bytes, bytes]:
    """One Content-Length response from a buffered socket file: (head, body)."""
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        line = stream.readline()
        assert line, "connection closed before the response head"
        head += line
    length = next(
        int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    return head, stream.read(length)


def _post(path: str, body: bytes, extra: bytes = b"") -> bytes:
    return (
        b"POST "
        + path.encode()
        + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + extra
        + b"Content-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


def test_headers_keep_baidus_capitalisation_on_the_wire(emulator: str) -> None:
    path = f"{CHAT_PREFIX}completions_pro?access_token={token(emulator)}"
    with _connect(emulator) as sock:
        sock.sendall(_post(path, json.dumps(ask("你好")).encode()))
        head, body = _read_response(sock.makefile("rb"))
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    for name in (
        b"Statement: AI-generated",
        b"X-Ratelimit-Limit-Requests: ",
        b"Content-Type: application/json",
    ):
        assert b"\r\n" + name in head
    assert b"\r\nDate: " in head
    assert json.loads(body)["object"] == "chat.completion"


def test_v2_headers_and_status_lines_on_the_wire() -> None:
    auth = f"Authorization: Bearer {fake_api_key()}\r\n".encode()
    with running_emulator(rpm=1) as url, _connect(url) as sock:
        body = json.dumps(v2_ask("你好")).encode()
        sock.sendall(_post(V2_CHAT, body, auth) + _post(V2_CHAT, body, auth))
        stream = sock.makefile("rb")
        ok_head, _ = _read_response(stream)
        refused_head, refused = _read_response(stream)
    assert ok_head.startswith(b"HTTP/1.1 200 OK\r\n")
    for name in (b"Input-Tokens", b"Output-Tokens", b"Requests"):
        assert b"\r\nX-Ratelimit-Limit-" + name + b": " in ok_head
        assert b"\r\nX-Ratelimit-Remaining-" + name + b": " in ok_head
    assert refused_head.startswith(b"HTTP/1.1 429 Too Many Requests\r\n")
    assert json.loads(refused)["error"]["code"] == "rpm_rate_limit_exceeded"


def test_keep_alive_and_pipelining(emulator: str) -> None:
    path = f"{CHAT_PREFIX}completions_pro?access_token={token(emulator)}"
    with _connect(emulator) as sock:
        # Three requests written at once on one connection are answered in order.
        questions = ["一", "二", "三"]
        sock.sendall(b"".join(_post(path, json.dumps(ask(q)).encode()) for q in questions))
        stream = sock.makefile("rb")
        answers = [json.loads(_read_response(stream)[1])["result"] for _ in questions]
    assert [f"「{q}」" in a for q, a in zip(questions, answers, strict=True)] == [True] * 3


def test_expect_100_continue_and_chunked_request_bodies(emulator: str) -> None:
    path = f"{CHAT_PREFIX}completions_pro?access_token={token(emulator)}"
    body = json.dumps(ask("你好")).encode()
    with _connect(emulator) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
        ).encode()
        sock.sendall(head)
        assert sock.recv(1024) == b"HTTP/1.1 100 Continue\r\n\r\n"
        half = len(body) // 2
        for part in (body[:half], body[half:]):
            sock.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
        _, reply = _read_response(sock.makefile("rb"))
    assert "你好" in json.loads(reply)["result"]


def test_garbage_gets_400_and_a_closed_connection(emulator: str) -> None:
    with _connect(emulator) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        data = b""
        while chunk := sock.recv(1024):
            data += chunk
    assert data.startswith(b"HTTP/1.1 400")


def test_oversize_bodies_get_413(emulator: str) -> None:
    response = httpx.post(f"{emulator}{CHAT_PREFIX}completions_pro", content=b"x" * (9 * 1024 * 1024))
    assert response.status_code == 413


@pytest.mark.anyio
async def test_the_app_runs_under_any_asgi_server() -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=EmulatorApp()), base_url="http://e"
    ) as client:
        query = {"grant_type": "client_credentials", "client_id": "a", "client_secret": "b"}
        access = (await client.post("/oauth/2.0/token", params=query)).json()["access_token"]
        reply = await client.post(
            f"{CHAT_PREFIX}ernie_speed", params={"access_token": access}, json=ask("你好")
        )
    assert reply.json()["object"] == "chat.completion"


def test_cli_prints_the_url_first_and_serves_until_stopped() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "zuoye.emulator", "--port", "0", "--rpm", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        reply = httpx.post(
            f"{url}{CHAT_PREFIX}completions_pro", params={"access_token": token(url)}, json=ask("你好")
        )
        assert reply.headers["x-ratelimit-limit-requests"] == "5"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert proc.returncode in (0, -15), err
