"""`zuoye history ID` shows an answer that was regenerated (on the page) as the page does: the
question once, its latest answer, and how many versions there are; `--json` keeps every turn,
each with its `regenerated` flag."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.cli.conftest import Run, regenerated_on_the_page


def test_a_regenerated_answer_is_one_question_with_versions(
    zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = regenerated_on_the_page(zuoye, "解方程 2x+5=9")
    assert zuoye("ask", "--session", session, "解方程 3x-1=8").exit_code == 0

    shown = zuoye("history", session)
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.count("问：解方程 2x+5=9") == 1 and shown.stdout.count("问：") == 2
    assert "（已重新生成，共 2 个版本，下面是最新的" in shown.stdout
    assert shown.stdout.index("共 2 个版本") < shown.stdout.index("问：解方程 3x-1=8")

    data = zuoye("history", session, "--json").json()
    assert [t["question"] for t in data["turns"]] == ["解方程 2x+5=9", "解方程 2x+5=9", "解方程 3x-1=8"]
    assert [t["regenerated"] for t in data["turns"]] == [True, False, False]
    assert data["turns"][0]["answer"]  # the earlier version is kept

    monkeypatch.setenv("LANG", "en_US.UTF-8")
    english = zuoye("history", session)
    assert "(regenerated: 2 versions, the latest below" in english.stdout


def test_a_conversation_never_regenerated_shows_every_turn(zuoye: Callable[..., Run]) -> None:
    first = zuoye("ask", "--json", "解方程 2x+5=9").json()["session_id"]
    assert zuoye("ask", "--session", first, "解方程 2x+5=9").exit_code == 0  # asked twice, on purpose
    shown = zuoye("history", first).stdout
    assert shown.count("问：解方程 2x+5=9") == 2 and "重新生成" not in shown
