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


class Sentences:
    """Deltas regrouped into whole sentences. v1 ERNIE streams a sentence per event, but v2 and
    OpenAI-compatible servers stream a few characters at a time: an answer split over two deltas
    ("x=" then "2") would pass a screen that looks at one delta at a time."""

    _ENDS = "。！？!?；;\n"

    def __init__(self) -> None:
        self._held = ""

    def feed(self, text: str) -> list[str]:
        self._held += text
        cut = max(self._held.rfind(end) for end in self._ENDS)
        if cut < 0:
            return []
        done, self._held = self._held[: cut + 1], self._held[cut + 1 :]
        out, start = [], 0
        for i, ch in enumerate(done):
            if ch in self._ENDS:
                out.append(done[start : i + 1])
                start = i + 1
        return out

    def flush(self) -> str:
        rest, self._held = self._held, ""
        return rest
