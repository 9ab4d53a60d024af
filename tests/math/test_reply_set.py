"""The safety bar of answer checking on the ERNIE-style reply set (tests/math/data/ernie_replies.jsonl).

Never mark a wrong answer 已验算, and flag at most 2% of right answers 不一致 — on the whole set,
held-out part included. The tuning part must also keep the issue's other goals (it is what the
reader was shaped on, so falling below them there is a regression). The held-out figures
themselves are reported by bench/bench_reply.py.
"""

from __future__ import annotations

import json

import pytest

from tests.math.ernie_replies import DATA, build, load
from tests.math.reply_figures import Figures, measure, solutions


@pytest.fixture(scope="module")
def figures() -> dict[str, Figures]:
    items = load()
    sols = solutions(items)
    return {part: measure([i for i in items if i["part"] == part], sols) for part in ("tune", "heldout")}


def test_the_stored_set_is_what_the_generator_writes() -> None:
    stored = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert stored == build(), "run `python -m tests.math.ernie_replies` after changing the generator"


def test_every_problem_is_checkable(figures: dict[str, Figures]) -> None:
    # The solver must solve every problem of the set, or its replies measure nothing.
    assert all(f.not_checkable == 0 for f in figures.values())


@pytest.mark.parametrize("part", ["tune", "heldout"])
def test_no_wrong_answer_is_verified(figures: dict[str, Figures], part: str) -> None:
    figs = figures[part]
    wrong = [(i["id"], v.found) for i, v in figs.misses if i["truth"] == "wrong" and v.status == "agree"]
    assert figs.wrong > 100
    assert figs.wrongly_verified == 0, wrong


@pytest.mark.parametrize("part", ["tune", "heldout"])
def test_right_answers_are_rarely_flagged(figures: dict[str, Figures], part: str) -> None:
    figs = figures[part]
    assert figs.right > 150
    assert figs.flagged <= 0.02 * figs.right, f"{figs.flagged} of {figs.right} right answers flagged"


def test_tuning_part_keeps_the_goals(figures: dict[str, Figures]) -> None:
    rows = figures["tune"].rows()
    assert rows["wrong caught %"] >= 95, rows
    assert rows["right confirmed %"] >= 95, rows
    assert rows["checkable unchecked %"] <= 5, rows
