"""The solver's error tree. Every message is Chinese first, then English, and says what to change.

    MathError                 anything the solver refuses or fails to do
    ├── ParseError            the text is not maths the parser understands (or is hostile: code, strings)
    ├── UnsupportedProblem    it parses, but the solver has no method for it (word problems, …)
    └── BudgetExceeded        too big or too slow: numbers, powers, nesting, input size, time, memory

The exceptions carry only plain strings, so they cross the worker-process boundary by pickling
and never hold a reference to user objects or secrets.
"""

from __future__ import annotations

from zuoye.errors import ZuoyeError


class MathError(ZuoyeError):
    """Base class: the problem could not be solved. `str(exc)` is the user-facing message."""

    kind = "input"
    code = "math"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[type[MathError], tuple[str]]:
        return (type(self), (self.message,))


class ParseError(MathError):
    """The text could not be read as maths."""


class UnsupportedProblem(MathError):
    """The maths was read, but this kind of problem is not something the solver does."""


class BudgetExceeded(MathError):
    """The problem is too large (numbers, powers, nesting, input) or took too long to solve."""


# What the solver understands, appended to "cannot parse" messages so the user knows what to try.
UNDERSTANDS = (
    "能做：计算、化简、因式分解、展开、解方程(组)、解不等式(组)、求导、积分、极限、函数求值、最值、"
    "最大公约数/最小公倍数、平均数/方差/中位数、阶乘/排列/组合、等差/等比数列、行列式。"
    " / Understands: arithmetic, simplify, factor, expand, equations and systems, inequalities, "
    "derivatives, integrals, limits, function values, max/min, gcd/lcm, mean/variance/median, "
    "factorial/permutations/combinations, arithmetic/geometric sequences, determinants."
)

ERROR_TYPES: dict[str, type[MathError]] = {
    cls.__name__: cls for cls in (MathError, ParseError, UnsupportedProblem, BudgetExceeded)
}
