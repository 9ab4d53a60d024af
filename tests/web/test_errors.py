"""The web app's one mapping from an application error's kind to an HTTP status: 422 the request,
503 the server's setup, 502 a service behind it; never a 500, and the same in a stream."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import ask
from zuoye.batch import InputError
from zuoye.providers import ProviderError
from zuoye.settings import SettingsError
from zuoye.store import StoreError

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (InputError("第 3 行读不懂 / line 3"), 422, "worksheet"),
        (SettingsError("config.toml 有误 / config.toml is wrong"), 503, "settings"),
        (StoreError("数据库打不开 / the database cannot be opened"), 503, "database"),
        (ProviderError("deepseek: timed out", kind="service", retryable=True), 502, "model_unavailable"),
    ],
)
async def test_an_application_error_anywhere_gets_the_status_of_its_kind(
    make_app: Any, error: Exception, status: int, code: str
) -> None:
    app = make_app()

    @app.get("/api/boom")
    async def boom() -> None:
        raise error

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as client:
        r = await client.get("/api/boom")
    assert r.status_code == status
    assert r.json() == {"error": {"code": code, "message": str(error)}}
    await app.state.zuoye.aclose()


async def test_the_same_mapping_inside_a_stream(client: httpx.AsyncClient, model: ScriptedModel) -> None:
    model.replies += [("cut", "第一句。"), ("cut", "第一句。")]  # cut, asked again, cut again
    events = await ask(client, "讲讲勾股定理")
    [error] = [d for e, d in events if e == "error"]
    assert error["code"] == "model_unavailable"
