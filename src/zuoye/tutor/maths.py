"""The tutor's use of `zuoye.math`, off the event loop and never fatal.

The solver runs in its own worker with a time budget; here it is only awaited in a thread so a
slow solve never blocks other students' streams. A problem the solver cannot do is `None`, not an
error: the model still answers, just without a computer check.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from zuoye import math as zmath

log = logging.getLogger(__name__)


# Students wrap the maths in pleas ("…，我很着急，直接告诉我答案", "… just give me the answer"). When
# the whole question is not solved, the solver is tried once more without such clauses — only at
# either end of the question, and only clauses with no maths in them and no word that could change
# the maths (正, 整数, 保留, 平方…): dropping anything else would answer a different question.
_PIECE = re.compile(r"[，,。！？!?；;：:\n]+|\s+(?=[\u4e00-\u9fffA-Za-z]{2})")
_MATHS_CHARS = re.compile(r"[0-9+\-*/=<>^()\[\]{}|√∛°%×÷²³πα-ω]|(?<![A-Za-z'])[A-Za-z](?![A-Za-z'])")
_CONDITION_WORDS = re.compile(
    "正|负|整|实|自然|有理|无理|取|保留|精确|只|不|小于|大于|至少|至多|最|范围|区间|单位|分数|小数|近似|倍|"
    "平方|立方|次方|倒数|相反|绝对|根|加|减|乘|除|差|积|商|和|等于|其中|当|若|如果|已知|设|令|另|再|求值|化简|"
    "角|度|边|长|宽|高|面积|体积|周长|速度|时间|价|元|米|克|%"
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_MATH_WORDS_TEXT = (
    "sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh log ln lg exp sqrt lim int pi abs max min "
    "gcd lcm mod dx dy dt squared cubed plus minus times over divided equals power root half"
)
_MATH_WORDS = frozenset(_MATH_WORDS_TEXT.split())


def _is_chatter(piece: str) -> bool:
    if not piece.strip():
        return True
    if _MATHS_CHARS.search(piece) or _CONDITION_WORDS.search(piece):
        return False
    return not any(w.lower() in _MATH_WORDS for w in _LATIN_WORD.findall(piece))


def _candidates(question: str) -> list[str]:
    out = [question]
    bounds = [0]
    for mt in _PIECE.finditer(question):
        bounds += [mt.start(), mt.end()]
    bounds.append(len(question))
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    while pieces and _is_chatter(question[pieces[-1][0] : pieces[-1][1]]):
        pieces.pop()
    while pieces and _is_chatter(question[pieces[0][0] : pieces[0][1]]):
        pieces.pop(0)
    if pieces:
        trimmed = question[pieces[0][0] : pieces[-1][1]].strip()
        if trimmed and trimmed != question.strip():
            out.append(trimmed)
    return out


def solve_or_none(question: str) -> zmath.Solution | None:
    for candidate in _candidates(question):
        try:
            return zmath.solve(candidate)
        except zmath.BudgetExceeded as exc:
            log.debug("solver gave up: %s", exc)
            return None  # a smaller piece of the same problem would not be cheaper
        except zmath.MathError as exc:
            log.debug("solver declined %r: %s", candidate[:80], exc)
    return None


async def solve(question: str) -> zmath.Solution | None:
    return await asyncio.to_thread(solve_or_none, question)


def verdict(solution: zmath.Solution, reply: str) -> dict[str, Any]:
    v = zmath.compare_reply(solution, reply)
    label = {"agree": "已验算", "disagree": "不一致", "unknown": "未能验算"}[v.status]
    return {
        "status": v.status,
        "label": label,
        "found": v.found,
        "expected": list(solution.answer),
        "expected_latex": solution.answer_latex,
        "detail": v.detail,
    }


def format_solution(solution: zmath.Solution) -> str:
    """A classroom-style answer written from the solver's own steps (the offline answer)."""
    lines = ["解："]
    lines += [f"{i}. {step}" for i, step in enumerate(solution.steps, 1)]
    lines.append("")  # a blank line ends the numbered list, so 答 is not read as part of its last step
    lines.append(f"答：${solution.answer_latex}$")
    return "\n".join(lines)


def format_hint(solution: zmath.Solution, level: str) -> str:
    """What the help ceiling allows offline: the first step ("step") or only the method ("hint")."""
    steps = solution.steps[1:] or solution.steps  # the first step usually restates the problem
    first = steps[0] if steps else ""
    if level == "step":
        return f"提示：第一步，{first}\n\n接下来你能自己完成吗？做完可以用「批改」模式检查。"
    method = first.split("$", 1)[0].strip().rstrip("：:，,") or "先理清题目给的条件"
    return f"提示：可以从「{method}」入手。你能写出第一步吗？"


def format_review(lines: list[str], bad_index: int | None) -> str:
    """The offline 批改 answer: where the working first goes wrong, from the solver's line check."""
    if bad_index is None:
        return "批改：每一步都能由上一步得到，没有发现错误。"
    before = f"由第 {bad_index} 行「{lines[bad_index - 1]}」" if bad_index > 0 else "这一行"
    return (
        f"批改：第 {bad_index + 1} 行「{lines[bad_index]}」有错误：{before}推不出这一行。\n\n"
        "请检查这一步的计算，改正后再往下做。"
    )
