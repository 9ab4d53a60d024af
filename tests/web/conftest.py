"""Fixtures for the web tests: the app in process, driven through httpx's ASGI transport.

`make_app(**settings)` builds an app on a fresh SQLite database in tmp_path with a registry
serving one scripted model as ERNIE (`model` fixture: queue replies on it) and a fake recognizer; `client` is an
httpx.AsyncClient for a single-user app. Multi-user helpers log users in by cookie or token.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel, ScriptedProvider
from zuoye.providers import Registry
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.store import _passwords as passwords
from zuoye.store.users import Accounts
from zuoye.web import create_app

CSRF = {"X-Zuoye-CSRF": "1"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "LOG_N", 10)


@pytest.fixture
def model() -> ScriptedModel:
    return ScriptedModel()


@dataclass
class OcrResult:
    text: str
    lines: list[str]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'web.db'}") as s:
        yield s


@pytest.fixture
def accounts(store: Store) -> Accounts:
    return Accounts(store)


@pytest.fixture
def make_app(tmp_path: Path, store: Store, model: ScriptedModel) -> Callable[..., Any]:
    def make(
        *, offline: bool = False, recognize: Callable[[bytes], Any] | None = None, **overrides: Any
    ) -> Any:
        settings = Settings(home=tmp_path, **overrides)._validated()
        registry = Registry([] if offline else [ScriptedProvider(model)])
        return create_app(
            settings,
            store=store,
            registry=registry,
            recognize=recognize or (lambda data: OcrResult("解方程 x^2-5x+6=0", ["解方程 x^2-5x+6=0"])),
        )

    return make


@pytest.fixture
async def client(make_app: Callable[..., Any]) -> AsyncIterator[httpx.AsyncClient]:
    app = make_app()
    async with AsyncExitStack() as stack:
        c = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver")
        )
        yield c
        await app.state.zuoye.aclose()


def stream_events(lines: Iterable[str]) -> Iterator[tuple[str | None, str, Any]]:
    """(id, event, data) of each event of a text/event-stream, as its lines come in (a real
    server's streamed response: `response.iter_lines()`)."""
    event_id, name = None, "message"
    for line in lines:
        if line.startswith("id:"):
            event_id = line[3:].strip()
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            yield event_id, name, json.loads(line[5:])
            name = "message"


def parse_sse(body: str) -> list[tuple[str, Any]]:
    """A text/event-stream body → [(event, data)], comments skipped."""
    events = []
    for block in body.split("\n\n"):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


async def ask(client: httpx.AsyncClient, question: str, **body: Any) -> list[tuple[str, Any]]:
    response = await client.post("/api/ask", json={"question": question, **body})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return parse_sse(response.text)


def answer_text(events: list[tuple[str, Any]]) -> str:
    return "".join(d["text"] for e, d in events if e == "delta")


def done(events: list[tuple[str, Any]]) -> dict[str, Any]:
    [turn] = [d["turn"] for e, d in events if e == "done"]
    return turn
