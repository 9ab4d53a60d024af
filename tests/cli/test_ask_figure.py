"""`zuoye ask --json` offline (no key: the local solver answers) carries the figure of what the
solver understood in the last check, and `zuoye history --json` gives it back from the store."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.cli.conftest import Run


def test_ask_json_carries_the_figure_offline(zuoye: Callable[..., Run]) -> None:
    r = zuoye("ask", "解方程 x^2-5x+6=0", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    figure = data["checks"][-1]["figure"]
    assert figure["kind"] == "graph" and figure["curves"][0]["latex"] == "y = x^{2} - 5 x + 6"
    assert {(p["caption"], p["text"]) for p in figure["points"]} == {
        ("根", "(2, 0)"),
        ("根", "(3, 0)"),
        ("顶点", "(5/2, -1/4)"),
    }
    turns = zuoye("history", data["conversation_id"], "--json").json()["turns"]
    assert turns[-1]["checks"][-1]["figure"] == figure


def test_ask_json_has_no_figure_for_arithmetic(zuoye: Callable[..., Run]) -> None:
    data = json.loads(zuoye("ask", "计算 1/2+1/3", "--json").stdout)
    assert all("figure" not in c for c in data["checks"])
