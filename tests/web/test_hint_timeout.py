"""A hint whose maths the solver cannot check in time (a busy machine: the worker runs out of time)
shows none of it: the guard withholds what it could not check, so the page gets the hint's words and
a question back — never the worked answer that the model wrote."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import answer_text, ask, done
from zuoye.math import BudgetExceeded, _pool

pytestmark = pytest.mark.anyio

QUESTION = "解方程 2x+3=7"
# The whole solution, as a model asked for a hint often writes it.
REPLY = (
    "先把常数项移到右边：$2x = 7 - 3$。\n合并同类项得 $2x = 4$。\n两边同时除以 2，得 $x = 2$。\n"
    "想一想，下一步该做什么？"
)
WORKING = ["7 - 3", "2x = 4", "x = 2", "除以 2"]


CHECKS = [
    pytest.param(("solving_steps", "compare_reply"), id="every-check"),
    pytest.param(("solving_steps",), id="steps"),
    pytest.param(("compare_reply",), id="answer-check"),
    pytest.param(("solve",), id="the-question-itself"),
]


@pytest.fixture(params=CHECKS)
def solver_times_out(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> list[str]:
    """The solver's worker runs out of time on these calls (as it does when the machine is busy):
    checks of a reply, or solving the question itself. The calls that ran out, by name."""
    real = _pool.call
    failing: tuple[str, ...] = request.param
    asked: list[str] = []

    def call(name: str, args: tuple[Any, ...], timeout: float | None = None) -> Any:
        if name in failing:
            asked.append(name)
            raise BudgetExceeded("计算超时（5 秒）")
        return real(name, args, timeout)

    monkeypatch.setattr(_pool, "call", call)
    return asked


async def test_a_hint_the_solver_cannot_check_shows_no_working(
    client: httpx.AsyncClient, model: ScriptedModel, solver_times_out: list[str]
) -> None:
    model.replies.append(REPLY)
    events = await ask(client, QUESTION, mode="提示")
    shown = answer_text(events)
    assert solver_times_out, "the guard asked the solver"
    for working in WORKING:
        assert working not in shown, shown
    assert "暂时没能用计算机核对" in shown and shown.rstrip().endswith("想一想，下一步该做什么？"), shown
    [notice] = [d["text"] for e, d in events if e == "notice" and d["kind"] == "withheld"]
    assert notice.startswith("回答里有 3 句") and "已隐藏" in notice, notice
    # what is stored (and shown again on reload) is what was shown
    turn = done(events)
    assert turn["answer"] == shown and all(w not in turn["answer"] for w in WORKING)


async def test_the_same_hint_checked_shows_its_first_step(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    # the contrast: with the solver answering, the first step stays and the rest is withheld
    model.replies.append(REPLY)
    shown = answer_text(await ask(client, QUESTION, mode="提示"))
    assert "$2x = 7 - 3$" in shown and "2x = 4" not in shown and "x = 2$" not in shown, shown


@pytest.mark.parametrize("solver_times_out", [("solving_steps",)], indirect=True, ids=["steps"])
async def test_offline_a_step_the_solver_cannot_check_is_named_not_shown(
    make_app: Any, solver_times_out: list[str]
) -> None:
    # Offline under a step ceiling the solver's own first step is shown, unless it is one operation
    # from the answer: a step it could not check is taken as such, and only its method is named.
    app = make_app(offline=True, help_ceiling="step")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        shown = answer_text(await ask(c, QUESTION))
    assert solver_times_out == ["solving_steps"]
    assert shown.startswith("提示：第一步是「") and "=" not in shown, shown
    await app.state.zuoye.aclose()
