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
        ("求曲线 y = x^2 在点 (1, 1) 处的切线方程", "所以切线方程为 2x - y - 1 = 0。", "agree"),
        ("求曲线 y = x^2 在点 (1, 1) 处的切线方程", "所以切线方程为 y = 2x + 1。", "disagree"),
    ],
)
def test_values(question: str, reply: str, status: str) -> None:
    verdict = compare_reply(solve(question), reply)
    assert verdict.status == status, verdict


def test_verdict_carries_what_was_found_and_why(quadratic: Solution) -> None:
    verdict = compare_reply(quadratic, "答：x=2 或 x=4")
    assert verdict.found and "4" in verdict.found
    assert verdict.detail


# Replies the way a model writes them: Markdown, display maths, set-builder notation, cases.
REALISTIC = [
    (
        "解方程 x^2-5x+6=0",
        """我们来解这个方程：

$$x^2 - 5x + 6 = 0$$

**第一步：因式分解**

$$(x-2)(x-3) = 0$$

所以 $x - 2 = 0$ 或 $x - 3 = 0$，

解得 $x_1 = 2$，$x_2 = 3$。

**答案：** 方程的解为 $x_1 = 2, x_2 = 3$。""",
        "agree",
    ),
    ("求 y = x^2·sin(x) 的导数", "根据乘积法则……\n\n所以 $y' = 2x\\sin x + x^2\\cos x$。", "agree"),
    (
        "计算定积分 ∫_1^2 2x dx",
        "$$\\int_1^2 2x\\,dx = [x^2]_1^2 = 4 - 1 = 3$$\n\n因此，定积分的值为 **3**。",
        "agree",
    ),
    ("解不等式 x^2-1>0", "所以不等式的解集为 $\\{x \\mid x < -1 \\text{ 或 } x > 1\\}$。", "agree"),
    ("解不等式 x^2-1>0", "所以解集是 {x | x<-1 或 x>1}", "agree"),
    ("解方程组 x+2y=8, 3x-y=3", "解得 $\\begin{cases} x = 2 \\\\ y = 3 \\end{cases}$", "agree"),
    ("计算 1/2+1/3", "最终答案是 $\\boxed{\\frac{5}{6}}$", "agree"),
    (
        "计算 1/2+1/3",
        "### 解答\n1. 通分：$\\frac{1}{2}=\\frac{3}{6}$，$\\frac{1}{3}=\\frac{2}{6}$\n2. 相加：$\\frac{3}{6}+\\frac{2}{6}=\\frac{5}{6}$\n\n**所以结果是 $\\frac{5}{6}$。**",
        "agree",
    ),
    ("求 y = x^2 + 2x + 5 的最小值", "配方得 $y=(x+1)^2+4$，所以当 $x=-1$ 时，函数取得最小值 $4$。", "agree"),
    ("lim_{x→3} (x^2-9)/(x-3) = ?", "约分后代入 x=3，得极限为 6。", "agree"),
    ("求 24 和 36 的最大公约数", "24 和 36 的最大公约数是 **12**。", "agree"),
    ("解方程 |2x| = 6", "所以 $x = \\pm 3$。", "agree"),
    ("解方程 3(x+1) = 2x + 8", "去括号得 3x+3=2x+8，移项得 x=5。所以方程的解是 x=5。", "agree"),
    ("解方程 3(x+1) = 2x + 8", "去括号得 3x+3=2x+8，移项得 x=5。所以方程的解是 x=6。", "disagree"),
    ("计算 sin 30° + cos 60°", "sin 30° = 1/2，cos 60° = 1/2，所以原式 = 1/2 + 1/2 = 1。", "agree"),
    (
        "等比数列首项为3，公比为2，求第5项",
        "$a_5 = a_1 q^4 = 3 \\times 2^4 = 48$。\n\n答：第5项是48。",
        "agree",
    ),
]


@pytest.mark.parametrize(
    ("question", "reply", "status"), REALISTIC, ids=[f"{q}-{i}" for i, (q, _, _) in enumerate(REALISTIC)]
)
def test_realistic_replies(question: str, reply: str, status: str) -> None:
    verdict = compare_reply(solve(question), reply)
    assert verdict.status == status, verdict


def test_a_wrong_line_is_told_in_maths_not_sympy() -> None:
    verdict = compare_reply(solve("求曲线 y = x^2 在点 (1, 1) 处的切线方程"), "所以切线方程为 y = 2x + 1。")
    assert verdict.status == "disagree"
    assert "Eq(" not in verdict.detail and "*" not in verdict.detail
    assert "$y = 2 x - 1$" in verdict.detail
