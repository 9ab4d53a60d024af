"""The API on PostgreSQL (the rest of tests/web runs on SQLite): the flows whose queries differ."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.store.conftest import postgres_url  # noqa: F401 -- a fixture, used by name
from tests.tutor.fakes import ScriptedModel, ScriptedProvider
from tests.web.conftest import ask, done
from zuoye.providers import Registry
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.store.users import Accounts
from zuoye.web import create_app

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[Store]:  # noqa: F811
    with Store(postgres_url) as store:
        yield store


async def test_students_teachers_and_quotas_on_postgresql(pg_store: Store, tmp_path: Any) -> None:
    model = ScriptedModel(["回答一。", "回答二。"])
    settings = Settings(home=tmp_path, multi_user=True, daily_quota=1)._validated()

    app = create_app(settings, store=pg_store, registry=Registry([ScriptedProvider(model)]))
    accounts = Accounts(pg_store)
    amy = accounts.create_user(name="amy")
    bob = accounts.create_user(name="bob")
    teacher = accounts.create_user(name="teacher", role="teacher")
    accounts.link(guardian_id=teacher.id, student_id=amy.id)

    def client(user_id: str) -> httpx.AsyncClient:
        secret, _ = accounts.issue_token(user_id=user_id)
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app),
            base_url="http://t",
            headers={"Authorization": f"Bearer {secret}"},
        )

    async with client(amy.id) as a, client(bob.id) as b, client(teacher.id) as t:
        events = await ask(a, "问题一")
        assert done(events)["status"] == "complete"
        cid = events[0][1]["conversation_id"]
        over = await a.post("/api/ask", json={"question": "问题二"})
        assert over.status_code == 429  # the daily quota, counted on PostgreSQL
        assert (await b.get(f"/api/conversations/{cid}")).status_code == 404
        assert (await b.delete(f"/api/conversations/{cid}")).status_code == 404
        seen = (await t.get(f"/api/conversations/{cid}")).json()
        assert seen["read_only"] and seen["turns"][0]["answer"] == "回答一。"
        assert [s["questions_today"] for s in (await t.get("/api/students")).json()] == [1]
        assert done(await ask(b, "bob 的问题"))["answer"] == "回答二。"
        assert (await a.delete(f"/api/conversations/{cid}")).status_code == 204
    await app.state.zuoye.aclose()
