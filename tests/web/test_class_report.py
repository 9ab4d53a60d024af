"""What a teacher or parent sees of their students (issue 15 item 3), through the API as the page
uses it: two teachers, a parent, linked and unlinked students, and the CSV opened with `csv`."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import ask, parse_sse
from tests.web.test_users import PASSWORD, bearer
from zuoye.math._mistakes import MISTAKE_KINDS
from zuoye.messages import has, say, use_language
from zuoye.store import Store, TurnUpdate
from zuoye.store.mistakes import Mistakes
from zuoye.store.tables import utcnow
from zuoye.store.users import Accounts
from zuoye.tutor.class_report import kind_name, mistake_name

pytestmark = pytest.mark.anyio

WRONG_MOVE = "解方程：2x+3=7\n2x=7+3\nx=5"  # 3 moved across the = with its sign kept
MOVED_AGAIN = "解方程：5x-4=6\n5x=6-4\nx=2/5"  # the same slip again
LOST_ROOT = "解方程：x^2=2x\nx=2"  # divided by x


@pytest.fixture
async def app(make_app: Any) -> AsyncIterator[Any]:
    app = make_app(multi_user=True, daily_quota=0, offline=True)
    yield app
    await app.state.zuoye.aclose()


@pytest.fixture
def people(accounts: Accounts) -> dict[str, Any]:
    made = {
        name: accounts.create_user(name=name, role=role, password=PASSWORD)
        for name, role in [
            ("amy", "student"),
            ("bob", "student"),
            ("carl", "student"),
            ("-dora", "student"),
            ("wang", "teacher"),
            ("li", "teacher"),
            ("mum", "parent"),
        ]
    }
    for guardian, student in [("wang", "amy"), ("wang", "bob"), ("li", "carl"), ("mum", "amy")]:
        accounts.link(guardian_id=made[guardian].id, student_id=made[student].id)
    return made


async def _amy_asks(app: Any, accounts: Accounts, people: dict[str, Any]) -> str:
    async with bearer(app, accounts, "amy") as amy, bearer(app, accounts, "wang") as wang:
        first = await ask(amy, "解方程 2x+3=7")
        cid = first[0][1]["conversation_id"]
        for working in (WRONG_MOVE, MOVED_AGAIN, LOST_ROOT):
            await ask(amy, working, mode="批改", conversation_id=cid)
        r = await wang.put(f"/api/students/{people['amy'].id}/settings", json={"help_ceiling": "hint"})
        assert r.status_code == 200
        await ask(amy, "解方程 x^2-5x+6=0", conversation_id=cid)  # 讲解 asked, a hint allowed
        return str(cid)


async def test_a_teacher_sees_questions_topics_mistakes_ceiling_and_due_entries(
    app: Any, accounts: Accounts, people: dict[str, Any], store: Store
) -> None:
    cid = await _amy_asks(app, accounts, people)
    # a turn answered before the facts were stored: counted, and said to be not recorded
    old = store.start_turn(conversation_id=cid, question="旧的问题", mode="讲解", model="m")
    store.finish_turn(turn_id=old.id, update_=TurnUpdate(answer="旧的回答", status="complete"))
    book = Mistakes(store)
    book.add(  # kept by hand an hour ago (CLI: zuoye mistakes add)
        user_id=people["amy"].id,
        source="checkwork",
        question=WRONG_MOVE,
        problem="解方程 2x+3=7",
        wrong_line="2x=7+3",
        correct_step="$2x=7-3$",
        due_at=utcnow() - timedelta(hours=1),
    )
    book.add(  # not due yet: not listed
        user_id=people["amy"].id,
        source="saved",
        question="q",
        problem="化简 (a+b)^2",
        due_at=utcnow() + timedelta(days=3),
    )

    async with bearer(app, accounts, "wang") as wang:
        r = await wang.get("/api/students/report", params={"days": 7})
    assert r.status_code == 200, r.text
    report = r.json()
    assert len(report["days"]) == 7
    assert [s["name"] for s in report["students"]] == ["amy", "bob"]
    amy, bob = report["students"]
    assert amy["questions"] == 6 and amy["per_day"][-1] == 6 and sum(amy["per_day"]) == 6
    assert amy["not_recorded"] == 1
    topics = {t["name"]: t["count"] for t in amy["topics"]}
    assert topics == {"一元一次方程": 3, "一元二次方程": 2}
    assert amy["checked"] == 3
    assert [(m["kind"], m["name"], m["count"]) for m in amy["mistakes"]] == [
        ("transposition", "移项没变号", 2),
        ("dropped_root", "丢了解", 1),
    ]
    assert (amy["ceiling_reached"], amy["ceiling_known"]) == (1, 5)
    # each wrong 批改 went into the 错题本 and is due now; the entry an hour overdue comes first,
    # the one due in three days is not listed
    assert amy["due_count"] == 4
    assert [(d["problem"], d["wrong_line"]) for d in amy["due"]] == [
        ("解方程 2x+3=7", "2x=7+3"),
        ("解方程 2x+3=7", "2x=7+3"),
        ("解方程 5x-4=6", "5x=6-4"),
        ("解方程 x^2=2x", "x=2"),
    ]
    assert {d["source_name"] for d in amy["due"]} == {"批改发现的错误"}
    assert amy["due"][3]["problem_text"] == "解方程 x²=2x"  # as the 错题本 view shows it
    assert {"kind": "inline", "content": "2x=7-3"} in amy["due"][0]["correct_step_segments"]
    assert bob["questions"] == 0 and bob["due"] == [] and bob["topics"] == []
    assert report["mistakes"][0]["kind"] == "transposition"


async def test_the_csv_opens_in_excel_and_holds_only_linked_students(
    app: Any, accounts: Accounts, people: dict[str, Any]
) -> None:
    await _amy_asks(app, accounts, people)
    async with bearer(app, accounts, "wang") as wang:
        r = await wang.get("/api/students/report.csv", params={"days": 3})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row["学生"] for row in rows] == ["amy", "bob"]
    amy = rows[0]
    assert amy["提问总数"] == "5" and amy["批改次数"] == "3"
    assert amy["首个错误行的类型（次数）"] == "移项没变号 2；丢了解 1"
    assert amy["题型（次数）"] == "一元一次方程 3；一元二次方程 2"
    assert amy["达到帮助上限（次）"] == "1" and amy["记录了帮助上限的提问（次）"] == "5"
    day_columns = [h for h in rows[0] if h.endswith("日")]
    assert len(day_columns) == 3 and amy[day_columns[-1]] == "5"


async def test_nothing_about_students_who_are_not_linked(
    app: Any, accounts: Accounts, people: dict[str, Any]
) -> None:
    cid = await _amy_asks(app, accounts, people)
    async with bearer(app, accounts, "-dora") as dora:
        await ask(dora, "解方程 3x=9")
    amy_id, dora_id = people["amy"].id, people["-dora"].id
    async with bearer(app, accounts, "li") as li:
        report = (await li.get("/api/students/report")).json()
        assert [s["name"] for s in report["students"]] == ["carl"]
        assert report["topics"] == [] and report["mistakes"] == []
        text = (await li.get("/api/students/report.csv")).text
        assert "amy" not in text and "dora" not in text and "一元" not in text
        for path in (
            f"/api/students/{amy_id}/conversations",
            f"/api/conversations/{cid}",
            f"/api/conversations/{cid}/events",
            f"/api/students/{dora_id}/conversations",
        ):
            r = await li.get(path)
            assert r.status_code == 404, (path, r.text)
        r = await li.put(f"/api/students/{amy_id}/settings", json={"help_ceiling": "full"})
        assert r.status_code == 404
        for method, path, body in [
            ("POST", f"/api/conversations/{cid}/stop", None),
            ("POST", f"/api/conversations/{cid}/regenerate", {}),
            ("DELETE", f"/api/conversations/{cid}", None),
            ("POST", "/api/ask", {"question": "偷看", "conversation_id": cid}),
        ]:
            r = await li.request(method, path, json=body)
            assert r.status_code == 404, (method, path, r.text)
        book = await li.get("/api/mistakes")
        assert book.status_code == 200 and "2x=7+3" not in book.text  # amy's 错题本 is hers
    async with bearer(app, accounts, "mum") as mum:  # a parent sees their own child only
        report = (await mum.get("/api/students/report")).json()
        assert [s["name"] for s in report["students"]] == ["amy"]
        assert report["students"][0]["questions"] == 5
    async with bearer(app, accounts, "amy") as amy:  # a student has no class view ...
        for path in ("/api/students/report", "/api/students/report.csv"):
            r = await amy.get(path)
            assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
        me = (await amy.get("/api/me")).json()  # ... and still sees who can read along
        assert {g["name"] for g in me["watched_by"]} == {"wang", "mum"}
    async with bearer(app, accounts, "wang") as wang:
        r = await wang.get("/api/students/report", params={"days": 0})
        assert r.status_code == 422
        csv_text = (await wang.get("/api/students/report.csv")).text
        assert "dora" not in csv_text


async def test_a_name_excel_would_run_as_a_formula_is_written_as_text(
    app: Any, accounts: Accounts, people: dict[str, Any]
) -> None:
    accounts.link(guardian_id=people["li"].id, student_id=people["-dora"].id)
    async with bearer(app, accounts, "li") as li:
        rows = list(csv.reader(io.StringIO((await li.get("/api/students/report.csv")).text.lstrip("\ufeff"))))
    assert [r[0] for r in rows[1:]] == ["'-dora", "carl"]


async def test_a_linked_teacher_follows_an_answer_as_it_is_written(
    make_app: Any, accounts: Accounts, people: dict[str, Any], model: ScriptedModel
) -> None:
    app = make_app(multi_user=True, daily_quota=0)
    model.hold = asyncio.Event()  # the answer waits after its first sentence
    model.replies.append("第一句。第二句。第三句。")
    async with (
        bearer(app, accounts, "amy") as amy,
        bearer(app, accounts, "wang") as wang,
        bearer(app, accounts, "li") as li,
    ):
        asking = asyncio.create_task(amy.post("/api/ask", json={"question": "讲讲勾股定理"}))
        async with asyncio.timeout(30):
            await model.held.wait()
        [conv] = (await wang.get(f"/api/students/{people['amy'].id}/conversations")).json()["conversations"]
        opened = (await wang.get(f"/api/conversations/{conv['id']}")).json()
        assert opened["read_only"] and opened["turns"][-1]["status"] == "pending"
        following = asyncio.create_task(wang.get(f"/api/conversations/{conv['id']}/events"))
        assert (await li.get(f"/api/conversations/{conv['id']}/events")).status_code == 404
        model.hold.set()
        student = parse_sse((await asking).text)
        teacher = parse_sse((await following).text)
    assert teacher == student  # every event, from started to done, not a poll of the stored turn
    assert teacher[0][0] == "started" and teacher[-1][0] == "done"
    await app.state.zuoye.aclose()


async def test_in_english_when_the_browser_asks_for_it(
    app: Any, accounts: Accounts, people: dict[str, Any]
) -> None:
    await _amy_asks(app, accounts, people)
    async with bearer(app, accounts, "wang") as wang:
        wang.headers["Accept-Language"] = "en-GB,en;q=0.9"
        report = (await wang.get("/api/students/report")).json()
        rows = list(
            csv.DictReader(io.StringIO((await wang.get("/api/students/report.csv")).text.lstrip("\ufeff")))
        )
    amy = report["students"][0]
    assert [m["name"] for m in amy["mistakes"]] == ["a term moved without changing sign", "a solution lost"]
    assert (
        rows[0]["student"] == "amy"
        and rows[0]["topics (times)"] == "linear equations 3; quadratic equations 2"
    )
    with use_language("en"):  # the 错题本's sources too
        assert {d["source_name"] for d in amy["due"]} == {say("mistakes.source.checkwork")}
    assert amy["due"][0]["source_name"] != "批改发现的错误"


def test_every_kind_of_wrong_line_has_a_name() -> None:
    assert all(has(f"class.mistake.{kind}") for kind in MISTAKE_KINDS)
    assert mistake_name("transposition") == "移项没变号" and kind_name("") == "其他（计算机没有识别出题型）"
