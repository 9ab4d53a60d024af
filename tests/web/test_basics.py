from __future__ import annotations

import httpx
import pytest

from zuoye.web._http import CSP

pytestmark = pytest.mark.anyio


async def test_health_says_database_and_ernie(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["ernie"] == "configured" and body["mode"] == "single-user"


async def test_models_modes_and_grades(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/models")).json()
    names = [m["name"] for m in body["models"]]
    assert "ERNIE-4.0-8K" in names and body["default"] == "ERNIE-4.0-8K"
    assert body["modes"] == ["讲解", "提示", "批改", "练习"]
    assert body["grades"] == ["小学", "初中", "高中", "大学"]
    assert body["offline"] is False


async def test_offline_is_reported(make_app) -> None:
    app = make_app(offline=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        assert (await c.get("/api/models")).json()["offline"] is True
        assert (await c.get("/api/health")).json()["ernie"] == "not_configured"
        assert (await c.get("/api/me")).json()["offline"] is True


async def test_single_user_me_needs_no_login(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/me")).json()
    assert body["mode"] == "single-user"
    assert body["user"]["role"] == "local"
    assert body["quota"] is None and body["watched_by"] == []
    assert body["help_ceiling"] == "full"


async def test_every_response_carries_a_strict_csp(client: httpx.AsyncClient) -> None:
    for path in ("/", "/api/health", "/api/nowhere"):
        r = await client.get(path)
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-eval" not in CSP
    assert "'unsafe-inline'" not in CSP.split("script-src")[1].split(";")[0]


async def test_unknown_routes_get_a_json_error(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/nowhere")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    assert "openapi.json" in r.json()["error"]["message"]


async def test_the_page_loads_no_inline_script(client: httpx.AsyncClient) -> None:
    r = await client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<script" in html
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        # every script is a file from this server; the page's words are data (JSON), never run
        assert "src=" in tag or tag == '<script type="application/json" id="page-messages">'
    assert "onclick" not in html and "javascript:" not in html


async def test_vendor_libraries_are_served(client: httpx.AsyncClient) -> None:
    for path in (
        "/vendor/katex/katex.mjs",
        "/vendor/katex/katex.min.css",
        "/vendor/markdown-it/markdown-it.esm.min.mjs",
        "/vendor/dompurify/purify.es.mjs",
        "/vendor/jsxgraph/jsxgraphcore.mjs",
        "/vendor/jsxgraph/jsxgraph.css",
    ):
        r = await client.get(path)
        assert r.status_code == 200, path
    assert (await client.get("/vendor/katex/../package.json")).status_code == 404


def test_the_public_surface_is_create_app() -> None:
    import zuoye.web

    assert zuoye.web.__all__ == ["create_app"]


def test_multi_user_settings_from_the_environment(tmp_path, monkeypatch) -> None:
    from zuoye.settings import Settings, SettingsError

    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))
    monkeypatch.setenv("ZUOYE_MULTI_USER", "yes")
    monkeypatch.setenv("ZUOYE_DAILY_QUOTA", "20")
    s = Settings.load()
    assert (s.multi_user, s.daily_quota) == (True, 20)
    assert Settings.load(multi_user=False).multi_user is False  # the option wins
    monkeypatch.setenv("ZUOYE_MULTI_USER", "maybe")
    with pytest.raises(SettingsError, match="开关设置"):
        Settings.load()
    monkeypatch.setenv("ZUOYE_MULTI_USER", "0")
    monkeypatch.setenv("ZUOYE_DAILY_QUOTA", "-1")
    with pytest.raises(SettingsError, match="daily_quota"):
        Settings.load()


async def test_quota_day_starts_at_midnight_china_time() -> None:
    from datetime import UTC, date, datetime

    from zuoye.store.quota import quota_day

    # 2024-03-01 01:30 in Beijing is 2024-02-29 17:30 UTC; that day began at 16:00 UTC
    assert quota_day(datetime(2024, 2, 29, 17, 30, tzinfo=UTC)) == date(2024, 3, 1)
    assert quota_day(datetime(2024, 2, 29, 15, 59, tzinfo=UTC)) == date(2024, 2, 29)
