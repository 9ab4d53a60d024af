"""A shared server without ERNIE: whoever runs it is told which variables to set; a student,
parent or teacher is told to ask them, in the answer's notice and in the refusal of a question
the local solver cannot answer — never to set environment variables they cannot reach."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.web.conftest import ask
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio

PASSWORD = "correct horse battery"


@pytest.fixture
async def app(make_app: Any) -> AsyncIterator[Any]:
    app = make_app(multi_user=True, offline=True)
    yield app
    await app.state.zuoye.aclose()


def as_user(app: Any, accounts: Accounts, name: str, role: str) -> httpx.AsyncClient:
    user = accounts.create_user(name=name, role=role, password=PASSWORD)
    secret, _ = accounts.issue_token(user_id=user.id)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {secret}"},
    )


async def refusal(client: httpx.AsyncClient) -> str:
    """What the reader is told when the solver cannot answer (a question for a model)."""
    r = await client.post("/api/ask", json={"question": "光合作用是什么？"})
    return r.text


@pytest.mark.parametrize("role", ["student", "teacher"])
async def test_a_student_or_teacher_is_told_to_ask_whoever_runs_it(
    app: Any, accounts: Accounts, role: str
) -> None:
    async with as_user(app, accounts, f"someone-{role}", role) as c:
        [notice] = [
            d["text"] for e, d in await ask(c, "解方程 2x+3=7") if e == "notice" and d["kind"] == "offline"
        ]
        assert "管理员" in notice and "QIANFAN" not in notice
        refused = await refusal(c)
        assert "管理员" in refused and "QIANFAN" not in refused


async def test_an_admin_is_told_what_to_set(app: Any, accounts: Accounts) -> None:
    async with as_user(app, accounts, "root", "admin") as c:
        [notice] = [
            d["text"] for e, d in await ask(c, "解方程 2x+3=7") if e == "notice" and d["kind"] == "offline"
        ]
        assert "QIANFAN_BEARER_TOKEN" in notice
        assert "QIANFAN_BEARER_TOKEN" in await refusal(c)


async def test_an_english_student_reads_it_in_english(app: Any, accounts: Accounts) -> None:
    async with as_user(app, accounts, "amy", "student") as c:
        c.headers["Accept-Language"] = "en"
        [notice] = [
            d["text"] for e, d in await ask(c, "Solve 2x+3=7") if e == "notice" and d["kind"] == "offline"
        ]
        assert "tell whoever runs it" in notice
