"""The solver as Wenxin function-calling tools: `TOOLS` (the `functions` list) and `dispatch`.

Each tool is a typed Python function below; its JSON Schema (`parameters`) is derived from the
signature by pydantic, its description is written for ERNIE in Chinese, and `responses` (optional, see
`tool_specs`) comes from the TypedDict it returns. `dispatch(name, arguments)` takes the JSON string ERNIE sends
(or a dict), validates it against the same signature and always returns a JSON string —
`{"error": "..."}` for an unknown tool, malformed JSON, wrong argument types or a problem the
solver cannot do, so a bad call becomes a message the model can read and correct, never an
exception in the tutor's loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, validate_call
from typing_extensions import TypedDict

import zuoye.math as zmath
from zuoye.messages import say

_Expr = Annotated[
    str,
    Field(description="数学式子，可用 ASCII（x^2、sqrt(2)、pi）或 LaTeX（\\frac{1}{2}）", max_length=2000),
]


class SolveResult(TypedDict):
    answer: list[str]
    answer_latex: str
    steps: list[str]
    kind: str
    form: str
    approx: list[str]
    unit: str  # the answer's unit, to write after it (平方厘米); "" for none


class ValueResult(TypedDict):
    is_solution: bool


class EqualResult(TypedDict):
    equal: bool


class WorkingResult(TypedDict):
    ok: bool
    first_bad_line: int | None
    reason: str


def _solution(question: str) -> SolveResult:
    sol = zmath.solve(question, figure=False)  # the model is sent no figure: not drawn
    return {
        "answer": sol.answer,
        "answer_latex": sol.answer_latex,
        "steps": sol.steps,
        "kind": sol.kind,
        "form": sol.form,
        "approx": sol.approx,
        "unit": sol.unit,
    }


def solve_math_problem(
    question: Annotated[
        str,
        Field(
            description="完整的数学题目，原样照抄，例如“解方程 x^2-5x+6=0”“求 y=x^2 sin x 的导数”",
            max_length=2000,
        ),
    ],
) -> SolveResult:
    """精确求解一道数学题（计算、化简、因式分解、展开、解方程/方程组/不等式、求导、积分、极限、函数值、最值、
    最大公约数/最小公倍数、平均数/方差/中位数、排列组合、等差/等比数列、行列式），返回精确答案和解题步骤（用读者的语言写）。
    需要计算结果时一定调用它，不要自己心算。"""
    return _solution(question)


def evaluate_expression(expression: _Expr) -> SolveResult:
    """计算或化简一个式子（不含等号），得到精确值（分数、根号保留）或最简形式，例如 1/2+1/3、√12+√27、(x^2-4)/(x+2)。"""
    return _solution(f"化简 {expression}")


def solve_equation(
    equations: Annotated[
        list[Annotated[str, Field(max_length=500)]],
        Field(
            description='一个或多个方程/不等式，每个一项，例如 ["x+2y=8", "3x-y=3"] 或 ["x^2-1>0"]',
            min_length=1,
            max_length=6,
        ),
    ],
) -> SolveResult:
    """解方程、方程组、不等式或不等式组（实数范围），返回所有解（如 x=2）或解集（如 x>4），以及消元、移项等步骤。"""
    joined = ", ".join(equations)
    prefix = (
        "解方程组"
        if len(equations) > 1 and all("=" in e and not any(c in e for c in "<>≤≥") for e in equations)
        else "解"
    )
    return _solution(f"{prefix} {joined}")


def differentiate(
    expression: _Expr,
    variable: Annotated[str, Field(description="自变量，一个字母", pattern="^[a-zA-Z]$")] = "x",
    order: Annotated[int, Field(description="求几阶导数", ge=1, le=4)] = 1,
    at: Annotated[
        str, Field(description='求导数值时的自变量取值，例如 "2"；不求值则留空', max_length=100)
    ] = "",
) -> SolveResult:
    """求函数的导数（可指定阶数），或求某一点的导数值；步骤中说明所用的求导法则。"""
    words = {1: "", 2: "二阶", 3: "三阶", 4: "四阶"}[order]
    point = f"在 {variable}={at} 处" if at.strip() else ""
    return _solution(f"求 y = {expression} {point}的{words}导数，对 {variable} 求导")


def integrate(
    expression: _Expr,
    variable: Annotated[str, Field(description="积分变量，一个字母", pattern="^[a-zA-Z]$")] = "x",
    lower: Annotated[str, Field(description="积分下限；不定积分留空", max_length=100)] = "",
    upper: Annotated[str, Field(description="积分上限；不定积分留空", max_length=100)] = "",
) -> SolveResult:
    """求不定积分（原函数，答案不含 +C）或定积分（给出上下限），步骤中给出原函数和牛顿—莱布尼茨公式的代入。"""
    if lower.strip() and upper.strip():
        return _solution(f"∫_{{{lower}}}^{{{upper}}} ({expression}) d{variable}")
    if lower.strip() or upper.strip():
        raise zmath.ParseError(say("math.integral_both_limits"))
    return _solution(f"求不定积分 ∫ ({expression}) d{variable}")


def limit(
    expression: _Expr,
    to: Annotated[str, Field(description='自变量趋向的值，例如 "0"、"oo"（正无穷）、"-oo"', max_length=100)],
    variable: Annotated[str, Field(description="自变量，一个字母", pattern="^[a-zA-Z]$")] = "x",
    side: Annotated[
        str, Field(description='单侧极限："+" 右极限，"-" 左极限，留空为双侧', pattern="^[+-]?$")
    ] = "",
) -> SolveResult:
    """求函数的极限，步骤中说明属于哪种类型（直接代入、0/0 型、∞/∞ 型等）和所用方法。"""
    point = to.strip()
    return _solution(f"lim_{{{variable}->{point}{side}}} ({expression})")


def check_solution(
    problem: Annotated[str, Field(description='方程、方程组或不等式，例如 "x^2-5x+6=0"', max_length=2000)],
    value: Annotated[str, Field(description='要检验的值，例如 "x=3"、"3"、"x=2, y=3"', max_length=500)],
) -> ValueResult:
    """把一个值代入方程（组）或不等式检验它是不是解。"""
    return {"is_solution": zmath.check_value(problem, value)}


def compare_expressions(a: _Expr, b: _Expr) -> EqualResult:
    """判断两个式子是否恒等（例如 (x+1)^2 与 x^2+2x+1），或两个方程/不等式是否同解。"""
    return {"equal": zmath.expressions_equal(a, b)}


def check_working(
    lines: Annotated[
        list[Annotated[str, Field(max_length=500)]],
        Field(
            description='学生的解题过程，每行一个式子，例如 ["2x+3=7", "2x=4", "x=2"]',
            min_length=1,
            max_length=60,
        ),
    ],
) -> WorkingResult:
    """检查学生的解题过程：找出第一行不能由上一行推出的式子（first_bad_line 从 0 开始编号），并说明原因。"""
    result = zmath.check_working(lines)
    return {"ok": result.ok, "first_bad_line": result.first_bad_line, "reason": result.reason}


# -- specs -------------------------------------------------------------------------------------
_CONFIG = ConfigDict(coerce_numbers_to_str=True, extra="forbid")


@dataclass(frozen=True)
class _Tool:
    fn: Callable[..., Any]
    validated: Callable[..., Any]
    result_type: Any


def _clean(schema: Any) -> Any:
    """Drop pydantic's "title" noise; ERNIE reads descriptions, and every token counts."""
    if isinstance(schema, dict):
        return {k: _clean(v) for k, v in schema.items() if k != "title"}
    if isinstance(schema, list):
        return [_clean(v) for v in schema]
    return schema


