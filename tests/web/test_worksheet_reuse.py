"""A worksheet's answers are kept for what they were asked with (model, mode, grade, help level, prompt):
every report of a job is made from them without a model call, and a job a restarted server takes
up again under another default grade answers again what was asked for the old one."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.test_worksheets import bearer, upload, wait_for
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio

SHEET = [{"id": "q1", "question": "讲讲勾股定理"}, {"id": "q2", "question": "讲讲三角形内角和"}]


def _jsonl(lines: list[dict[str, str]]) -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


async def test_a_job_resumed_under_another_grade_is_answered_again_and_its_reports_cost_nothing(
    make_app: Any, accounts: Accounts, model: ScriptedModel
) -> None:
    accounts.create_user(name="teacher", role="teacher", password="long enough")
    # The first server (初中 by default) answers q1, and is stopped while q2 is being written.
    first = make_app(multi_user=True, daily_quota=0, grade="初中")
    model.hold = asyncio.Event()  # the second sentence of an answer waits: q2 is caught mid-answer
    model.replies += ["初中的回答。", "初中的回答。第二句。"]
    async with bearer(first, accounts, "teacher") as teacher:
        job = (await upload(teacher, "第三单元.jsonl", _jsonl(SHEET))).json()
        async with asyncio.timeout(10):
            await model.held.wait()
            while True:
                if (await teacher.get(f"/api/worksheets/{job['id']}")).json()["answered"] == 1:
                    break
                await asyncio.sleep(0.02)
    await first.state.zuoye.aclose()  # a shutdown: the job stays running for the next start
    assert len(model.calls) == 2

    # Restarted with another default grade: the job is taken up and both questions answered for it.
    model.hold = None
    model.replies += ["高中的回答一。", "高中的回答二。"]
    second = make_app(multi_user=True, daily_quota=0, grade="高中")
    try:
        await second.state.zuoye.jobs.start()  # what the server's start-up does (its lifespan)
        async with bearer(second, accounts, "teacher") as teacher:
            done = await wait_for(teacher, job["id"], "done", "failed")
            assert (done["status"], done["answered"], done["runs"]) == ("done", 2, 2)
            assert len(model.calls) == 4  # q1's 初中 answer was not taken for 高中
            assert all("高中" in call.system for call in model.calls[2:])  # type: ignore[operator]

            # Every format and version of the report: from those answers, not one new call.
            url = f"/api/worksheets/{job['id']}/report"
            for fmt in ("html", "md", "csv"):
                for version in ("full", "student", "key"):
                    r = await teacher.get(url, params={"format": fmt, "version": version})
                    assert r.status_code == 200, r.text
                    if version != "student":
                        assert "高中的回答一" in r.text and "初中" not in r.text
            assert len(model.calls) == 4
    finally:
        await second.state.zuoye.aclose()
