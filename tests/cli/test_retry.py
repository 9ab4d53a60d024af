"""`zuoye ask` when ERNIE's stream is cut mid-answer: asked again once, visibly, and the stored
answer is the whole new one (against the emulator, as a user meets it)."""

from __future__ import annotations

from collections.abc import Callable

from tests.cli.conftest import Run

ANSWER = "第一句。第二句。第三句。"


def test_a_cut_stream_is_answered_again_and_stored_whole(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator_factory: Callable[..., str]
) -> None:
    # the first matching request is cut after one event, the next one answered in full
    scenario = {
        "rules": [
            {"match": "慢", "reply": {"result": ANSWER}, "cut_after": 1, "times": 1},
            {"match": "慢", "reply": {"result": ANSWER}},
        ]
    }
    online(emulator_factory(scenario=scenario))
    r = zuoye("ask", "讲慢一点")
    assert r.exit_code == 0, r.stderr
    assert "连接中断，已重新开始作答" in r.stderr
    assert r.stdout.rstrip().endswith(ANSWER)  # the new answer, after the cut one
    conv = zuoye("history", "--json").json()[0]["id"]
    [turn] = zuoye("history", conv, "--json").json()["turns"]
    assert (turn["status"], turn["answer"]) == ("complete", ANSWER)
