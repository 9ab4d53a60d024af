"""`zuoye serve --log-format json`: one JSON object per line, each carrying the request it belongs
to (the balancer's X-Request-ID, returned in the response), and the model's reply id."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.web.test_cli import serving


def test_json_logs_carry_the_request_id_and_the_reply_id(
    tmp_path: Path, emulator_factory: Callable[..., str]
) -> None:
    base = emulator_factory(solver=False)
    with serving(tmp_path, "--log-format", "json", emulator_url=base) as (url, proc):
        response = httpx.post(
            f"{url}/api/ask",
            json={"question": "讲讲勾股定理", "stream": False},
            headers={"X-Request-ID": "lb-7f3a"},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        assert response.headers["x-request-id"] == "lb-7f3a"
        own = httpx.get(f"{url}/api/health", headers={"X-Request-ID": "bad id; DROP"}, timeout=10)
        assert len(own.headers["x-request-id"]) == 32  # not a sensible id: a new one
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert lines and all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    [replied] = [line for line in lines if line["message"] == "model replied"]
    assert replied["request_id"] == "lb-7f3a" and replied["reply_id"] and replied["model"]
