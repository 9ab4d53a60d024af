"""Screening replies that may give no more than a hint or the next step.

The help ceiling is set by an adult. The system prompt tells the model, but a model can be talked
round, so each sentence of a hint-level reply is also compared with the solver's answer; a sentence
that states it is withheld before the student sees it.
"""

from __future__ import annotations

from zuoye import math as zmath

WITHHELD = "（这一句包含了最终答案，按照家长/老师设置的帮助上限已隐藏。）"


class AnswerGuard:
    def __init__(self, solution: zmath.Solution | None) -> None:
        self._solution = solution
        self.withheld = 0

    def screen(self, sentence: str) -> str:
        if self._solution is None or not sentence.strip():
            return sentence
        if zmath.compare_reply(self._solution, sentence).status == "agree":
            self.withheld += 1
            return WITHHELD
        return sentence
