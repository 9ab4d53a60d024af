"""Behind TLS the server asks browsers to stay on HTTPS (HSTS), and it never names its software."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.test_cli import serving

HSTS = "strict-transport-security"


@pytest.mark.anyio
async def test_hsts_only_over_https(make_app: Any) -> None:
    app = make_app()
    for base, expected in [("https://school.example", "max-age=31536000"), ("http://school.example", None)]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=base) as c:
            for path in ("/", "/api/health", "/api/nowhere"):
                assert (await c.get(path)).headers.get(HSTS) == expected, (base, path)
    await app.state.zuoye.aclose()


def test_zuoye_serve_sends_hsts_behind_a_tls_proxy_and_no_server_header(tmp_path: Path) -> None:
    https = {"X-Forwarded-Proto": "https"}
    with serving(tmp_path / "direct") as (url, _):
        plain = httpx.get(f"{url}/api/health")
        assert plain.status_code == 200 and "server" not in plain.headers
        # no --proxy-headers: a client's X-Forwarded-Proto is not believed
        assert HSTS not in httpx.get(f"{url}/api/health", headers=https).headers
    with serving(tmp_path / "proxied", "--proxy-headers") as (url, _):
        behind_tls = httpx.get(f"{url}/", headers=https)
        assert behind_tls.headers[HSTS] == "max-age=31536000" and "server" not in behind_tls.headers
        assert HSTS not in httpx.get(f"{url}/", headers={"X-Forwarded-Proto": "http"}).headers
