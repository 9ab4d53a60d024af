"""`zuoye serve --workers N`: several processes on one socket, sharing PostgreSQL and Redis; without
those it refuses and says what to set."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.store.conftest import postgres_url  # noqa: F401 -- a fixture, used by name
from tests.web.conftest import stream_events
from tests.web.test_cli import SERVE, _env, serving

pytestmark = pytest.mark.postgres


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_workers_without_postgresql_and_redis_are_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [*SERVE, "--workers", "2"], env=_env(tmp_path, None), capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0 and not done.stdout
    assert "ZUOYE_DATABASE_URL" in done.stderr and "ZUOYE_REDIS_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_two_workers_answer_and_stop_each_others_answers(
    tmp_path: Path,
    emulator_factory: Callable[..., str],
    redis_url: str,
    postgres_url: str,  # noqa: F811
) -> None:
    story = "".join(f"第{i}句。" for i in range(1, 81))
    slow = emulator_factory(
        scenario={"rules": [{"match": "故事", "reply": {"result": story}, "delay_ms": 100}]}
    )
    shared = {"ZUOYE_DATABASE_URL": postgres_url, "ZUOYE_REDIS_URL": redis_url}
    with serving(tmp_path, "--workers", "2", emulator_url=slow, env=shared) as (url, proc):
        for _ in range(100):
            if (
                len(_children(proc.pid)) >= 2
                and httpx.get(f"{url}/api/health", timeout=10).status_code == 200
            ):
                break
            time.sleep(0.1)
        workers = [p for p in _children(proc.pid) if "spawn" in Path(f"/proc/{p}/cmdline").read_text()]
        assert len(workers) == 2
        health = httpx.get(f"{url}/api/health", timeout=10).json()
        assert health["fleet"]["redis"] == "ok"
        # Stops sent on new connections land on either process; each must stop the answer.
        for _ in range(3):
            with httpx.stream("POST", f"{url}/api/ask", json={"question": "讲个故事"}, timeout=30) as r:
                cid = None
                for _, name, data in stream_events(r.iter_lines()):
                    cid = cid or data.get("conversation_id")
                    if name == "delta":
                        with httpx.Client(headers={"Connection": "close"}) as other:
                            stopped = other.post(f"{url}/api/conversations/{cid}/stop", timeout=30).json()
                        assert stopped["stopped"] is True
                        break
        # /metrics on either worker adds up both workers' numbers
        for _ in range(4):
            with httpx.Client(headers={"Connection": "close"}) as other:
                text = other.get(f"{url}/metrics", timeout=10).text
            assert 'zuoye_answers_total{status="stopped"} 3.0' in text
        os.kill(workers[0], 9)  # a worker dies: the other (and its replacement) serve on
        assert all(httpx.get(f"{url}/api/health", timeout=10).status_code == 200 for _ in range(10))
