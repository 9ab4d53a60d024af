"""Screening replies that may give no more than a hint or the next step.

The help ceiling is set by an adult. The system prompt tells the model, but a model can be talked
round, so each sentence of a hint-level reply is also compared with the solver's answer; a sentence
that states it is withheld before the student sees it.
"""

from __future__ import annotations

from zuoye import math as zmath

# Said where the first withheld sentence stood; later ones are left out without a word (the
# notice at the end counts them): one line saying so is enough.
WITHHELD = "（这里有一句直接给出了答案，已隐藏。）"


class AnswerGuard:
    """`adult_limit`: the limit is an adult's ceiling (say so), not the student's own choice of 提示."""

    def __init__(self, solution: zmath.Solution | None, *, adult_limit: bool = False) -> None:
        self._solution = solution
        self._adult = adult_limit
        self.withheld = 0

    def screen(self, sentence: str) -> str:
        if self._solution is None or not sentence.strip():
            return sentence
        if zmath.compare_reply(self._solution, sentence).status == "agree":
            self.withheld += 1
            return WITHHELD if self.withheld == 1 else ""
        return sentence

    def notice(self) -> str:
        who = "家长或老师设置的帮助上限" if self._adult else "你选的提示模式"
        return f"回答里有 {self.withheld} 句直接给出了答案，按照{who}已隐藏。先试着自己做一做吧！"


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