def _parameters(fn: Callable[..., Any]) -> dict[str, Any]:
    adapter: TypeAdapter[Any] = TypeAdapter(fn)  # type: ignore[arg-type]  # pydantic reads a function's signature
    return adapter.json_schema()


def _spec(tool: _Tool, *, responses: bool, examples: bool) -> dict[str, Any]:
    doc = " ".join(line.strip() for line in (tool.fn.__doc__ or "").splitlines()).strip()
    spec: dict[str, Any] = {
        "name": tool.fn.__name__,
        "description": doc,
        "parameters": _clean(_parameters(tool.fn)),
    }
    if responses:
        spec["responses"] = _clean(TypeAdapter(tool.result_type).json_schema())
    example = _EXAMPLES.get(tool.fn.__name__)
    if examples and example:
        spec["examples"] = example
    return spec


def _example(
    name: str, question: str, arguments: dict[str, Any], result: dict[str, Any]
) -> list[dict[str, Any]]:
    return [
        {"role": "user", "content": question},
        {
            "role": "assistant",
            "content": None,
            "function_call": {"name": name, "arguments": json.dumps(arguments, ensure_ascii=False)},
        },
        {"role": "function", "name": name, "content": json.dumps(result, ensure_ascii=False)},
    ]


# Examples show ERNIE one correct call each; a test checks every example against the real tool.
_EXAMPLES: dict[str, list[dict[str, Any]]] = {
    "solve_math_problem": _example(
        "solve_math_problem",
        "帮我解一下方程 2x+3=7",
        {"question": "解方程 2x+3=7"},
        {"answer": ["x=2"], "answer_latex": "x = 2", "kind": "linear_equation"},
    ),
    "check_working": _example(
        "check_working",
        "我这样做对吗？2x+3=7，2x=4，x=3",
        {"lines": ["2x+3=7", "2x=4", "x=3"]},
        {"ok": False, "first_bad_line": 2},
    ),
}

