"""The solver as Wenxin function-calling tools: the specs ERNIE reads and the dispatcher."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zuoye.math.tools import TOOLS, dispatch, tool_specs

CJK = re.compile("[\u4e00-\u9fff]")


def test_specs_have_the_shape_ernie_expects() -> None:
    names = [t["name"] for t in TOOLS]
    assert len(names) == len(set(names))
    for capability in (
        "solve_math_problem",  # solve a problem
        "evaluate_expression",  # evaluate / simplify
        "solve_equation",  # equation, system, inequality
        "check_solution",  # check a value
        "compare_expressions",  # compare two expressions
        "check_working",  # check working
    ):
        assert capability in names
    for tool in TOOLS:
        assert set(tool) <= {"name", "description", "parameters", "responses", "examples"}
        assert re.fullmatch(r"[a-z_]+", tool["name"])
        assert CJK.search(tool["description"]), "descriptions are Chinese, for ERNIE"
        params = tool["parameters"]
        assert params["type"] == "object"
        assert params["properties"]
        assert set(params.get("required", [])) <= set(params["properties"])
        for prop in params["properties"].values():
            assert prop.get("type") in {"string", "integer", "array"}
            assert "title" not in prop
    json.dumps(TOOLS, ensure_ascii=False)


def test_responses_are_available_on_request() -> None:
    full = tool_specs(responses=True)
    assert all(t["responses"]["type"] == "object" for t in full)
    assert all("responses" not in t for t in TOOLS)  # the default stays small for ERNIE's input limit
    assert all("examples" not in t for t in tool_specs(examples=False))


def test_examples_are_valid_conversations_that_match_the_real_tools() -> None:
    with_examples = [t for t in TOOLS if "examples" in t]
    assert with_examples
    for tool in with_examples:
        user, assistant, function = tool["examples"]
        assert user["role"] == "user" and user["content"]
        call = assistant["function_call"]
        assert assistant["role"] == "assistant" and call["name"] == tool["name"]
        assert function == {"role": "function", "name": tool["name"], "content": function["content"]}
        real = json.loads(dispatch(call["name"], call["arguments"]))
        shown = json.loads(function["content"])
        assert {k: real[k] for k in shown} == shown, "an example must not teach ERNIE a wrong result"


@pytest.mark.parametrize(
    ("name", "arguments", "expected"),
    [
        ("solve_math_problem", '{"question": "解方程 2x+3=7"}', {"answer": ["x=2"]}),
        ("solve_math_problem", {"question": "计算 1/2+1/3"}, {"answer": ["5/6"], "kind": "arithmetic"}),
        ("evaluate_expression", {"expression": "√12+√27"}, {"answer": ["5*sqrt(3)"]}),
        ("evaluate_expression", {"expression": "(x^2-4)/(x+2)"}, {"answer": ["x-2"]}),
        ("solve_equation", {"equations": ["x+2y=8", "3x-y=3"]}, {"answer": ["x=2", "y=3"]}),
        ("solve_equation", {"equations": ["x^2-1>0"]}, {"answer": ["(x<-1)|(x>1)"]}),
        ("solve_equation", {"equations": ["2x-1>3", "x+1<8"]}, {"answer": ["(x>2)&(x<7)"]}),
        ("differentiate", {"expression": "x^3"}, {"answer": ["3*x**2"]}),
        ("differentiate", {"expression": "x^3", "order": 2, "at": "2"}, {"answer": ["12"]}),
        ("differentiate", {"expression": "t^2", "variable": "t"}, {"answer": ["2*t"]}),
        ("integrate", {"expression": "2x", "lower": "1", "upper": "2"}, {"answer": ["3"]}),
        ("integrate", {"expression": "cos(x)"}, {"answer": ["sin(x)"], "form": "antiderivative"}),
        ("limit", {"expression": "sin(x)/x", "to": "0"}, {"answer": ["1"]}),
        ("limit", {"expression": "1/x", "to": "0", "side": "+"}, {"answer": ["oo"]}),
        ("limit", {"expression": "(3x+1)/x", "to": "oo"}, {"answer": ["3"]}),
        ("check_solution", {"problem": "x^2-5x+6=0", "value": "x=3"}, {"is_solution": True}),
        ("check_solution", {"problem": "x^2-5x+6=0", "value": "4"}, {"is_solution": False}),
        ("compare_expressions", {"a": "(x+1)^2", "b": "x^2+2x+1"}, {"equal": True}),
        ("check_working", {"lines": ["2x+3=7", "2x=4", "x=3"]}, {"ok": False, "first_bad_line": 2}),
        ("solve_math_problem", {"question": 17}, {"answer": ["17"]}),  # a number is read as its text
    ],
)
def test_dispatch_runs_each_tool(name: str, arguments: Any, expected: dict[str, Any]) -> None:
    result = json.loads(dispatch(name, arguments))
    assert "error" not in result, result
    assert {k: result[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("name", "arguments", "fragment"),
    [
        ("no_such_tool", {}, "solve_math_problem"),
        ("solve_math_problem", "{bad json", "JSON"),
        ("solve_math_problem", "[1, 2]", "对象"),
        ("solve_math_problem", "null", "对象"),
        ("solve_math_problem", {}, "question"),
        ("solve_math_problem", {"question": ["x"]}, "question"),
        ("solve_math_problem", {"question": "x", "extra": 1}, "extra"),
        ("differentiate", {"expression": "x", "order": 9}, "order"),
        ("differentiate", {"expression": "x", "variable": "xy"}, "variable"),
        ("integrate", {"expression": "x", "lower": "0"}, "上限"),
        ("solve_equation", {"equations": []}, "equations"),
        ("solve_math_problem", {"question": "9^9^9^9"}, "预算"),
        ("solve_math_problem", {"question": "__import__('os')"}, "import"),
        ("solve_math_problem", {"question": "x" * 3000}, "question"),
    ],
)
def test_dispatch_turns_every_failure_into_an_error_result(name: str, arguments: Any, fragment: str) -> None:
    result = json.loads(dispatch(name, arguments))
    assert set(result) <= {"error", "error_type"}
    assert fragment in result["error"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from([t["name"] for t in TOOLS] + ["x"]),
    arguments=st.one_of(
        st.text(max_size=60),
        st.dictionaries(
            st.text(max_size=10), st.one_of(st.text(max_size=30), st.integers(), st.none()), max_size=3
        ),
    ),
)
def test_dispatch_never_raises_and_always_returns_json(name: str, arguments: Any) -> None:
    result = json.loads(dispatch(name, arguments))
    assert isinstance(result, dict)
