"""The public surface other parts of zuoye code against (names may grow, not shrink)."""

from __future__ import annotations

import zuoye.math
import zuoye.math.tools

CONTRACT = {
    "solve",
    "Solution",
    "MathError",
    "ParseError",
    "UnsupportedProblem",
    "BudgetExceeded",
    "check_value",
    "expressions_equal",
    "check_working",
    "WorkingCheck",
    "compare_reply",
    "Verdict",
    "Figure",
}


def test_contract_names_are_exported() -> None:
    assert set(zuoye.math.__all__) >= CONTRACT
    assert {"TOOLS", "dispatch"} <= set(zuoye.math.tools.__all__)
    for name in zuoye.math.__all__:
        assert hasattr(zuoye.math, name)


def test_all_is_sorted() -> None:
    assert zuoye.math.__all__ == sorted(zuoye.math.__all__)
    assert zuoye.math.tools.__all__ == sorted(zuoye.math.tools.__all__)


def test_error_tree() -> None:
    for cls in (zuoye.math.ParseError, zuoye.math.UnsupportedProblem, zuoye.math.BudgetExceeded):
        assert issubclass(cls, zuoye.math.MathError)


def test_solution_to_dict() -> None:
    sol = zuoye.math.solve("解方程 x^2-5x+6=0")
    data = sol.to_dict()
    assert {"answer", "answer_latex", "steps", "kind"} <= set(data)
    assert data["answer"] == ["x=2", "x=3"]
    assert sol.kind == "quadratic_equation"
