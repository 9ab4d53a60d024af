"""Screening replies that may give no more than a hint or the next step.

The help ceiling is set by an adult (or the student chose 提示). The system prompt tells the model,
but a model can be talked round, and a model that "only hints" often writes the whole solution and
stops one line short of the answer. So each sentence of a hint-level reply is screened with the
solver before the student sees it:
- a sentence that states the answer (compared with the solver's) is withheld;
- of the maths that moves the question toward its answer (`zuoye.math.solving_steps`), the first
  step may stay; a second step, or any step one operation from the answer (2x = 6 when the answer
  is x = 3, (x-2)(x-3) = 0), is cut from the sentence, and so is all such maths after it.
Words with no such maths pass, so the question back to the student ("你会得到什么？") stays; if the
cut took it away, one is added at the end. What was withheld is said once where it stood, and once
in the notice at the end.

The guard fails closed: when the solver cannot look at a sentence (out of time or memory on a busy
machine: `zmath.BudgetExceeded`), its maths is withheld as a step would be, and so is every step
after it — a timeout never lets the worked answer through. Words with no maths in them still pass.
"""

from __future__ import annotations

import re

from zuoye import math as zmath
from zuoye.messages import say

# The first withheld text is replaced by a line saying so (hint.withheld_answer, or
# hint.withheld_steps); later ones are left out without a word (the notice at the end counts
# them): one line saying so is enough. A reply whose steps were cut ends with a question back
# (hint.ask_back) when the cut left none.

# Where a clause begins: a sentence is cut at the clause holding the step, not mid-formula.
_CLAUSE = re.compile(r"[，,；;：:]")
_QUESTION = re.compile(r"[？?]\s*$")
# A piece of text worth keeping before a cut: more than a joining word (所以, 得, 即).
_SUBSTANCE = re.compile(r"[\u4e00-\u9fff]{3,}|\$")
_RELATION_FORMS = ("roots", "assignment", "relation")
# Anything that may be maths (a digit, a letter, an operator, a formula's $ or \): what an unchecked
# sentence must not show. Chinese words alone cannot give the working away.
_MATHS = re.compile(r"[0-9A-Za-z$\\=+\-*/^×÷√²³≤≥<>≠±π()]")


