"""The daily quota and one answer per conversation through the API, on SQLite and PostgreSQL:
counted in a ledger that deleting conversations cannot touch, and taken atomically in the database,
so parallel asks — through one app, or two apps (two server processes) on one database — never get
more than the quota or two answers in one conversation."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from tests.store.conftest import db_url, postgres_url  # noqa: F401 -- fixtures, used by name
from tests.tutor.fakes import ScriptedModel, ScriptedProvider
from tests.web.conftest import ask, done
from zuoye.cli import _register
from zuoye.cli import app as cli
from zuoye.providers import ProviderError, Registry
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.store.quota import Quotas, quota_day
from zuoye.store.users import Accounts
from zuoye.web import create_app

pytestmark = pytest.mark.anyio


@pytest.fixture
async def apps(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """make(url, model, **settings): an app on its own Store of the database at `url`, as each
    server process has; all closed afterwards."""
    made: list[Any] = []

    def make(url: str, model: ScriptedModel, **overrides: Any) -> Any:
        settings = Settings(home=tmp_path, multi_user=True, **overrides)._validated()
        app = create_app(settings, store=Store(url), registry=Registry([ScriptedProvider(model)]))
        made.append(app)
        return app

    yield make
    for app in made:
        await app.state.zuoye.aclose()
        app.state.zuoye.store.close()


def as_user(app: Any, user_id: str) -> httpx.AsyncClient:
    secret, _ = Accounts(app.state.zuoye.store).issue_token(user_id=user_id)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://t",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=60,
    )


async def quota(c: httpx.AsyncClient) -> dict[str, Any]:
    body: dict[str, Any] = (await c.get("/api/me")).json()["quota"]
    return body


async def test_deleting_conversations_does_not_reset_the_quota(
    apps: Callable[..., Any],
    db_url: str,  # noqa: F811
) -> None:
    model = ScriptedModel(["一。", "二。", "三。", "四。"])
    app = apps(db_url, model, daily_quota=3)
    kid = Accounts(app.state.zuoye.store).create_user(name="kid")
    async with as_user(app, kid.id) as c:
        for i in range(3):
            assert done(await ask(c, f"问题{i}"))["status"] == "complete"
        for conv in (await c.get("/api/conversations")).json()["conversations"]:
            assert (await c.delete(f"/api/conversations/{conv['id']}")).status_code == 204
        assert await quota(c) == {"limit": 3, "used": 3, "remaining": 0}
        r = await c.post("/api/ask", json={"question": "再问一个"})
        assert r.status_code == 429 and r.json()["error"]["code"] == "quota_exceeded"
        assert "今天的提问次数已用完" in r.json()["error"]["message"]


async def test_an_answer_that_never_came_gives_its_question_back(
    apps: Callable[..., Any],
    db_url: str,  # noqa: F811
) -> None:
    down = ProviderError("the service is down", kind="service", retryable=False)
    model = ScriptedModel([down, "答。", "不会读到。"])
    app = apps(db_url, model, daily_quota=1)
    kid = Accounts(app.state.zuoye.store).create_user(name="kid")
    async with as_user(app, kid.id) as c:
        r = await c.post("/api/ask", json={"question": "问题", "stream": False})
        assert r.status_code == 502 and r.json()["turn"]["status"] == "failed"
        assert (await quota(c))["used"] == 0
        r = await c.post("/api/ask", json={"question": "   "})
        assert r.status_code == 422  # the tutor refused it before any turn: given back
        assert (await quota(c))["used"] == 0
        assert done(await ask(c, "问题"))["status"] == "complete"
        assert (await quota(c))["used"] == 1


async def test_ten_parallel_asks_with_a_quota_of_three_get_three_answers(
    apps: Callable[..., Any],
    db_url: str,  # noqa: F811
) -> None:
    model = ScriptedModel([f"回答{i}。" for i in range(10)])
    app = apps(db_url, model, daily_quota=3)
    kid = Accounts(app.state.zuoye.store).create_user(name="kid")
    async with as_user(app, kid.id) as c:
        replies = await asyncio.gather(
            *(c.post("/api/ask", json={"question": f"问题{i}", "stream": False}) for i in range(10))
        )
        assert sorted(r.status_code for r in replies) == [200] * 3 + [429] * 7
        assert await quota(c) == {"limit": 3, "used": 3, "remaining": 0}
        assert len((await c.get("/api/conversations")).json()["conversations"]) == 3


@pytest.mark.postgres
async def test_two_servers_on_one_database_race_for_the_last_question(
    apps: Callable[..., Any],
    postgres_url: str,  # noqa: F811
) -> None:
    models = [ScriptedModel([f"回答{i}。" for i in range(10)]) for _ in range(2)]
    one, two = (apps(postgres_url, m, daily_quota=3) for m in models)
    kid = Accounts(one.state.zuoye.store).create_user(name="kid")
    async with as_user(one, kid.id) as a, as_user(two, kid.id) as b:
        assert done(await ask(a, "第一问"))["status"] == "complete"
        assert done(await ask(b, "第二问"))["status"] == "complete"
        replies = await asyncio.gather(
            *(
                (a if i % 2 else b).post("/api/ask", json={"question": f"问题{i}", "stream": False})
                for i in range(10)
            )
        )
        assert sorted(r.status_code for r in replies) == [200] + [429] * 9
        assert await quota(a) == await quota(b) == {"limit": 3, "used": 3, "remaining": 0}


@pytest.mark.postgres
async def test_two_servers_cannot_write_two_answers_in_one_conversation(
    apps: Callable[..., Any],
    postgres_url: str,  # noqa: F811
) -> None:
    # Each answer holds after its first sentence until released: the winner is still writing
    # when every other ask arrives, however slow the machine.
    hold = asyncio.Event()
    models = [ScriptedModel(["第一句。第二句。"] * 6, hold=hold) for _ in range(2)]
    one, two = (apps(postgres_url, m, daily_quota=10) for m in models)
    kid = Accounts(one.state.zuoye.store).create_user(name="kid")
    conv = one.state.zuoye.store.create_conversation(
        user_id=kid.id, title="t", model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    )
    async with as_user(one, kid.id) as a, as_user(two, kid.id) as b:
        asks = [
            asyncio.create_task(
                (a if i % 2 else b).post(
                    "/api/ask", json={"question": f"问题{i}", "conversation_id": conv.id}
                )
            )
            for i in range(6)
        ]
        waiting = set(asks)
        async with asyncio.timeout(30):
            while len(waiting) > 1:
                _, waiting = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        # either server, the writer's or the other, says an answer is being written there
        assert [(await c.get(f"/api/conversations/{conv.id}")).json()["running"] for c in (a, b)] == [
            True
        ] * 2
        hold.set()
        replies = await asyncio.gather(*asks)
        assert sorted(r.status_code for r in replies) == [200] + [409] * 5
        assert {r.json()["error"]["code"] for r in replies if r.status_code == 409} == {"busy"}
        assert (await quota(a))["used"] == 1  # the refused asks took nothing
        turns = (await a.get(f"/api/conversations/{conv.id}")).json()["turns"]
        assert [t["status"] for t in turns] == ["complete"]


def test_zuoye_users_list_reads_the_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))
    monkeypatch.delenv("ZUOYE_DATABASE_URL", raising=False)
    with Store(f"sqlite:///{tmp_path / 'zuoye.db'}") as store:
        kid = Accounts(store).create_user(name="kid", daily_quota=5)
        Accounts(store).create_user(name="amy")
        for _ in range(2):
            Quotas(store).take(user_id=kid.id, day=quota_day(), limit=5)
    _register()
    listed = CliRunner().invoke(cli, ["users", "list", "--json"])
    assert listed.exit_code == 0, listed.stderr
    assert {r["name"]: r["questions_today"] for r in json.loads(listed.stdout)} == {"amy": 0, "kid": 2}
    shown = CliRunner().invoke(cli, ["users", "list"]).stdout
    assert "每天 5 题; 今天已问 2 题" in shown
