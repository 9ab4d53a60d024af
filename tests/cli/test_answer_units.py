"""`zuoye ask` answers a question with units and π取3.14 as a student must write it — the unit in
the 答, π worked as 3.14, 答 once — offline (the local solver) and through the model (the
emulator, whose replies come from the same solver, then checked by the tutor)."""

from __future__ import annotations

from collections.abc import Callable

from tests.cli.conftest import Run

CIRCLE = "一个圆的半径是3厘米，求它的面积。（π取3.14）"


def test_offline_the_answer_has_its_unit_and_one_da(zuoye: Callable[..., Run]) -> None:
    r = zuoye("ask", CIRCLE)
    assert r.exit_code == 0, r.stderr
    assert "28.26 平方厘米" in r.stdout and "9π" not in r.stdout
    assert r.stdout.count("答") == 1


def test_through_the_model_the_answer_has_its_unit_and_is_checked(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str
) -> None:
    online(emulator)
    r = zuoye("ask", CIRCLE, "--json")
    assert r.exit_code == 0, r.stderr
    data = r.json()
    assert "$28.26$ 平方厘米" in data["answer"] and data["answer"].count("答") == 1
    assert data["checks"][-1]["status"] == "agree"  # 28.26 平方厘米 is read as the solver's 28.26
    assert any("一致（$28.26$ 平方厘米）" in n["text"] for n in data["notices"]), data["notices"]