class AnswerGuard:
    """`adult_limit`: the limit is an adult's ceiling (say so), not the student's own choice of 提示.
    `gave_up`: the solver ran out of time on the question itself (no `solution`): nothing can be
    checked, so every sentence's maths is withheld. Without a solution otherwise (not maths the
    solver reads), the reply passes: only the prompt holds it back."""

    def __init__(
        self, solution: zmath.Solution | None, *, adult_limit: bool = False, gave_up: bool = False
    ) -> None:
        self._solution = solution
        self._adult = adult_limit
        self._gave_up = gave_up and solution is None
        self.withheld = 0  # sentences withheld or cut
        self._answers = 0  # of which stated the answer
        self._unchecked = 0  # of which the solver could not look at
        self._steps_shown = 0
        self._cut = False  # a step or the answer was withheld: every later step is
        self._last = "\n"  # the last text shown: whether it asks the student, where it ends
        self._dropped = False  # the last sentence was left out whole
        self._newline = True  # the text shown so far ends a line

    def screen(self, sentence: str) -> str:
        """The sentence as the student may see it. Blocking (it asks the solver): call it off the
        event loop."""
        shown = self._screen(sentence)
        if not sentence.strip():
            shown = "" if self._dropped else sentence  # no blank lines where a sentence was left out
        else:
            self._dropped = not shown
        if shown.strip():
            self._last = shown
        self._newline = shown.endswith("\n") if shown else self._newline
        return shown

    def closing(self) -> str:
        """What ends the reply: a question back, when what was withheld took the model's away."""
        if not self._cut or _QUESTION.search(self._last.strip()):
            return ""
        return ("" if self._newline else "\n\n") + say("hint.ask_back")

    def _screen(self, sentence: str) -> str:
        if not sentence.strip():
            return sentence
        if self._solution is None:
            return self._withhold_unchecked(sentence) if self._gave_up else sentence
        try:
            steps = zmath.solving_steps(self._solution, sentence, strict=True)
            if any(s.answer for s in steps) or (
                self._states_answer(sentence) and not self._values_only(steps)
            ):
                return self._withhold_answer(sentence)
        except zmath.BudgetExceeded:  # the solver could not look in time: nothing of it is shown
            return self._withhold_unchecked(sentence)
        shown = 0
        for step in steps:
            if self._cut or step.near or self._steps_shown + shown >= 1:
                # The words before the cut stay when they lead up to this sentence's own first step
                # or to the reply's first maths ("想想能不能因式分解，"); before a later step they
                # name it ("2. 合并同类项：") and go with it.
                lead = shown > 0 or (self._steps_shown == 0 and not self._cut)
                cut = self._cut_at(sentence, step.start, max(s.end for s in steps), keep_lead=lead)
                try:
                    return self._withhold_answer(sentence) if self._states_answer(cut) else cut
                except zmath.BudgetExceeded:  # what the cut kept could not be checked
                    if not _MATHS.search(cut):
                        return cut
                    self._unchecked += 1
                    return self._withhold("", say("hint.withheld_unchecked"), sentence)
            shown += 1
        self._steps_shown += shown
        return sentence

    def _states_answer(self, text: str) -> bool:
        solution = self._solution
        if solution is None or not text.strip():
            return False
        # BudgetExceeded (out of time) goes to the caller, which withholds what it could not check
        return zmath.compare_reply(solution, text, strict=True).status == "agree"

    def _values_only(self, steps: list[zmath.SolvingStep]) -> bool:
        """A value equal to the answer (1/2 + 1/3 = 3/6 + 2/6) reads as the answer to the answer
        check, which evaluates it; the steps say whether the sentence writes the answer itself."""
        return bool(steps) and self._solution is not None and self._solution.form not in _RELATION_FORMS

    def _withhold_answer(self, sentence: str) -> str:
        self._answers += 1
        self._cut = True
        return self._withhold("", say("hint.withheld_answer"), sentence)

    def _withhold_unchecked(self, sentence: str) -> str:
        """The solver could not look at `sentence`: its maths is withheld, as a step would be, and
        every step after it (one step is all a hint may show, and this may have been it). Words
        alone pass; words leading up to the reply's first maths, and a question back, stay."""
        maths = [m.span() for m in _MATHS.finditer(sentence)]
        if not maths:
            return sentence
        self._unchecked += 1
        lead = not self._cut
        return self._cut_at(
            sentence, maths[0][0], maths[-1][1], keep_lead=lead, marker="hint.withheld_unchecked"
        )

    def notice(self) -> str:
        who = say("hint.who_adult") if self._adult else say("hint.who_own")
        if self._unchecked == self.withheld:
            what = say("hint.what_unchecked")
        elif self._answers == self.withheld:
            what = say("hint.what_answer")
        elif self._answers:
            what = say("hint.what_both")
        else:
            what = say("hint.what_steps")
        return say("hint.notice", count=self.withheld, what=what, who=who)

    # -- cutting ---------------------------------------------------------------------------------
    def _cut_at(
        self, sentence: str, start: int, end: int, *, keep_lead: bool, marker: str = "hint.withheld_steps"
    ) -> str:
        """Keep the sentence up to the clause holding the step at `start` (if `keep_lead`), and a
        question back at its end if that last clause holds no step (the last ends at `end`)."""
        self._cut = True
        clause = max((m.end() for m in _CLAUSE.finditer(sentence, 0, start)), default=0)
        kept = sentence[:clause] if keep_lead else ""
        if not _SUBSTANCE.search(kept):
            kept = ""
        last = max((m.end() for m in _CLAUSE.finditer(sentence)), default=0)
        tail = sentence[last:].strip()
        if last <= end or not _QUESTION.search(tail):
            tail = ""
        return self._withhold(kept.rstrip("，,；;：: "), say(marker), sentence, tail)

    def _withhold(self, kept: str, marker: str, sentence: str, tail: str = "") -> str:
        self.withheld += 1
        said = marker if self.withheld == 1 else ""
        end = "\n" if sentence.endswith("\n") and (kept or said or tail) else ""
        if not (kept or said or tail):
            return ""
        if kept and not said:
            kept += "……"  # the rest of the sentence was left out; the marker before said why
        return f"{kept}{said}{tail}{end}"


class Sentences:
    """Deltas regrouped into whole sentences. v1 ERNIE streams a sentence per event, but v2 and
    OpenAI-compatible servers stream a few characters at a time: an answer split over two deltas
    ("x=" then "2") would pass a screen that looks at one delta at a time. Display maths written
    over several lines ($$ … $$, \\[ … \\]) is one sentence: cut at its lines, a withheld line would leave the
    $$ on either side to take the words between them for maths. So is a line ending in a colon
    with the line it introduces: a withheld step takes its label with it."""

    _ENDS = "。！？!?；;\n"

    def __init__(self) -> None:
        self._held = ""

    def feed(self, text: str) -> list[str]:
        self._held += text
        out, start, display, i = [], 0, False, 0
        held = self._held
        while i < len(held):
            if held.startswith(("$$", "\\[", "\\]"), i):
                display = not display if held[i] == "$" else held[i + 1] == "["
                i += 2
                continue
            # a line ending in a colon introduces the next ("合并同类项：" then its formula)
            opens = held[i] == "\n" and held[start:i].rstrip().endswith(("：", ":"))
            if held[i] in self._ENDS and not display and not opens:
                out.append(held[start : i + 1])
                start = i + 1
            i += 1
        self._held = held[start:]
        return out

    def flush(self) -> str:
        rest, self._held = self._held, ""
        return rest
