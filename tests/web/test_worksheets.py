"""Worksheets from the page, as a teacher meets them through the API (app in process, SQLite:
the server runs the jobs itself): upload, progress to done, the reports, cancel, who sees what,
and files that cannot be used."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import CSRF
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio

PASSWORD = "long enough"
QUESTIONS = ["讲讲勾股定理", "讲讲三角形内角和", "讲讲圆周率"]
ANSWERS = [
    "勾股定理：直角三角形两直角边的平方和等于斜边的平方。",
    "三角形内角和是 180°。",
    "圆周率约是 3.14159。",
]


def gb18030_csv(questions: list[str]) -> bytes:
    """What Excel on a Chinese Windows saves as plain "CSV": GB18030, Chinese headers."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["题号", "题目", "年级"])
    for n, q in enumerate(questions, 1):
        writer.writerow([str(n), q, "八年级"])
    return buf.getvalue().encode("gb18030")


def client_for(app: Any, **kw: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver", **kw)


@pytest.fixture
async def app(make_app: Any) -> AsyncIterator[Any]:
    app = make_app(multi_user=True, daily_quota=0)
    yield app
    await app.state.zuoye.aclose()


@pytest.fixture
def people(accounts: Accounts) -> dict[str, Any]:
    made = {
        name: accounts.create_user(name=name, role=role, password=PASSWORD)
        for name, role in [("amy", "student"), ("teacher", "teacher"), ("other", "teacher")]
    }
    accounts.link(guardian_id=made["teacher"].id, student_id=made["amy"].id)
    return made


def bearer(app: Any, accounts: Accounts, name: str) -> httpx.AsyncClient:
    user = accounts.find_user(name=name)
    assert user is not None
    secret, _ = accounts.issue_token(user_id=user.id)
    return client_for(app, headers={"Authorization": f"Bearer {secret}"})


async def upload(c: httpx.AsyncClient, name: str, data: bytes) -> httpx.Response:
    return await c.post("/api/worksheets", files={"file": (name, data, "application/octet-stream")})


async def wait_for(c: httpx.AsyncClient, job_id: str, *statuses: str, seconds: float = 10) -> dict[str, Any]:
    async with asyncio.timeout(seconds):
        while True:
            job = (await c.get(f"/api/worksheets/{job_id}")).json()
            if job["status"] in statuses:
                return job
            await asyncio.sleep(0.05)


async def test_a_teacher_uploads_a_gb18030_csv_follows_it_to_done_and_downloads_each_report(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    model.replies.extend(ANSWERS)
    async with bearer(app, accounts, "teacher") as teacher:
        r = await upload(teacher, "第三单元.csv", gb18030_csv(QUESTIONS))
        assert r.status_code == 202, r.text
        job = r.json()
        assert (job["name"], job["format"], job["total"], job["runner"]) == (
            "第三单元.csv",
            "csv",
            3,
            "in-process",
        )
        assert job["status"] in ("queued", "running")
        done = await wait_for(teacher, job["id"], "done", "failed")
        assert (done["status"], done["answered"], done["failed"], done["runs"]) == ("done", 3, 0, 1)
        assert done["started_at"] and done["finished_at"]
        listed = (await teacher.get("/api/worksheets")).json()["worksheets"]
        assert [j["id"] for j in listed] == [job["id"]]

        html = await teacher.get(f"/api/worksheets/{job['id']}/report", params={"format": "html"})
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        assert "attachment" in html.headers["content-disposition"]
        assert "<h1>作业解答</h1>" in html.text and "共 3 题：已回答 3，失败 0" in html.text
        for q, a in zip(QUESTIONS, ANSWERS, strict=True):
            assert q in html.text and a in html.text
        md = await teacher.get(f"/api/worksheets/{job['id']}/report", params={"format": "md"})
        assert md.status_code == 200 and md.text.startswith("# 作业解答")
        assert f"## 1. {QUESTIONS[0]}" in md.text and ANSWERS[2] in md.text
        raw = await teacher.get(f"/api/worksheets/{job['id']}/report", params={"format": "csv"})
        assert raw.status_code == 200 and raw.content.startswith("\ufeff".encode())
        rows = list(csv.DictReader(io.StringIO(raw.content.decode("utf-8-sig"))))
        assert [(r["id"], r["question"], r["status"], r["answer"]) for r in rows] == [
            (str(n), q, "answered", a) for n, (q, a) in enumerate(zip(QUESTIONS, ANSWERS, strict=True), 1)
        ]
        bad = await teacher.get(f"/api/worksheets/{job['id']}/report", params={"format": "pdf"})
        assert bad.status_code == 422
    # One model call per question: none asked twice.
    assert len(model.calls) == 3


async def test_the_report_downloads_as_the_teachers_copy_the_students_sheet_and_the_key(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    model.replies.extend(["解：移项得 $4x = 16$\n两边除以 4\n答：$x = 4$", "答：$\\frac{5}{6}$"])
    async with bearer(app, accounts, "teacher") as teacher:
        job = (await upload(teacher, "第三单元.csv", gb18030_csv(["解方程 4x-7=9", "计算 1/2+1/3"]))).json()
        await wait_for(teacher, job["id"], "done", "failed")
        url = f"/api/worksheets/{job['id']}/report"
        full = await teacher.get(
            url, params={"format": "html", "title": "第三单元练习", "class": "八年级（3）班"}
        )
        assert (
            full.status_code == 200 and "<h1>第三单元练习</h1>" in full.text and "八年级（3）班" in full.text
        )
        assert "<mfrac>" in full.text and "\\frac" not in full.text and "$" not in full.text.replace("¥", "")
        assert quote("第三单元-answers.html") in full.headers["content-disposition"]
        student = await teacher.get(url, params={"format": "html", "version": "student"})
        assert student.status_code == 200 and "<h1>作业</h1>" in student.text
        assert "解方程 4x-7=9" in student.text and "移项" not in student.text and "<math" not in student.text
        assert (
            "tokens" not in student.text
            and quote("第三单元-student.html") in student.headers["content-disposition"]
        )
        key = await teacher.get(url, params={"format": "html", "version": "key"})
        assert key.status_code == 200 and "<h1>答案</h1>" in key.text and "移项" not in key.text
        assert key.text.count("<li>") == 2 and "<mfrac>" in key.text
        assert quote("第三单元-key.html") in key.headers["content-disposition"]
        md_key = await teacher.get(url, params={"format": "md", "version": "key"})
        assert "1. $x = 4$\n2. $\\frac{5}{6}$" in md_key.text
        assert (await teacher.get(url, params={"version": "answers"})).status_code == 422
    assert len(model.calls) == 2  # every version from the answers paid for once


async def test_cancelling_a_running_worksheet_stops_it_and_keeps_what_was_answered(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    hold = asyncio.Event()
    model.hold = hold  # the second sentence of an answer waits: the job is caught mid-answer
    model.replies.extend(["第一句。第二句。"] * 3)
    async with bearer(app, accounts, "teacher") as teacher:
        job = (await upload(teacher, "sheet.jsonl", _jsonl(QUESTIONS))).json()
        await asyncio.wait_for(model.held.wait(), 10)
        assert (await teacher.get(f"/api/worksheets/{job['id']}")).json()["status"] == "running"
        r = await teacher.post(f"/api/worksheets/{job['id']}/cancel")
        assert r.status_code == 202 and r.json()["cancel_requested"] is True
        stopped = await wait_for(teacher, job["id"], "cancelled", "done", "failed")
        assert stopped["status"] == "cancelled" and stopped["answered"] < 3
        # Cancelling again, or a finished job, changes nothing and is not an error.
        again = await teacher.post(f"/api/worksheets/{job['id']}/cancel")
        assert again.status_code == 202 and again.json()["status"] == "cancelled"
        report = await teacher.get(f"/api/worksheets/{job['id']}/report", params={"format": "md"})
        assert report.status_code == 200 and "# 作业解答" in report.text


async def test_a_student_cannot_run_or_see_a_teachers_worksheets_nor_another_teacher(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    model.replies.extend(ANSWERS)
    async with (
        bearer(app, accounts, "teacher") as teacher,
        bearer(app, accounts, "amy") as amy,
        bearer(app, accounts, "other") as other,
        client_for(app) as nobody,
    ):
        job = (await upload(teacher, "a.csv", gb18030_csv(QUESTIONS))).json()
        for c, status in [(amy, 403), (nobody, 401)]:
            assert (await c.get("/api/worksheets")).status_code == status
            assert (await c.get(f"/api/worksheets/{job['id']}")).status_code == status
            assert (await c.get(f"/api/worksheets/{job['id']}/report")).status_code == status
            assert (await upload(c, "a.csv", gb18030_csv(QUESTIONS))).status_code == status
        r = await amy.get("/api/worksheets")
        assert "老师" in r.json()["error"]["message"]
        # Another teacher: not found, as if it did not exist; their list is empty.
        assert (await other.get(f"/api/worksheets/{job['id']}")).status_code == 404
        assert (await other.post(f"/api/worksheets/{job['id']}/cancel")).status_code == 404
        assert (await other.get(f"/api/worksheets/{job['id']}/report")).status_code == 404
        assert (await other.get("/api/worksheets")).json()["worksheets"] == []
        await wait_for(teacher, job["id"], "done")


async def test_a_page_session_needs_the_csrf_header_to_upload(
    app: Any, people: dict[str, Any], model: ScriptedModel
) -> None:
    async with client_for(app) as c:
        login = await c.post("/api/login", json={"name": "teacher", "password": PASSWORD}, headers=CSRF)
        assert login.status_code == 200
        assert (await upload(c, "a.csv", gb18030_csv(QUESTIONS[:1]))).status_code == 403
        model.replies.append(ANSWERS[0])
        r = await c.post(
            "/api/worksheets", files={"file": ("a.csv", gb18030_csv(QUESTIONS[:1]), "text/csv")}, headers=CSRF
        )
        assert r.status_code == 202
        await wait_for(c, r.json()["id"], "done")


@pytest.mark.parametrize(
    ("name", "data", "status", "says"),
    [
        ("sheet.xlsx", b"PK\x03\x04 not a csv", 415, "请上传 .csv"),
        ("sheet", b"a,b\n", 415, "无扩展名"),
        ("sheet.csv", b"", 422, "空的"),
        ("sheet.csv", "名字,分数\n小明,90\n".encode(), 422, "表头"),
        ("sheet.csv", "题目\n讲讲勾股定理\n".encode() + b"a\x80b\n", 422, "不是可读的文本"),
        ("sheet.jsonl", b'{"question": ""}\nnot json\n', 422, "没有可以回答的题目"),
        ("sheet.csv", ('题目\n"' + "讲" * 140_000 + "\n").encode(), 422, "引号"),
        ("sheet.csv", "题目\n讲讲\x00勾股\n".encode(), 422, "控制字符"),
        # Just over the limit: read and refused; far over it: refused before it is read.
        ("sheet.csv", "题目\n" + ("讲讲勾股定理" * 100 + "\n") * 1170, 413, "作业单超过 2 MB"),
        ("sheet.csv", "题目\n" + ("讲讲勾股定理" * 100 + "\n") * 4000, 413, "超过 2 MB"),
    ],
)
async def test_files_that_cannot_be_used_get_a_clear_4xx_and_nothing_is_stored(
    app: Any, people: dict[str, Any], accounts: Accounts, name: str, data: Any, status: int, says: str
) -> None:
    if isinstance(data, str):
        data = data.encode()
    async with bearer(app, accounts, "teacher") as teacher:
        r = await upload(teacher, name, data)
        assert r.status_code == status, r.text
        assert says in r.json()["error"]["message"]
        assert (await teacher.get("/api/worksheets")).json()["worksheets"] == []


async def test_the_title_and_class_typed_on_upload_head_every_report_and_the_job_list(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    model.replies.extend(ANSWERS[:1])
    header = {"title": "第三单元练习", "class": " 八年级（3）班 "}
    async with bearer(app, accounts, "teacher") as teacher:
        r = await teacher.post(
            "/api/worksheets",
            files={"file": ("s.csv", gb18030_csv(QUESTIONS[:1]), "text/csv")},
            data=header,
        )
        assert r.status_code == 202, r.text
        job = r.json()
        assert job["title"] == "第三单元练习" and job["class_name"] == "八年级（3）班"
        assert (await teacher.get("/api/worksheets")).json()["worksheets"][0]["title"] == "第三单元练习"
        await wait_for(teacher, job["id"], "done")
        url = f"/api/worksheets/{job['id']}/report"
        html = (await teacher.get(url, params={"format": "html"})).text
        assert "<h1>第三单元练习</h1>" in html and "八年级（3）班" in html
        student = (await teacher.get(url, params={"format": "html", "version": "student"})).text
        assert "第三单元练习" in student and "八年级（3）班" in student
        # a title given with the download still wins, as before
        other = (await teacher.get(url, params={"format": "html", "title": "期中复习"})).text
        assert "<h1>期中复习</h1>" in other and "八年级（3）班" in other


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"class": "班" * 51}, "class: 最多 50 个字符"),
        ({"title": "题" * 101}, "title: 最多 100 个字符"),
        ({"title": "第三\x07单元"}, "title: 不能含有控制字符（第 3 个字符是 U+0007）"),
    ],
)
async def test_a_title_or_class_that_cannot_be_used_gets_a_chinese_422_and_nothing_is_stored(
    app: Any, people: dict[str, Any], accounts: Accounts, fields: dict[str, str], says: str
) -> None:
    async with bearer(app, accounts, "teacher") as teacher:
        r = await teacher.post(
            "/api/worksheets", files={"file": ("s.csv", gb18030_csv(QUESTIONS[:1]), "text/csv")}, data=fields
        )
        assert r.status_code == 422 and says in r.json()["error"]["message"], r.text
        assert (await teacher.get("/api/worksheets")).json()["worksheets"] == []


async def test_lines_that_cannot_be_read_are_listed_and_the_rest_answered(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    model.replies.extend(ANSWERS[:2])
    data = _jsonl(QUESTIONS[:2]) + b'{"question": ""}\n'
    async with bearer(app, accounts, "teacher") as teacher:
        job = (await upload(teacher, "s.jsonl", data)).json()
        assert job["total"] == 2 and [b["line"] for b in job["bad_lines"]] == [3]
        assert (await wait_for(teacher, job["id"], "done"))["answered"] == 2


async def test_single_user_mode_the_local_user_runs_worksheets(make_app: Any, model: ScriptedModel) -> None:
    app = make_app()
    model.replies.extend(ANSWERS[:1])
    try:
        async with client_for(app) as c:
            r = await upload(c, "one.csv", gb18030_csv(QUESTIONS[:1]))
            assert r.status_code == 202
            assert (await wait_for(c, r.json()["id"], "done"))["answered"] == 1
    finally:
        await app.state.zuoye.aclose()


def _jsonl(questions: list[str]) -> bytes:
    return "".join(
        json.dumps({"id": f"q{n}", "question": q}, ensure_ascii=False) + "\n"
        for n, q in enumerate(questions, 1)
    ).encode()
