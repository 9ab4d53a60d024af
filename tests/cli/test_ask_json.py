"""`zuoye ask --json` when it fails: stdout is still the one JSON object a script parses — the same
fields as on success, with `error` {code, kind, message}, the conversation and what was written —
and the exit code says the kind, as without --json (against the emulator's faults)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.cli.conftest import Run


def parsed(r: Run) -> dict[str, Any]:
    lines = r.stdout.splitlines()
    assert len(lines) == 1, r.stdout  # one object, nothing else on stdout
    data: dict[str, Any] = json.loads(lines[0])
    return data


def stored_turns(zuoye: Callable[..., Run], conversation_id: str) -> list[dict[str, Any]]:
    turns: list[dict[str, Any]] = zuoye("history", conversation_id, "--json").json()["turns"]
    return turns


def test_a_service_error_is_the_same_object_with_the_error(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator_factory: Callable[..., str]
) -> None:
    online(emulator_factory(scenario={"rules": [{"match": "忙", "reply": {"error_code": 336100}}]}))
    ok = zuoye("ask", "计算 1+1", "--json")
    assert ok.exit_code == 0, ok.stderr
    success = parsed(ok)
    assert success["error"] is None

    r = zuoye("ask", "忙不忙", "--json")
    assert r.exit_code == 4  # a service failed: as without --json
    failed = parsed(r)
    assert failed.keys() == success.keys()
    assert failed["error"]["kind"] == "service" and failed["error"]["code"]
    assert "503" in failed["error"]["message"]
    assert (failed["status"], failed["answer"], failed["complete"]) == ("failed", "", False)
    assert failed["question"] == "忙不忙" and failed["session_id"] == failed["conversation_id"]
    [turn] = stored_turns(zuoye, failed["conversation_id"])
    assert (turn["id"], turn["status"]) == (failed["turn_id"], "failed")
    assert "错误：" in r.stderr  # people still read the message on stderr


def test_a_stream_cut_twice_gives_the_partial_answer(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator_factory: Callable[..., str]
) -> None:
    # every attempt is cut after its first event: the automatic second try is cut too
    scenario = {"rules": [{"match": "慢", "reply": {"result": "第一句。第二句。第三句。"}, "cut_after": 1}]}
    online(emulator_factory(scenario=scenario))
    r = zuoye("ask", "讲慢一点", "--json")
    assert r.exit_code == 4
    data = parsed(r)
    assert data["status"] == "incomplete" and data["answer"].startswith("第一句")
    assert data["error"]["kind"] == "service"
    [turn] = stored_turns(zuoye, data["session_id"])
    assert (turn["status"], turn["answer"]) == ("incomplete", data["answer"])


def test_refused_before_anything_is_stored(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str
) -> None:
    online(emulator)
    r = zuoye("ask", "1+1", "--session", "ffffffff", "--json")
    assert r.exit_code == 2
    data = parsed(r)
    assert data["error"]["kind"] == "input" and "zuoye history" in data["error"]["message"]
    assert data["conversation_id"] is data["session_id"] is data["turn_id"] is None
    assert data["answer"] == "" and data["question"] == "1+1"

    r = zuoye("ask", "", "--json")
    assert r.exit_code == 2
    assert parsed(r)["error"] == {
        "code": "usage",
        "kind": "input",
        "message": '请给出题目，例如 zuoye ask "解方程 2x+3=7"（或用 --image 给照片）。',
    }
    r = zuoye("ask", "1+1", "--model", "ERNIE-9", "--json")  # the service refuses the model
    assert r.exit_code == 2 and parsed(r)["error"]["kind"] == "input"


def test_an_option_click_refuses_is_the_same_object_too(zuoye: Callable[..., Run]) -> None:
    """A value refused before the command ran (--pick 0, an unknown option) printed no JSON at all."""
    success = parsed(zuoye("ask", "计算 1+1", "--json"))
    for args in (("--pick", "0"), ("--bogus",)):
        r = zuoye("ask", "计算 1+1", "--json", *args)
        assert r.exit_code == 2
        failed = parsed(r)
        assert failed.keys() == success.keys()
        assert failed["error"]["kind"] == "input" and failed["error"]["message"] in r.stderr
    assert zuoye("ask", "计算 1+1", "--pick", "0").stdout == ""  # without --json: only the message