_TOOLS: list[_Tool] = [
    _Tool(fn, validate_call(config=_CONFIG)(fn), rt)
    for fn, rt in (
        (solve_math_problem, SolveResult),
        (evaluate_expression, SolveResult),
        (solve_equation, SolveResult),
        (differentiate, SolveResult),
        (integrate, SolveResult),
        (limit, SolveResult),
        (check_solution, ValueResult),
        (compare_expressions, EqualResult),
        (check_working, WorkingResult),
    )
]
_BY_NAME = {t.fn.__name__: t for t in _TOOLS}


def tool_specs(*, responses: bool = False, examples: bool = True) -> list[dict[str, Any]]:
    """The `functions` list. `responses` schemas cost ~350 tokens of ERNIE's ~5k input, so they
    are off by default (the descriptions say what comes back); examples cost ~100 and help."""
    return [_spec(t, responses=responses, examples=examples) for t in _TOOLS]


TOOLS: list[dict[str, Any]] = tool_specs()


def _error(message: str, **extra: Any) -> str:
    return json.dumps({"error": message, **extra}, ensure_ascii=False)


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ())) or "arguments"
        parts.append(f"{where}: {err.get('msg', '')}")
    return say("math.tool.invalid_arguments", reason="; ".join(parts))


def dispatch(name: str, arguments: str | dict[str, Any] | None) -> str:
    """Run tool `name` with ERNIE's `arguments` (a JSON string or a dict); always returns JSON text."""
    tool = _BY_NAME.get(name) if isinstance(name, str) else None
    if tool is None:
        known = ", ".join(_BY_NAME)
        return _error(say("math.tool.unknown", name=name, known=known))
    if arguments is None or arguments == "":
        args: Any = {}
    elif isinstance(arguments, str):
        try:
            args = json.loads(arguments)
        except (json.JSONDecodeError, RecursionError) as exc:
            return _error(say("math.tool.invalid_json", reason=exc.msg if hasattr(exc, "msg") else exc))
    else:
        args = arguments
    if not isinstance(args, dict):
        return _error(say("math.tool.not_object"))
    try:
        result = tool.validated(**args)
    except ValidationError as exc:
        return _error(_describe(exc))
    except TypeError as exc:
        return _error(say("math.tool.invalid_arguments", reason=exc))
    except zmath.MathError as exc:
        return _error(exc.message, error_type=type(exc).__name__)
    except Exception as exc:  # the tool loop must always get an answer it can show the model
        return _error(say("math.tool.failed", kind=type(exc).__name__))
    return json.dumps(result, ensure_ascii=False)


__all__ = [
    "TOOLS",
    "check_solution",
    "check_working",
    "compare_expressions",
    "differentiate",
    "dispatch",
    "evaluate_expression",
    "integrate",
    "limit",
    "solve_equation",
    "solve_math_problem",
    "tool_specs",
]
