"""compare_reply: find the final answer in a model's reply; "unknown" is never a false "disagree"."""

from __future__ import annotations

import pytest

from zuoye.math import Solution, compare_reply, solve

QUADRATIC = "解方程 x^2-5x+6=0"


@pytest.fixture(scope="module")
def quadratic() -> Solution:
    return solve(QUADRATIC)


@pytest.mark.parametrize(
    "reply",
    [
        "答：方程的解为 x₁=2，x₂=3。",
        "因式分解得 (x-2)(x-3)=0，所以 x=2 或 x=3。",
        "解得 $x_1 = 2$，$x_2 = 3$",
        "所以方程的两个根是 x=3 和 x=2",
        "The answer is x = 2 or x = 3.",
        "……\n最终答案：$x_{1}=2, x_{2}=3$",
        "\\boxed{x=2,\\ x=3}",
    ],
)
def test_roots_agree(quadratic: Solution, reply: str) -> None:
    verdict = compare_reply(quadratic, reply)
    assert verdict.status == "agree", verdict
    assert verdict.found


@pytest.mark.parametrize(
    "reply",
    [
        "答：方程的解为 x₁=2，x₂=4。",
        "所以 x=2。",
        "解得 x = -2 或 x = -3",
    ],
)
def test_roots_disagree(quadratic: Solution, reply: str) -> None:
    assert compare_reply(quadratic, reply).status == "disagree"


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "这道题我们先观察方程的结构。",
        "我们可以用因式分解法或者公式法来解这个方程，你想先试哪一种？",
        # An intermediate line without a marked answer is not evidence of a wrong answer.
        "先移项：x^2 - 5x = -6\n再配方……",
    ],
)
def test_no_answer_is_unknown(quadratic: Solution, reply: str) -> None:
    assert compare_reply(quadratic, reply).status == "unknown"


@pytest.mark.parametrize(
    ("question", "reply", "status"),
    [
        ("计算 1/2+1/3", "\\boxed{5/6}", "agree"),
        ("计算 1/2+1/3", "结果是 \\frac{5}{6}", "agree"),
        ("计算 1/2+1/3", "通分得 3/6+2/6=5/6，所以答案是 5/6。", "agree"),
        ("计算 1/2+1/3", "所以结果是 5/6 ≈ 0.833。", "agree"),
        ("计算 1/2+1/3", "所以结果约等于 0.833。", "agree"),  # only an approximation, and a right one
        ("计算 1/2+1/3", "所以结果约等于 0.84。", "disagree"),
        ("计算 1/2+1/3", "所以结果是 2/5 ≈ 0.833", "disagree"),  # the stated exact value wins
        ("计算 1/2+1/3", "答：2/5", "disagree"),
        ("计算 √12 + √27", "所以结果是 $5\\sqrt{3}$", "agree"),
        ("计算 √12 + √27", "所以结果是 √75", "agree"),
        ("求 ∫ cos x dx", "答案：sin x + C", "agree"),
        ("求 ∫ cos x dx", "答案：sin x + 5", "agree"),
        ("求 ∫ cos x dx", "答案：-sin x + C", "disagree"),
        ("解不等式 x^2-1>0", "所以解集为 x<-1 或 x>1", "agree"),
        ("解不等式 x^2-1>0", "所以解集为 (-∞,-1)∪(1,+∞)", "agree"),
        ("解不等式 x^2-1>0", "所以解集为 -1<x<1", "disagree"),
        ("解不等式 3x+1 ≤ 10", "所以 x ≤ 3", "agree"),
        ("解不等式 3x+1 ≤ 10", "所以 x < 3", "disagree"),
        ("解方程组 x+2y=8, 3x-y=3", "所以方程组的解是 x=2，y=3", "agree"),
        ("解方程组 x+2y=8, 3x-y=3", "所以 x=3，y=2", "disagree"),
        ("解方程 x^2+x+1=0", "Δ<0，所以方程没有实数根。", "agree"),
        ("求 f(x)=x^3-3x 的极值", "所以极大值为 2，极小值为 -2。", "agree"),
        ("求 24 和 36 的最大公约数", "答：最大公约数是 12。", "agree"),
        ("求 24 和 36 的最大公约数", "答：最大公约数是 6。", "disagree"),
    ],
)
def test_values(question: str, reply: str, status: str) -> None:
    verdict = compare_reply(solve(question), reply)
    assert verdict.status == status, verdict


def test_verdict_carries_what_was_found_and_why(quadratic: Solution) -> None:
    verdict = compare_reply(quadratic, "答：x=2 或 x=4")
    assert verdict.found and "4" in verdict.found
    assert verdict.detail
