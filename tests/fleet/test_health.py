"""Operators see the fleet: /api/health and `zuoye doctor` say whether Redis answers and whether
this process shares the model quota or works on its own share of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.fleet.conftest import RedisServer
from zuoye.fleet import Fleet
from zuoye.providers import Registry
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.web import create_app

pytestmark = pytest.mark.anyio


async def test_health_says_when_redis_is_down(
    redis_server: RedisServer, redis_url: str, tmp_path: Path
) -> None:
    fleet = Fleet.connect(redis_url)
    with Store(f"sqlite:///{tmp_path / 'z.db'}") as store:
        app = create_app(Settings(home=tmp_path), store=store, registry=Registry([], fleet=fleet))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver") as c:
            up = (await c.get("/api/health")).json()
            assert up["status"] == "ok" and up["fleet"]["redis"] == "ok" and up["fleet"]["quota"]["shared"]
            redis_server.stop()
            try:
                fleet.limiter.reserve(1, key="k/m")  # a model call meets the outage
                response = await c.get("/api/health")
            finally:
                redis_server.start()
        await app.state.zuoye.aclose()
    down = response.json()
    assert response.status_code == 200  # still answering, on its own share
    assert down["status"] == "degraded"
    assert down["fleet"]["redis"] == "unreachable"
    assert down["fleet"]["quota"] == {"shared": False, "processes": 1, "local_share": 1.0}


def test_doctor_checks_redis_and_the_database_beside_it(redis_url: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env |= {"ZUOYE_HOME": str(tmp_path), "HOME": str(tmp_path), "ZUOYE_REDIS_URL": redis_url}
    zuoye = str(Path(sys.executable).parent / "zuoye")
    done = subprocess.run([zuoye, "doctor", "--json", "--no-call"], env=env, capture_output=True, text=True)
    checks = {c["name"]: c for c in json.loads(done.stdout)}
    assert checks["redis"]["status"] == "ok"
    assert checks["several processes"]["status"] == "warn"  # SQLite cannot be shared by machines
    env["ZUOYE_REDIS_URL"] = "redis://127.0.0.1:1/0"
    done = subprocess.run([zuoye, "doctor", "--json", "--no-call"], env=env, capture_output=True, text=True)
    checks = {c["name"]: c for c in json.loads(done.stdout)}
    assert checks["redis"]["status"] == "fail" and "ZUOYE_REDIS_URL" in checks["redis"]["fix"]
    assert done.returncode != 0
