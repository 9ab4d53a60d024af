"""What an operator's tools read: /livez, /readyz and /metrics in Prometheus's text format."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import ask

pytestmark = pytest.mark.anyio


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_probes_and_metrics(client: httpx.AsyncClient, model: ScriptedModel) -> None:
    assert (await client.get("/livez")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).status_code == 200
    before = _samples((await client.get("/metrics")).text)
    model.replies.append("答：x=2 或 x=3。")
    await ask(client, "解方程 x^2-5x+6=0")
    response = await client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    after = _samples(response.text)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert grew("zuoye_answers_total", status="complete") == 1
    assert grew("zuoye_first_text_seconds_count") == 1
    assert grew("zuoye_http_requests_total", method="POST", route="/api/ask", status="200") == 1
    assert grew("zuoye_model_tokens_total", kind="prompt") > 0
    jobs = {dict(labels)["state"]: v for (name, labels), v in after.items() if name == "zuoye_worksheet_jobs"}
    assert set(jobs) == {"queued", "running", "done", "failed", "cancelled"} and sum(jobs.values()) == 0
    sheet = "题目\n讲讲勾股定理\n".encode()
    model.replies.append("勾股定理：a²+b²=c²。")
    assert (
        await client.post("/api/worksheets", files={"file": ("a.csv", sheet, "text/csv")})
    ).status_code == 202
    after = _samples((await client.get("/metrics")).text)
    assert sum(v for (name, _), v in after.items() if name == "zuoye_worksheet_jobs") == 1
    # routes are counted by their template, never by ids
    await client.get("/api/conversations/" + "0" * 32)
    after = _samples((await client.get("/metrics")).text)
    routes = {dict(labels).get("route") for name, labels in after if name == "zuoye_http_requests_total"}
    assert "/api/conversations/{conversation_id}" in routes and not any("000000" in str(r) for r in routes)
