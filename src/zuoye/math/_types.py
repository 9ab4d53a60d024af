"""Result types. Plain strings and lists only, so they pickle across the worker boundary and
serialise to JSON as they are."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from zuoye.math._figure_types import Figure
from zuoye.messages import say

# How a solver's last sentence starts, in either language: the answer sentence (答：…) or the
# conclusion (所以 …), where the answer's unit goes. Read off the solver's own steps, which are
# said in the reader's language.
ANSWER_LABELS = ("答", "Answer:")
CONCLUDING = (*ANSWER_LABELS, "所以", "So ")


@dataclass(frozen=True)
class Solution:
    """A solved problem.

    `answer` holds SymPy-parseable strings: values ("19/12", "5*sqrt(2)"), one assignment per
    unknown or root ("x=2"), relations for inequalities ("x>4", "(x>-2)&(x<2)"); an empty list
    means "no (real) solution", which `answer_latex` and the last step say in words.
    `steps` are sentences in the reader's language (`zuoye.messages`) with inline LaTeX in $…$
    (display maths in $$…$$); the maths is the same in every language.
    `form` tells a checker what kind of answer it is: "value", "roots", "assignment",
    "relation", "expression", "factored", "expanded", "antiderivative" (equal up to a constant).
    """

    question: str
    kind: str
    steps: list[str]
    answer: list[str]
    answer_latex: str
    form: str = "value"
    approx: list[str] = field(default_factory=list)  # decimal forms of irrational/fraction answers
    variables: list[str] = field(default_factory=list)  # the unknowns, in answer order
    # What the computer understood the question to be, to show beside every check: a task word and
    # the maths it read ("解方程 $x^{2} - 4 x + 4 = 0$"). `reading` is that maths alone, one LaTeX
    # item per equation/expression, for comparing with how a model restated the question.
    understood: str = ""
    reading: list[str] = field(default_factory=list)
    # The answer's unit as the student writes it after the number (平方厘米, cm², 元); "" for none.
    unit: str = ""
    # A graph or number line of what was understood, every label computed by SymPy; None when
    # nothing in the question is graphable (see `_figure`).
    figure: Figure | None = None

    def worked(self) -> tuple[list[str], str]:
        """The steps, and the one 答 sentence that ends the answer: the solver's own when its last
        step is one (答：长方形的面积是 $40$ 平方厘米。), else 答： and the answer with its unit.
        Whoever shows a solution writes 答 from here, so it is written once."""
        if self.steps and self.steps[-1].startswith(ANSWER_LABELS):
            return self.steps[:-1], self.steps[-1]
        latex = self.answer_latex.strip()
        shown = f"${latex}$" if latex else say("math.step.comma").join(self.answer)
        return list(self.steps), say(
            "math.step.answer", answer=f"{shown}{' ' + self.unit if self.unit and shown else ''}"
        )

    def to_dict(self) -> dict[str, Any]:
        """What `zuoye solve --json` prints and the tools return."""
        data = asdict(self)
        return {
            "answer": data["answer"],
            "answer_latex": data["answer_latex"],
            "unit": data["unit"],
            "steps": data["steps"],
            "kind": data["kind"],
            "form": data["form"],
            "approx": data["approx"],
            "variables": data["variables"],
            "question": data["question"],
            "understood": data["understood"],
            "reading": data["reading"],
            "figure": self.figure.to_dict() if self.figure else None,
        }


@dataclass(frozen=True)
class SolvingStep:
    """A piece of maths in a reply that moves the question toward its answer (see `solving_steps`):
    where its span lies in the text, the piece as written, whether one operation at most is left
    between it and the answer (2x = 6 when the answer is x = 3), and whether it is the answer."""

    start: int
    end: int
    maths: str
    near: bool
    answer: bool = False


@dataclass(frozen=True)
class WorkingCheck:
    """The verdict on a student's working: `first_bad_line` is a 0-based index into the lines;
    `reason` is said in the caller's language (`zuoye.messages`), like every message of the solver."""

    ok: bool
    first_bad_line: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Verdict:
    """How a free-text reply's final answer compares with the solver's.

    `status` is "agree", "disagree" or "unknown" (no answer could be found or read: never
    reported as a disagreement). `found` is the answer text extracted from the reply; `detail`
    says why, in the caller's language (`zuoye.messages`).
    """

    status: Literal["agree", "disagree", "unknown"]
    found: str | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
