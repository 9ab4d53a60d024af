"""What the computer understood, filled in on every solution (`Solution.understood`, `reading`).

A reader records the maths it acted on in `Problem.reading`; here that becomes a line for the
student with the task in words — "解方程 $x^{2} - 4 x + 4 = 0$", "已知 $x + y = 5$，…，求 … 的值" —
or, for readers that read by their own patterns, their first step or the question as written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from zuoye.math._ast import to_latex
from zuoye.math._errors import ParseError, UnsupportedProblem
from zuoye.math._parser import parse_items
from zuoye.math._problem import Problem
from zuoye.math._types import CONCLUDING, Solution
from zuoye.math._units import asked_unit, for_reader, with_unit
from zuoye.messages import say

# The task in words, by kind (message keys, said when the solution is made).
_TASK_WORDS = {
    "arithmetic": "math.step.task.arithmetic",
    "simplify": "math.step.task.simplify",
    "factor": "math.step.task.factor",
    "expand": "math.step.task.expand",
    "system": "math.step.task.system",
    "inequality": "math.step.task.inequality",
    "inequalities": "math.step.task.inequalities",
    "derivative": "math.step.task.derivative",
    "higher_derivative": "math.step.task.higher_derivative",
    "complex": "math.step.task.arithmetic",
    "check": "math.step.task.check",
    "function_value": "math.step.task.function_value",
    "substitution": "math.step.task.substitution",
    "coefficient": "math.step.task.coefficient",
    "extremum": "math.step.task.extremum",
    "simplify_evaluate": "math.step.task.simplify_evaluate",
    "conditional_value": "math.step.task.conditional_value",
}
# Kinds whose readers read the maths by their own patterns (lim, ∫, 首项为…): their first step
# restates the whole task, which says more than the bare expression would.
_RESTATED = frozenset({"limit", "integral", "definite_integral", "indefinite_integral", "determinant"})


def with_reading(p: Problem, sol: Solution) -> Solution:
    """Fill in what the computer understood: the reader's maths, or else its restating first step."""
    if any(re.search(r"\bnan\b|\bzoo\b|Piecewise|ConditionSet", a) for a in sol.answer):
        # SymPy's "it depends" (a=Piecewise((…, b<=-1), (nan, True))) is no answer for a student.
        raise UnsupportedProblem(say("math.depends_on_letters"))
    key = _TASK_WORDS.get(sol.kind) or ("math.step.task.equation" if "equation" in sol.kind else "")
    task = say(key) if key else ""
    first = sol.steps[0] if sol.steps else ""
    comma = say("math.step.comma")
    if p.reading and sol.kind in _GIVEN_ASKED:
        given = [r for r in p.reading if _RELATION_TEX.search(r)]
        asked = comma.join(f"${r}$" for r in p.reading if not _RELATION_TEX.search(r))
        value = sol.kind != "function_value"  # f(2) is asked as it is, not as "the value of f(2)"
        if given:
            key = "math.step.read.given_find_value" if value else "math.step.read.given_find"
            read = say(key, given=comma.join(f"${g}$" for g in given), asked=asked)
        else:
            read = say("math.step.read.find_value" if value else "math.step.read.find", asked=asked)
        first_simplify = say("math.step.read.simplify_first") if sol.kind == "simplify_evaluate" else ""
        understood = first_simplify + read
    elif p.reading and sol.kind not in _RESTATED:
        understood = (task + " " if task else "") + comma.join(f"${r}$" for r in p.reading)
    elif "$" in first and sol.kind not in _AS_WRITTEN:
        understood = first.rstrip("：:，, ")
    else:  # gcd, statistics: read by pattern from the question, which they account for entirely
        understood = " ".join(p.original.split())
    if p.conditions and p.reading:
        understood += comma + comma.join(f"${_condition_latex(c)}$" for c in p.conditions)
    if p.notes:
        understood += say("math.step.read.notes", notes=comma.join(p.notes))
    return _in_unit(replace(sol, understood=understood, reading=list(p.reading)), p)


def _in_unit(sol: Solution, p: Problem) -> Solution:
    """A value asked in a unit (还剩多少元, 面积是多少平方厘米) is answered in it: the unit goes
    after the number in the last step (答：… or 所以结果是 …) and into `Solution.unit`."""
    unit = for_reader(
        sol.unit
        or (asked_unit(p.prose or p.original) if sol.form == "value" and len(sol.answer) == 1 else "")
        or _sum_unit(sol, p)
    )
    if not unit:
        return sol
    steps = list(sol.steps)
    if steps and steps[-1].startswith(CONCLUDING):
        steps[-1] = with_unit(steps[-1], unit)
    return replace(sol, steps=steps, unit=unit)


def _sum_unit(sol: Solution, p: Problem) -> str:
    """5厘米+3厘米 is 8 厘米: a sum or difference of numbers in one unit is in that unit (a product
    or a quotient is not: 5厘米×3厘米 is 15 平方厘米, which is not said here)."""
    if sol.kind != "arithmetic" or not p.given_unit or len(sol.answer) != 1:
        return ""
    if any(re.search(r"\\times|\\div|\\cdot|\\frac|\\sqrt|[/*^%!]", r) for r in p.reading):
        return ""
    return p.given_unit


# Kinds read whole by a sentence pattern (数据 …的平均数, 首项为…求第5项, 正方形边长…): every word
# of the question is part of the match, so the question as written is what was understood.
_AS_WRITTEN = frozenset(
    {"gcd", "lcm", "gcd_lcm", "mean", "median", "mode", "variance", "std", "statistics", "word_problem"}
    | {"permutation", "combination", "arithmetic_sequence", "geometric_sequence"}
    | {"percentage", "right_triangle", "triangle_angle"}
)


# Kinds whose reading is conditions and what is asked: 已知 x+y=5，xy=6，求 x²+y² 的值.
_GIVEN_ASKED = frozenset({"conditional_value", "substitution", "simplify_evaluate", "function_value"})
_RELATION_TEX = re.compile(r"=|<|>|\\leq?(?![a-z])|\\geq?(?![a-z])|\\neq")


def _condition_latex(text: str) -> str:
    try:
        return "，".join(to_latex(n) for n in parse_items(text))
    except ParseError:
        return text
