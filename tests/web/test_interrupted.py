"""Answers that do not go as planned, as the page meets them: a stream cut mid-answer is asked
again (a notice, the partial text taken back, the new answer), and a server killed mid-answer
leaves the partial answer saved and the turn closed as interrupted after a restart."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import answer_text, ask, done, stream_events
from tests.web.test_cli import serving


@pytest.mark.anyio
async def test_a_cut_answer_is_asked_again_and_replaced_on_the_page(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    model.replies += [("cut", "第一句。第二句。"), "新的回答。"]
    events = await ask(client, "问题")
    [notice] = [(e, d) for e, d in events if e == "notice" and d["kind"] == "retry"]
    assert notice[1]["text"].startswith("连接中断，已重新开始作答")
    at = events.index(notice)
    assert "第一句" in answer_text(events[:at])
    revised: Any = events[at + 1]
    assert revised[0] == "revised" and revised[1]["text"] == "" and revised[1]["segments"] == []
    assert answer_text(events[at:]) == "新的回答。"
    turn = done(events)
    assert (turn["status"], turn["answer"]) == ("complete", "新的回答。")


STORY = "".join(f"第{i}句，故事还在继续。" for i in range(1, 61))  # 60 sentences, ~6 s at 100 ms each


@pytest.mark.slow
def test_kill_9_mid_answer_keeps_the_partial_answer_and_closes_the_turn_after_a_restart(
    tmp_path: Path, emulator_factory: Callable[..., str]
) -> None:
    # a short lease so that a dead writer is found in seconds (renewed every second)
    (tmp_path / "config.toml").write_text("turn_lease_seconds = 3\n", encoding="utf-8")
    # slow the first time (the answer being written when the server dies), at once afterwards
    slow = emulator_factory(
        scenario={
            "rules": [
                {"match": "故事", "reply": {"result": STORY}, "delay_ms": 100, "times": 1},
                {"match": "故事", "reply": {"result": STORY}},
            ]
        }
    )
    with serving(tmp_path, emulator_url=slow) as (url, proc):
        seen, cid, began = "", None, time.monotonic()
        with httpx.stream("POST", f"{url}/api/ask", json={"question": "讲一个很长的故事"}, timeout=30) as r:
            for _, name, data in stream_events(r.iter_lines()):
                if name == "started":
                    cid = data["conversation_id"]
                elif name == "delta":
                    seen += data["text"]
                if time.monotonic() - began > 2.5:  # past two partial saves (one a second)
                    break
            proc.send_signal(signal.SIGKILL)  # the machine ran out of memory, say
            proc.wait(timeout=10)
    assert cid is not None and seen

    with serving(tmp_path, emulator_url=slow) as (url, _):
        for _ in range(200):  # the sweep closes it once the lease has passed: ~3-5 s
            conversation = httpx.get(f"{url}/api/conversations/{cid}", timeout=10).json()
            [turn] = conversation["turns"]
            if turn["status"] != "pending":
                break
            assert turn["answer"] and seen.startswith(turn["answer"])  # saved while it streamed
            time.sleep(0.1)
        # the page's data: what was written is there, the turn is closed as interrupted, and
        # nothing is running, so the page offers to regenerate it
        assert (turn["status"], turn["error"]) == ("incomplete", "interrupted"), turn
        assert turn["answer"].startswith("第1句") and seen.startswith(turn["answer"])
        assert len(turn["answer"]) >= len("第1句，故事还在继续。") * 5  # more than the first second
        assert turn["answer_segments"] and conversation["running"] is False
        again = httpx.post(f"{url}/api/conversations/{cid}/regenerate", json={"stream": False}, timeout=60)
        assert again.status_code == 200, again.text
        assert again.json()["turn"]["status"] == "complete" and again.json()["turn"]["answer"] == STORY
