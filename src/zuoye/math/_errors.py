"""The solver's error tree. Every message comes from the catalogue (`zuoye.messages`, keys `math.*`),
in the reader's language, and says what to change.

    MathError                 anything the solver refuses or fails to do
    ├── ParseError            the text is not maths the parser understands (or is hostile: code, strings)
    ├── UnsupportedProblem    it parses, but the solver has no method for it (word problems, …)
    └── BudgetExceeded        too big or too slow: numbers, powers, nesting, input size, time, memory

The exceptions carry only plain strings, so they cross the worker-process boundary by pickling
and never hold a reference to user objects or secrets.
"""

from __future__ import annotations

from zuoye.errors import ZuoyeError
from zuoye.messages import say


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


def understands() -> str:
    """What the solver can do, added to "cannot tell what to do" messages so the reader knows what to try."""
    return say("math.understands")


ERROR_TYPES: dict[str, type[MathError]] = {
    cls.__name__: cls for cls in (MathError, ParseError, UnsupportedProblem, BudgetExceeded)
}
