"""Answers that do not go as planned, as the page meets them: a stream cut mid-answer is asked
again (a notice, the partial text taken back, the new answer), and a server killed mid-answer
leaves the partial answer saved and the turn closed as interrupted after a restart."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import answer_text, ask, done

pytestmark = pytest.mark.anyio


async def test_a_cut_answer_is_asked_again_and_replaced_on_the_page(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    model.replies += [("cut", "第一句。第二句。"), "新的回答。"]
    events = await ask(client, "问题")
    [notice] = [(e, d) for e, d in events if e == "notice" and d["kind"] == "retry"]
    assert notice[1]["text"].startswith("连接中断，正在重新作答")
    at = events.index(notice)
    assert "第一句" in answer_text(events[:at])
    revised: Any = events[at + 1]
    assert revised[0] == "revised" and revised[1]["text"] == "" and revised[1]["segments"] == []
    assert answer_text(events[at:]) == "新的回答。"
    turn = done(events)
    assert (turn["status"], turn["answer"]) == ("complete", "新的回答。")
